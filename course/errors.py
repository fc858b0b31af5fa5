"""Errors the tool reports as one clear line instead of a traceback."""

# Exit codes: 0 all good, 1 something failed (tests, invariants), 2 wrong use, 3 broken setup.
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_SETUP = 3
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report it


class CourseError(Exception):
    """A problem the user can fix; the message says how."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE):
        super().__init__(message)
        self.exit_code = exit_code


def os_error_message(error: OSError) -> str:
    """What the system refused, on which path, and what to look at."""
    if error.filename is None:
        return f"{error.strerror or error}; check the paths you gave and the free disk space."
    return f"{error.strerror or error}: {error.filename}; check that path and your rights on it."
