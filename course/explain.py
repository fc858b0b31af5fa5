"""A beginner's message for a failed test: the assertion's text, or where the app raised.

Also the one line that says where the test process itself stopped, when it does.
"""

from pathlib import Path

from course.hangs import timed_out
from course.interrupts import AppStop

APP_LOAD_ERROR = "AppLoadError"
# What the app's config.py raises for a setting in .env it cannot use.
SETTING_ERROR = "SettingError"


def explain(excinfo, config) -> str:
    """A beginner's message for a failure: the assertion text, or where the app raised."""
    error = excinfo.value
    text = text_of(error)
    if excinfo.typename == APP_LOAD_ERROR:
        return text
    if isinstance(error, AssertionError):
        return text.split("\nassert ", 1)[0].strip() or "A check failed without a message."
    from grading.target import where_in_target  # the tests' helper, on the tests' path

    target = Path(config.getoption("--target"))
    if excinfo.typename == "Failed":
        if timed_out(excinfo):
            # pytest-timeout stops the test where it was: in the app's code, that is the loop.
            where = where_in_target(error, target)
            return (
                f"This test took too long and was stopped{where}. "
                "Is there an endless loop, or a query waiting for a database that is not there?"
            )
        return text
    if excinfo.typename == SETTING_ERROR:  # the fix is in .env, not where the app raised
        return f"{text}. Fix it in .env, then check again."
    if isinstance(error, AppStop):  # course.interrupts: not a Ctrl+C, not the tool's own
        return f"Your app {error.did}{where_in_target(error.__cause__, target)}. {error.why}"
    return f"Your app raised {excinfo.typename}: {text}{where_in_target(error, target)}."


def text_of(error: BaseException) -> str:
    """The error's message. The app's own exception class may fail to give one (its __str__
    raises): then the report says so, where a crash would have stopped the whole run."""
    try:
        return str(error)
    except Exception as failure:
        why = type(failure).__name__
        return f"its message cannot be shown, because its __str__ method raised {why}"


def where_it_stopped(error: BaseException) -> str:
    """The error that ended the run, and the file and line it was raised at: the app's
    (starter_app/__init__.py) when the app broke something the tool uses, else the tool's
    or pytest's own (course/recorder.py, _pytest/runner.py)."""
    entry = error.__traceback__
    while entry is not None and entry.tb_next is not None:
        entry = entry.tb_next
    where = ""
    if entry is not None:
        file = "/".join(Path(entry.tb_frame.f_code.co_filename).parts[-2:])
        where = f", at {file} line {entry.tb_lineno}"
    return f"{type(error).__name__}: {text_of(error)}{where}"
