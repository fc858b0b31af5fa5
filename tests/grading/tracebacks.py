"""A pytest plugin: every frame of a failure's traceback gets a line number.

pytest-timeout stops an endless loop by raising where the loop was, and Python runs that
signal handler when a loop jumps back to its start. In Python 3.11 some of those jumps
have no line number (a `for` loop whose body ends in `raise`, as in urllib.parse), so the
frame stopped there has none either, and pytest, reporting the failure, crashes on it
(INTERNALERROR): the run ended there, and every later test went unreported. Such a frame
is given the line of the last instruction before it that has one: the end of the loop's
body, where the loop was.

Loaded by the graded tests' conftest.py and by grading.student_plugin (the runs of a
student's own tests).
"""

from types import TracebackType

import pytest


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    if call.excinfo is not None:
        error = call.excinfo.value
        give_every_frame_a_line(error)
        if call.excinfo.tb is not error.__traceback__:  # its first frame was replaced
            call.excinfo = pytest.ExceptionInfo.from_exception(error)
    yield


def give_every_frame_a_line(error: BaseException) -> None:
    """Fix the tracebacks of `error` and of the errors it was raised from or during."""
    waiting, seen = [error], set()
    while waiting:
        current = waiting.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        current.__traceback__ = _with_lines(current.__traceback__)
        waiting += [current.__cause__, current.__context__]


def _with_lines(head: TracebackType | None) -> TracebackType | None:
    """The same traceback, each frame without a line number replaced by one that has it."""
    if head is None:
        return None
    if head.tb_lineno is None:
        head = _with_a_line(head)
    entry = head
    while entry.tb_next is not None:
        if entry.tb_next.tb_lineno is None:
            entry.tb_next = _with_a_line(entry.tb_next)
        entry = entry.tb_next
    return head


def _with_a_line(entry: TracebackType) -> TracebackType:
    code = entry.tb_frame.f_code
    line = code.co_firstlineno
    for start, _end, number in code.co_lines():
        if start > entry.tb_lasti:
            break
        if number is not None:
            line = number
    return TracebackType(entry.tb_next, entry.tb_frame, entry.tb_lasti, line)
