"""A pytest plugin that records each test's outcome as data for the course tool.

Loaded with `-p course.plugin --course-results FILE`; writes a JSON list when the
session ends. The tool renders that list; it never parses pytest's printed output.
"""

import json
import re
from pathlib import Path

import pytest

APP_LOAD_ERROR = "AppLoadError"
LESSON_FOLDER = re.compile(r"lesson(\d{2})")


def pytest_addoption(parser):
    parser.addoption("--course-results", default=None, help="write test results as JSON here")


def pytest_configure(config):
    path = config.getoption("--course-results")
    if path:
        config.pluginmanager.register(ResultRecorder(Path(path)), "course-results")


class ResultRecorder:
    def __init__(self, path: Path):
        self.path = path
        self.results: dict[str, dict] = {}
        self.collection_errors: list[str] = []

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        record = self.results.setdefault(item.nodeid, _describe(item))
        if report.when == "call" or report.failed or report.skipped:
            record["outcome"] = _outcome(report, record["outcome"])
            record["duration"] += report.duration
        if report.failed and call.excinfo is not None:
            record["message"] = explain(call.excinfo, item.config)
            record["app_error"] = call.excinfo.typename == APP_LOAD_ERROR
        elif report.skipped and isinstance(report.longrepr, tuple):
            record["message"] = report.longrepr[2].removeprefix("Skipped: ")

    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(f"{report.nodeid}: {report.longreprtext[-800:]}")

    def pytest_sessionfinish(self, session):
        data = {"tests": list(self.results.values()), "collection_errors": self.collection_errors}
        self.path.write_text(json.dumps(data), encoding="utf-8")


def _describe(item) -> dict:
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip().splitlines()
    folder = LESSON_FOLDER.search(item.nodeid)
    return {
        "nodeid": item.nodeid,
        "lesson": int(folder.group(1)) if folder else None,
        "name": getattr(item, "originalname", item.name),
        "description": doc[0] if doc else item.name,
        "outcome": "passed",
        "message": "",
        "duration": 0.0,
        "app_error": False,
    }


def _outcome(report, previous: str) -> str:
    if report.failed:
        return "failed" if report.when == "call" else "error"
    if report.skipped:
        return "skipped"
    return previous


def explain(excinfo, config) -> str:
    """A beginner's message for a failure: the assertion text, or where the app raised."""
    error = excinfo.value
    if excinfo.typename == APP_LOAD_ERROR:
        return str(error)
    if isinstance(error, AssertionError):
        text = str(error).split("\nassert ", 1)[0].strip()
        return text or "A check failed without a message."
    if excinfo.typename == "Failed":
        text = str(error)
        if text.startswith("Timeout"):
            return (
                "This test took too long and was stopped. Is there an endless loop, or a "
                "query waiting for a database that is not there?"
            )
        return text
    from grading.target import where_in_target  # the tests' helper, on the tests' path

    target = Path(config.getoption("--target"))
    return f"Your app raised {excinfo.typename}: {error}{where_in_target(error, target)}."
