"""How `python -m course` ends: every known problem is one clear line and a meaningful
exit code (course.errors), never a traceback."""

import os
import sys

import click
from rich.markup import escape

from course import report
from course.cli import cli
from course.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_SETUP, CourseError, os_error_message
from course.theme import mark


def main() -> None:
    """Run the CLI; a known problem is one clear line and a meaningful exit code."""
    try:
        try:
            cli.main(prog_name="python -m course", standalone_mode=False)
        finally:
            sys.stdout.flush()  # so a reader that left early is found here, not at exit
    except BrokenPipeError:
        leave_quietly_after_the_reader_left()
    except CourseError as error:
        _say_failed(str(error))
        sys.exit(error.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        sys.exit(EXIT_INTERRUPTED)
    except OSError as error:  # a path in the way or not writable, a full disk: no traceback
        _say_failed(os_error_message(error))
        sys.exit(EXIT_SETUP)


def _say_failed(problem: str) -> None:
    """✘ and the problem, never split by rich at 80 columns when the output is a pipe or a
    log: a terminal wraps the line where it must, and `grep` finds it whole."""
    report.console().print(f"{mark('failed')} {escape(problem)}", soft_wrap=True)


def leave_quietly_after_the_reader_left() -> None:
    """The output went into a pipe that was closed early (`status | head -1`): there is no
    one left to tell, so stop without a traceback, as Python's documentation advises (the
    signal module, "Note on SIGPIPE")."""
    # Python flushes stdout once more at exit: pointed at devnull, that flush cannot fail.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    # Exit code 1, as Python, click and rich give for a closed pipe, so every command
    # agrees whichever of them met it first; not 141, which a shell reports only for a
    # process killed by SIGPIPE (Python ignores that signal, and should: restoring it
    # would also end the process when a socket closes).
    sys.exit(EXIT_FAILED)
