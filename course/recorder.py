"""What the test process tells the tool: signed records of each test, and checks.

The records (see course.channel): the tests collected, each test's start and result (or
the error that made pytest itself stop during it), and checks of the test machinery (see
course.integrity). The tool trusts a result only once a later check found the machinery
unchanged.
"""

import contextlib
import os
import re
import shutil

import pytest

from course.channel import ChannelWriter, read_key
from course.explain import APP_LOAD_ERROR, SETTING_ERROR, explain, where_it_stopped
from course.integrity import Guard

SKIPPED_BY_CODE = (
    "This test was skipped from inside the app (pytest.skip was called while it ran). A "
    "graded test only counts when it runs: remove that call."
)
LESSON_FOLDER = re.compile(r"lesson(\d{2})")
# Tests between two checks of the machinery, at most; there is also one after the last test
# of every file. A check after every test cost about a quarter of the grading's CPU (2.5 ms
# each, 400 tests); the price of fewer is that a process that dies between two checks
# loses the results since the last one (os._exit checks first: see Recorder.check_at_exit).
CHECK_EVERY = 10


def start_recording(session, channel: int, key_fd: int) -> "Recorder":
    """In a forked child: read the secret, then record as a fresh run would."""
    recorder = Recorder(ChannelWriter(channel, read_key(key_fd)))
    session.config.pluginmanager.register(recorder, "course-recorder")
    recorder.pytest_collection_finish(session)
    return recorder


class Recorder:
    def __init__(self, writer: ChannelWriter):
        self.writer = writer
        self.guard: Guard | None = None
        self.current: dict = {}
        self.unchecked = 0  # results sent since the last check

    def pytest_collectreport(self, report):
        if report.failed:
            self.writer.send(collection_error(report))

    def pytest_collection_finish(self, session):
        forget = session.config.getoption("--course-forget")
        if forget:  # hidden tests are imported now: the app must not find their files
            shutil.rmtree(forget, ignore_errors=True)
        for item in session.items:
            self.writer.send({"kind": "collected", **describe(item)})
        # After collection, before the first test: no app code has run yet.
        self.guard = Guard(session.config, session.items)
        self.check_at_exit()
        self.writer.send({"kind": "collection_done", "count": len(session.items)})

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_protocol(self, item, nextitem):
        self.writer.send({"kind": "start", "nodeid": item.nodeid})
        self.current = {**describe(item), "outcome": "passed", "message": "", "duration": 0.0,
                        "app_error": False}  # fmt: skip
        outcome = yield
        if outcome.excinfo is not None:  # pytest ends the run here: this test has no result
            error = where_it_stopped(outcome.excinfo[1])
            self.writer.send({"kind": "stopped", "nodeid": item.nodeid, "error": error})
            with contextlib.suppress(Exception):  # what changed, for the reason's sake
                # First undo what the fixtures did (pytest skipped the teardown), or the
                # check would report their patches as changes.
                item.ihook.pytest_runtest_teardown(item=item, nextitem=None)
            with contextlib.suppress(Exception):
                self.check()
            return
        self.writer.send({"kind": "result", **self.current})
        self.unchecked += 1
        last_of_its_file = nextitem is None or nextitem.path != item.path
        if last_of_its_file or self.unchecked >= CHECK_EVERY:
            self.check()

    def check(self) -> None:
        """Say whether the machinery is unchanged: the results since the last check count
        only if it is."""
        changed = self.guard.changes() if self.guard else ["the integrity snapshot is missing"]
        self.writer.send({"kind": "checked", "tampered": changed})
        self.unchecked = 0

    def check_at_exit(self) -> None:
        """An app that ends the process with os._exit() keeps the results before it: the
        exit checks the machinery first. Only in this process: a child forked from it
        (gunicorn's, a student's test run) has no business writing to the channel."""
        real_exit, owner = os._exit, os.getpid()

        def exit_after_a_check(status):
            if os.getpid() == owner and self.unchecked:
                with contextlib.suppress(Exception):
                    self.check()
            real_exit(status)

        os._exit = exit_after_a_check

    def finish(self) -> None:
        """The last check, then the record that says the run ended normally."""
        if self.unchecked:
            self.check()
        self.writer.send({"kind": "end"})

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        record = self.current
        # Decided from the exception pytest caught, not from the report object alone.
        failed = call.excinfo is not None and not call.excinfo.errisinstance(pytest.skip.Exception)
        skipped = call.excinfo is not None and not failed
        skipped_by_code = skipped and not _skip_asked_for(item, call.when)
        if skipped_by_code:  # app code called pytest.skip: that must not hide a failure
            failed, skipped = True, False
        if call.when == "call" or failed or skipped:
            record["outcome"] = _outcome(call.when, failed, skipped, record["outcome"])
            record["duration"] += call.duration
        if skipped_by_code:
            record["message"] = SKIPPED_BY_CODE
        elif failed:
            record["message"] = explain(call.excinfo, item.config)
            # A setting the app refuses stops it as surely as an import error: one message.
            record["app_error"] = call.excinfo.typename in (APP_LOAD_ERROR, SETTING_ERROR)
        elif skipped and isinstance(report.longrepr, tuple):
            record["message"] = report.longrepr[2].removeprefix("Skipped: ")

    def pytest_sessionfinish(self, session):
        self.finish()


def collection_error(report) -> dict:
    """The record of a test file that cannot be imported: where, and the end of why."""
    return {"kind": "collection_error", "nodeid": report.nodeid,
            "message": report.longreprtext[-800:]}  # fmt: skip


def describe(item) -> dict:
    """Where a test belongs and the line a student sees for it (its docstring's first line)."""
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip().splitlines()
    folder = LESSON_FOLDER.search(item.nodeid)
    return {
        "nodeid": item.nodeid,
        "lesson": int(folder.group(1)) if folder else None,
        "name": getattr(item, "originalname", item.name),
        "description": doc[0] if doc else item.name,
    }


def _skip_asked_for(item, when: str) -> bool:
    """A skip the test's own marks ask for (wire-only tests on mock, a skip or skipif mark).
    pytest applies those before the test's fixtures run, so before any app code."""
    marked = item.get_closest_marker("skip") or item.get_closest_marker("skipif")
    return when == "setup" and marked is not None


def _outcome(when: str, failed: bool, skipped: bool, previous: str) -> str:
    if failed:
        return "failed" if when == "call" else "error"
    if skipped:
        return "skipped"
    return previous
