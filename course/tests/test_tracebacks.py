"""A loop stopped by pytest-timeout where Python knows no line must not crash pytest.

Python 3.11 gives no line number to the jump back of some loops (a `for` whose body ends
in `if a and b: raise`, as in urllib.parse); pytest-timeout's alarm lands on that jump
more often than not, and pytest crashed on the frame (INTERNALERROR), ending the run.
"""

import inspect
import os
import subprocess
import sys
from types import TracebackType

import pytest

from course.paths import KIT_ROOT
from grading.tracebacks import give_every_frame_a_line


def _check_all(values, wanted):
    """urllib.parse's check of its arguments, in short: the loop's jump back has no line."""
    for value in values:
        if value and isinstance(value, str) != wanted:
            raise TypeError(value)
    return sys._getframe()


def _spin():
    while True:
        _check_all([0] * 1000, True)


# The code of both, for the files the tests below write.
NEVER_ENDS = f"import sys\n\n\n{inspect.getsource(_check_all)}\n\n{inspect.getsource(_spin)}"
RAISE_LINE = next(number for number, line in enumerate(inspect.getsourcelines(_check_all)[0],
                  _check_all.__code__.co_firstlineno) if "raise" in line)  # fmt: skip


def _entry_without_a_line() -> TracebackType:
    """A traceback entry stopped at an instruction that has no line number."""
    frame = _check_all([0], True)
    for start, _end, line in frame.f_code.co_lines():
        entry = TracebackType(None, frame, start, -1)  # -1: the line of that instruction
        if line is None and entry.tb_lineno is None:
            return entry
    pytest.skip("this Python gives every instruction of the loop a line number")


def test_the_frame_gets_the_line_where_the_loop_was():
    try:
        raise TimeoutError("stopped")
    except TimeoutError as stopped:
        error = stopped
    error.__traceback__.tb_next = _entry_without_a_line()
    error.__context__ = KeyError("raised while handling")
    error.__context__.__traceback__ = _entry_without_a_line()
    assert error.__traceback__.tb_next.tb_lineno is None

    give_every_frame_a_line(error)

    assert error.__traceback__.tb_next.tb_lineno == RAISE_LINE  # the end of the loop's body
    assert error.__traceback__.tb_next.tb_frame.f_code is _check_all.__code__
    assert error.__context__.__traceback__.tb_lineno == RAISE_LINE


def _pytest(*arguments: str, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(KIT_ROOT / "tests")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           *arguments], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)  # fmt: skip


def test_every_stopped_loop_is_reported_as_a_failure(tmp_path):
    (tmp_path / "test_loops.py").write_text(
        f"import pytest\n{NEVER_ENDS}\n\n@pytest.mark.parametrize('case', range(10))\n"
        "def test_never_ends(case):\n    _spin()\n"
    )
    run = _pytest("-p", "grading.tracebacks", "--timeout=0.05", cwd=tmp_path)
    assert "INTERNALERROR" not in run.stdout + run.stderr, run.stdout[-2000:]
    stopped = [line for line in run.stdout.splitlines()
               if line.startswith("FAILED test_loops.py::") and "Timeout" in line]  # fmt: skip
    assert len(stopped) == 10 and "10 failed" in run.stdout, run.stdout[-2000:]


def test_the_graded_tests_report_a_view_stopped_in_such_a_loop(state, tmp_path):
    app = state(0)
    pages = app / "starter_app" / "pages.py"
    pages.write_text(f"{pages.read_text()}\n{NEVER_ENDS}\n\n@bp.before_app_request\n"
                     "def never_answer():\n    _spin()\n")  # fmt: skip
    run = _pytest("tests/lesson00/test_setup.py::test_home_page_answers", f"--target={app}",
                  "--timeout=0.5", f"--basetemp={tmp_path / 'runs'}", cwd=KIT_ROOT)  # fmt: skip
    assert "INTERNALERROR" not in run.stdout + run.stderr, run.stdout[-2000:]
    assert "1 failed" in run.stdout and "Timeout" in run.stdout, run.stdout[-2000:]
