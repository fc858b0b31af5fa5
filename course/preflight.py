"""`python -m course.preflight`: what `course run` does before it serves the app.

It loads the student's app, so it runs in a process of its own: import the app, build it,
then load the sample books into an empty database (which also proves the database answers).
When something goes wrong, the last line it prints says what and what to do, and the exit
code says whose it is: 1 the app's code, 3 the settings or the database. The student's own
traceback goes to stderr first, where it helps them find the line to fix.
"""

import importlib
import os
import sys
import traceback

import click
from pymongo.errors import ConfigurationError, ConnectionFailure, InvalidName, PyMongoError

from course.errors import EXIT_FAILED, EXIT_SETUP
from course.paths import APP_PACKAGE, KIT_ROOT

APP_DIR = KIT_ROOT / APP_PACKAGE
RUN_AGAIN = "then run `python -m course run` again"


class Problem(Exception):
    """Why the app cannot run, as one line, and the exit code that goes with it."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def load_factory():
    """The app's create_app, imported the way `flask --app starter_app` imports it."""
    if not (APP_DIR / "__init__.py").is_file():
        raise Problem(
            f"Your app does not load: {APP_PACKAGE}/__init__.py is missing (it holds "
            f"create_app()). Bring it back with `git checkout {APP_PACKAGE}/__init__.py`, or "
            "from a backup (`python -m course backups`).",
            EXIT_FAILED,
        )
    try:
        module = importlib.import_module(APP_PACKAGE)
    except Exception as error:  # whatever the student's code raises is theirs to see
        raise _app_error(error) from error
    if not callable(getattr(module, "create_app", None)):
        raise Problem(
            f"Your app does not load: {APP_PACKAGE}/__init__.py has no create_app() function.",
            EXIT_FAILED,
        )
    return module.create_app


def build_app(create_app):
    """create_app(), with a setting the app refuses reported as the setting's own line."""
    try:
        return create_app()
    except ConfigurationError as error:  # pymongo cannot use MONGO_URI (InvalidURI, ...)
        raise Problem(
            f"MONGO_URI in .env cannot be used: {error}. Write it as "
            "mongodb://HOST:PORT (or the mongodb+srv:// address Atlas gives), or leave it "
            f"empty for the embedded database; {RUN_AGAIN}.",
            EXIT_SETUP,
        ) from None
    except Exception as error:
        if type(error).__name__ == "SettingError":  # raised by config.py: the fix is in .env
            raise Problem(f"{error}. Fix it in .env, {RUN_AGAIN}.", EXIT_SETUP) from None
        if _deepest_app_file(error) == f"{APP_PACKAGE}/embedded.py":
            raise Problem(str(error), EXIT_SETUP) from None  # its message says what to do
        raise _app_error(error) from error


def seed(app) -> None:
    """`flask seed --if-empty`, in this process, so a database error can be explained."""
    try:
        with app.app_context():
            app.cli.main(["seed", "--if-empty"], prog_name="flask", standalone_mode=False)
    except click.UsageError:
        raise Problem(
            "Your app has no `flask seed` command: starter_app/db.py registers it in "
            "init_app() (app.cli.add_command(seed_command)).",
            EXIT_FAILED,
        ) from None
    except ConnectionFailure:
        raise Problem(_unreachable(), EXIT_SETUP) from None
    except InvalidName as error:
        raise Problem(
            f"MongoDB does not take the database name in .env: {error}. Check MONGO_DBNAME "
            f"(letters, digits and _ work; no spaces, dots or slashes), {RUN_AGAIN}.",
            EXIT_SETUP,
        ) from None
    except PyMongoError as error:
        raise Problem(
            f"MongoDB ({_server()}) refused to load the sample books: {error}. Check "
            "MONGO_URI in .env (the user name and password, the database name).",
            EXIT_SETUP,
        ) from None
    except Exception as error:
        raise _app_error(error, "failed while loading the sample books") from error


def _unreachable() -> str:
    if not os.environ.get("MONGO_URI", "").strip():
        return (
            "The embedded database does not answer: stop it with "
            f"`python -m {APP_PACKAGE}.embedded stop`, {RUN_AGAIN}."
        )
    return (
        f"Cannot reach MongoDB at {_server()}: start it, or empty MONGO_URI in .env to use "
        "the embedded database."
    )


def _server() -> str:
    """host:port of MONGO_URI, without the user name and password it may hold."""
    uri = os.environ.get("MONGO_URI", "").strip()
    if not uri:
        return "the embedded database"
    return uri.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]


def _app_error(error: BaseException, what: str = "does not load") -> Problem:
    """The student's traceback on stderr (only the frames of their app), then one line."""
    report = traceback.TracebackException.from_exception(error)
    report.stack = traceback.StackSummary.from_list(
        [frame for frame in report.stack if _in_app(frame.filename)]
    )
    print("".join(report.format()), file=sys.stderr, end="")
    where = _deepest_app_file(error)
    line = error.lineno if isinstance(error, SyntaxError) else _deepest_app_line(error)
    place = f" ({where}, line {line})" if where else ""
    detail = error.msg if isinstance(error, SyntaxError) else error  # its own text names the line
    return Problem(
        f"Your app {what}: {type(error).__name__}: {detail}{place}. Fix it, {RUN_AGAIN}.",
        EXIT_FAILED,
    )


def _app_frames(error: BaseException) -> list:
    return [f for f in traceback.extract_tb(error.__traceback__) if _in_app(f.filename)]


def _deepest_app_file(error: BaseException) -> str:
    if isinstance(error, SyntaxError) and _in_app(error.filename):
        return _relative(error.filename)
    frames = _app_frames(error)
    return _relative(frames[-1].filename) if frames else ""


def _deepest_app_line(error: BaseException) -> int | None:
    frames = _app_frames(error)
    return frames[-1].lineno if frames else None


def _in_app(filename: str | None) -> bool:
    return bool(filename) and os.path.realpath(filename).startswith(f"{APP_DIR.resolve()}{os.sep}")


def _relative(filename: str) -> str:
    return os.path.relpath(os.path.realpath(filename), KIT_ROOT.resolve()).replace(os.sep, "/")


def main() -> None:
    """Load, build and seed the app; on a problem, its line last and its exit code."""
    try:
        seed(build_app(load_factory()))
    except Problem as problem:
        print(problem)
        sys.exit(problem.exit_code)


if __name__ == "__main__":
    main()
