"""Run graded tests in a fresh, limited pytest process and read back the signed results."""

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from course.grading.sandbox import Limits, clean_environment, run_sandboxed
from course.lessons import Lesson
from course.paths import KIT_ROOT
from course.records import collected, collection_errors, result_or_reason, trusted_results

PER_TEST_TIMEOUT_S = 20
# After a test has hung. The slowest graded test (gunicorn serving the app) takes about 2 s.
AFTER_A_HANG_S = 5
OUTPUT_TAIL = 1500
RESULT_FIELDS = ("nodeid", "lesson", "name", "description", "outcome", "message", "duration",
                 "app_error")  # fmt: skip


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
    incomplete: str = ""  # why some tests have no trusted result, else ''
    output: str = ""  # what the process printed (start and end)

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
    folders = [lesson.tests_dir for lesson in lessons if lesson.tests_dir.is_dir()]
    if not folders:
        return TestRun()
    limits = Limits(wall_s=timeout_s, test_s=PER_TEST_TIMEOUT_S, test_after_a_hang_s=AFTER_A_HANG_S)
    return run_pytest(folders, lessons[0].root, target, backend, limits, env=env)


def pytest_command(paths: list[Path], root: Path, target: Path, backend: str, limits: Limits):
    """pytest on `paths` with the settings and conftest of `root`, none of the target's."""
    after_a_hang = limits.test_after_a_hang_s
    return [
        sys.executable, "-m", "pytest", *map(str, paths),
        "-c", str(root / "pyproject.toml"), "--rootdir", str(root), "--confcutdir", str(root),
        "-p", "course.plugin", "-p", "pytest_timeout", "-p", "no:cacheprovider",
        # One word per option: pytest's first pass reads a lone folder argument as a
        # place to look for tests and would load that folder's tests/conftest.py.
        f"--target={target}", f"--backend={backend}", f"--timeout={limits.test_s}",
        *([f"--course-after-a-hang={after_a_hang}"] if after_a_hang else []),
        "-q", "--no-header", "-rN", "--tb=no", "--capture=no",
    ]  # fmt: skip


def tool_path(root: Path) -> list[Path]:
    """Where the test process imports the plugin from: the root's own copy when it has one."""
    return [root] if (root / "course" / "plugin.py").is_file() else [root, KIT_ROOT]


def run_pytest(
    paths: list[Path], root: Path, target: Path, backend: str, limits: Limits, *, env=None
) -> TestRun:
    """Run pytest under `limits` in a fresh working folder; every test it collected (before
    any app code ran) gets a trusted result or a reason."""
    command = pytest_command(paths, root, target, backend, limits)
    with tempfile.TemporaryDirectory(prefix="course-run-") as scratch:
        work = Path(scratch)
        outcome = run_sandboxed(
            command, work, clean_environment(work, tool_path(root), env), limits
        )
    return results_of(outcome, collected(outcome))


def results_of(outcome, expected: list[dict]) -> TestRun:
    """Every expected test with its trusted result, or an error that says why it has none."""
    if not expected:
        errors = "\n".join(collection_errors(outcome)) or outcome.output[-OUTPUT_TAIL:]
        return TestRun(problem=f"The tests stopped before they could report:\n{errors}")
    results, reason = trusted_results(outcome, expected)
    tests = [result_or_reason(test, results, reason) for test in expected]
    run = TestRun(
        tests=[TestResult(**{name: test[name] for name in RESULT_FIELDS}) for test in tests],
        incomplete=reason,
        output=outcome.output,
    )
    if collection_errors(outcome):
        run.problem = "Some tests could not be loaded:\n" + "\n".join(collection_errors(outcome))
    return run
