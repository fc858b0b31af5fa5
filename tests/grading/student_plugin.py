"""A pytest plugin that runs a student's own tests against their app, whole or broken.

Loaded by grading.student_runs with `-p grading.student_plugin`, in a process of its own.
Its settings come in environment variables, removed as soon as they are read:
COURSE_STUDENT_APP (the folder holding starter_app/), COURSE_STUDENT_MUTANT (a pickled
Mutant, or empty for the unchanged app) and COURSE_STUDENT_RESULTS (a file to write to).
Before the student's conftest.py is imported, it loads `starter_app` from that folder and
wraps `create_app` (see grading.mutant_runtime); then it writes one JSON line per event
to the results file, so a run that is killed part-way still says how far it got.
"""

import json
import os
import pickle
import sys
from pathlib import Path

import pytest

from grading import mutant_runtime, mutations
from grading.student_runs import APP_ENV, MUTANT_ENV, RESULTS_ENV
from grading.target import APP_PACKAGE, AppLoadError, load_app_factory

MESSAGE_CHARS = 600


class Recorder:
    """Writes what happens in the run, as JSON lines, to the results file."""

    def __init__(self, results: Path, stats: mutant_runtime.Stats):
        self.results = results
        self.stats = stats
        self.outcomes: dict[str, str] = {}

    def send(self, record: dict) -> None:
        with self.results.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(record) + "\n")

    def pytest_collectreport(self, report):
        if report.failed:
            message = report.longreprtext[-MESSAGE_CHARS:]
            self.send({"kind": "collection_error", "nodeid": report.nodeid, "message": message})

    def pytest_collection_finish(self, session):
        self.send({"kind": "collected", "count": len(session.items)})

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
    mutant_file = os.environ.pop(MUTANT_ENV, "")
    results = Path(os.environ.pop(RESULTS_ENV))
    mutant = pickle.loads(Path(mutant_file).read_bytes()) if mutant_file else None
    mutant_runtime.intercept_mongomock()
    recorder = Recorder(results, mutant_runtime.Stats())
    early_config.pluginmanager.register(recorder, "course-student-recorder")
    try:
        load_app_factory(folder)
    except AppLoadError as error:
        recorder.send({"kind": "app_error", "message": str(error)})
        return
    recorder.stats = mutant_runtime.break_factory(sys.modules[APP_PACKAGE], mutant)
