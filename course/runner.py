"""Run graded tests in a fresh pytest process and read back the recorded results."""

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from course.lessons import Lesson
from course.paths import KIT_ROOT

PER_TEST_TIMEOUT_S = 20
OUTPUT_TAIL = 1500


@dataclass
class TestResult:
    nodeid: str
    lesson: int | None
    name: str
    description: str
    outcome: str  # passed, failed, error or skipped
    message: str = ""
    duration: float = 0.0
    app_error: bool = False

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"


@dataclass
class TestRun:
    tests: list[TestResult] = field(default_factory=list)
    problem: str = ""  # set when pytest itself could not run or report

    def app_error(self) -> str:
        """The message when the app could not even be imported, else ''."""
        broken = [t for t in self.tests if t.app_error]
        return broken[0].message if broken else ""


def run_tests(
    lessons: list[Lesson],
    target: Path,
    backend: str = "mock",
    *,
    env: dict | None = None,
    timeout_s: float = 600,
) -> TestRun:
    """Run the graded tests of `lessons` against the app in `target`.

    The tests, their conftest and the pytest settings come from the lessons' own course
    folder (the kit), never from the target, so an app cannot change how it is tested.
    """
    folders = [str(lesson.tests_dir) for lesson in lessons if lesson.tests_dir.is_dir()]
    if not folders:
        return TestRun()
    course_root = lessons[0].root
    with tempfile.TemporaryDirectory(prefix="course-run-") as scratch:
        results_file = Path(scratch) / "results.json"
        command = [
            sys.executable, "-m", "pytest", *folders,
            "-c", str(course_root / "pyproject.toml"), "--rootdir", str(course_root),
            "-p", "course.plugin", "--course-results", str(results_file),
            "--target", str(target), "--backend", backend,
            "--timeout", str(PER_TEST_TIMEOUT_S),
            "-p", "no:cacheprovider", "-q", "--no-header", "-rN",
        ]  # fmt: skip
        try:
            finished = subprocess.run(
                command,
                cwd=scratch,
                env=_environment(env),
                capture_output=True,
                text=True,
                timeout=timeout_s,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            return TestRun(problem=f"The tests did not finish within {timeout_s:.0f} s.")
        return _read_results(results_file, finished)


def _environment(extra: dict | None) -> dict:
    env = {**os.environ, **(extra or {})}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(KIT_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # A student's .env must not redirect the tests to their own database.
    env.pop("MONGO_URI", None)
    return env


def _read_results(results_file: Path, finished: subprocess.CompletedProcess) -> TestRun:
    try:
        data = json.loads(results_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        output = (finished.stdout + finished.stderr)[-OUTPUT_TAIL:]
        return TestRun(problem=f"The tests stopped before they could report:\n{output}")
    run = TestRun(tests=[TestResult(**test) for test in data["tests"]])
    if data["collection_errors"]:
        run.problem = "Some tests could not be loaded:\n" + "\n".join(data["collection_errors"])
    return run
