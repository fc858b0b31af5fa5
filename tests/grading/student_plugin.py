"""A pytest plugin that runs a student's own tests against their app, whole and broken.

Loaded by grading.student_runs with `-p grading.student_plugin`. Its settings come in
environment variables, removed as soon as they are read: COURSE_STUDENT_APP (the folder
holding starter_app/) and COURSE_STUDENT_RUNS (the runs' folders, one per mutant, as a
JSON list; a folder holding mutant.pickle runs that mutant, the others the unchanged app).
Before the student's conftest.py is imported, it loads `starter_app` from the submission
and wraps `create_app` (see grading.mutant_runtime). The tests are collected once; then
each run is a child forked from this process, with its own mutant, output and results
file (one JSON line per event, so a run killed part-way still says how far it got).
Where Python cannot fork, a process is started for each run, and runs it here.
"""

import json
import os
import pickle
import signal
import sys
import tempfile
import time
from pathlib import Path

import pytest

from grading import mutant_runtime, mutations, student_records
from grading.forked import CAN_FORK
from grading.student_runs import APP_ENV, MUTANT_FILE, RUNS_ENV
from grading.target import APP_PACKAGE, AppLoadError, load_app_factory

# A loop in a student's test, stopped by pytest-timeout, must not crash pytest's report.
pytest_plugins = ["grading.tracebacks"]
MESSAGE_CHARS = 600
POLL_S = 0.02


class Recorder:
    """Writes what happens in the run, as JSON lines, to the runs' results files: every
    run's until they part, then each run's own."""

    def __init__(self, runs: list[Path], deadline: float, stats: mutant_runtime.Stats):
        self.runs = runs
        self.deadline = deadline
        self.stats = stats
        self.outcomes: dict[str, str] = {}

    def send(self, record: dict) -> None:
        for run in self.runs:
            with (run / student_records.RESULTS).open("a", encoding="utf-8") as stream:
                stream.write(json.dumps(record) + "\n")

    def pytest_collectreport(self, report):
        if report.failed:
            message = report.longreprtext[-MESSAGE_CHARS:]
            self.send({"kind": "collection_error", "nodeid": report.nodeid, "message": message})

    def pytest_collection_finish(self, session):
        self.send({"kind": "collected", "count": len(session.items)})

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        """Part here: a child per run, each going on to run the tests (the default loop)."""
        if not session.items or session.testsfailed or not CAN_FORK:
            # No tests, or a test file that failed to import (the session stops there):
            # every run gets the same records. Without fork, this process is the one run.
            _become(self.runs[0], session)
            return None
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # whatever the tests' files set
        started = {}
        for run in self.runs:
            _flush()
            pid = os.fork()
            if pid == 0:
                self.runs = [run]
                _become(run, session)
                return None
            started[pid] = run
        _wait_for_runs(started, self.deadline)
        os._exit(0)  # the runs reported everything: nothing more is this process's to say

    def pytest_runtest_logstart(self, nodeid, location):
        self.send({"kind": "start", "nodeid": nodeid})

    def pytest_runtest_logreport(self, report):
        outcome = _outcome(report)
        if outcome and self.outcomes.get(report.nodeid) in (None, "passed", "skipped"):
            self.outcomes[report.nodeid] = outcome
            self.send({"kind": "result", "nodeid": report.nodeid, "outcome": outcome,
                       "message": short_message(report) if report.failed else ""})  # fmt: skip

    def pytest_sessionfinish(self, session):
        self.send({"kind": "end", "apps_built": self.stats.apps_built,
                   "hits": mutations.hits()})  # fmt: skip


def _flush() -> None:
    """What this process has printed so far, out before a fork: no run prints it again."""
    sys.stdout.flush()
    sys.stderr.flush()


def _become(run: Path, session) -> None:
    """This process is now `run`: its mutant, its output file, and its own folder (also for
    temporary files: pytest's tmp_path of one run must not clean up another's)."""
    mutant_file = run / MUTANT_FILE
    if mutant_file.is_file():
        mutant_runtime.use(pickle.loads(mutant_file.read_bytes()))
        # One failing test catches the mutant: the tests after it have nothing to add.
        session.config.option.maxfail = 1
    _flush()
    output = os.open(run / student_records.OUTPUT, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)
    os.chdir(run)
    os.environ["TMPDIR"] = str(run)
    tempfile.tempdir = None  # read TMPDIR again


def _wait_for_runs(started: dict[int, Path], deadline: float) -> None:
    """Until every run has ended or the deadline has passed; each one's exit code, or that
    its time ran out, is written to its folder (a run still going then is stopped)."""
    while started and time.monotonic() < deadline:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # reaped elsewhere: how they ended is unknown
            break
        if pid in started:
            student_records.write_status(started.pop(pid), os.waitstatus_to_exitcode(status))
        elif not pid:
            time.sleep(POLL_S)
    for pid, run in started.items():
        os.kill(pid, signal.SIGKILL)
        student_records.write_status(run, None)


def _outcome(report) -> str:
    """'passed', 'failed', 'error' or 'skipped' for one phase's report, '' if it says nothing."""
    if report.failed:
        return "failed" if report.when == "call" else "error"
    if report.skipped:
        return "skipped"
    return "passed" if report.when == "call" else ""


def short_message(report) -> str:
    """The line a student needs from a failure: the assertion, or the error raised."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash else str(report.longrepr)
    return text.split("\nassert ", 1)[0].strip()[:MESSAGE_CHARS]


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    """Load and break the app before the student's conftest.py imports it."""
    folder = Path(os.environ.pop(APP_ENV))
    runs = [Path(run) for run in json.loads(os.environ.pop(RUNS_ENV))]
    if not CAN_FORK:
        runs = runs[:1]  # a process was started for each run
    deadline = float(os.environ.pop(student_records.DEADLINE_ENV, "inf"))
    mutant_runtime.intercept_mongomock()
    recorder = Recorder(runs, deadline, mutant_runtime.Stats())
    early_config.pluginmanager.register(recorder, "course-student-recorder")
    try:
        load_app_factory(folder)
    except AppLoadError as error:
        recorder.send({"kind": "app_error", "message": str(error)})
        return
    recorder.stats = mutant_runtime.break_factory(sys.modules[APP_PACKAGE])
