"""Grade a student's own tests by the broken versions of their app that those tests catch.

The student writes pytest tests in `student_tests/`, next to `starter_app/`. A graded test
runs them (each run is `pytest student_tests/` in a process of its own, on the student's
app loaded from the target folder):
1. against their app as it is: every test must pass (a test that fails on a working app
   cannot tell working from broken);
2. against each mutant (grading.mutations): at least one test must fail, i.e. catch it.

Use it from a lesson's graded tests in a few lines:

    from grading.review_mutants import REVIEW_MUTANTS
    from grading.student_tests import StudentTests

    student_tests = StudentTests(REVIEW_MUTANTS)

    def test_your_tests_pass_on_your_app(target_folder):
        \"\"\"Your tests in student_tests/ pass on your app\"\"\"
        student_tests.expect_pass(target_folder)

    @pytest.mark.parametrize("mutant", REVIEW_MUTANTS, ids=str)
    def test_your_tests_catch_a_broken_app(target_folder, mutant):
        \"\"\"Your tests notice when the reviews are broken\"\"\"
        student_tests.expect_caught(target_folder, mutant)

The first call runs the unchanged app and every mutant side by side (about a second each,
in parallel) and keeps the report for the rest of the session; the others only read it.
Results come from the plugin's own file and pytest-timeout; a run that hangs is killed.
"""

from pathlib import Path

from grading.mutations import Mutant
from grading.student_records import SuiteRun, short_name
from grading.student_runs import STUDENT_TESTS, Limits, portable, run_all

LISTED_FAILURES = 3
STARTER_FIXTURES = f"the app, client and db fixtures of {STUDENT_TESTS}/conftest.py"


class StudentTests:
    """The student's tests, checked against their app and against these mutants."""

    def __init__(self, mutants: list[Mutant], limits: Limits | None = None):
        names = [mutant.name for mutant in mutants]
        if len(set(names)) != len(names):
            raise ValueError(f"Two mutants share a name: {names}")
        for mutant in mutants:
            portable(mutant)  # fail now, at import, if a mutant cannot reach the tests
        self.mutants = list(mutants)
        self.limits = limits or Limits()
        self._reports: dict[Path, dict[str, SuiteRun]] = {}

    def runs(self, folder: Path) -> dict[str, SuiteRun]:
        """Every run for this submission by mutant name ("" = the unchanged app), once."""
        folder = Path(folder).resolve()
        if folder not in self._reports:
            runs = run_all(folder, self.mutants, self.limits)
            self._reports[folder] = {run.mutant: run for run in runs}
        return self._reports[folder]

    def expect_pass(self, folder: Path) -> None:
        """Fail, with a beginner's message, unless the tests exist and pass on the app."""
        problem = not_passing(self.runs(folder)[""], self.limits)
        assert not problem, problem

    def expect_caught(self, folder: Path, mutant: Mutant) -> None:
        """Fail, with a beginner's message, unless the tests pass on the app but not on `mutant`."""
        if mutant not in self.mutants:
            raise ValueError(f"{mutant.name} is not one of the mutants given to StudentTests")
        runs = self.runs(folder)
        if not_passing(runs[""], self.limits):
            raise AssertionError(
                f"Your tests must first pass on your own app (see the test above); until then "
                f"they cannot show that they catch {mutant.description}."
            )
        problem = not_caught(mutant, runs[mutant.name], self.limits)
        assert not problem, problem


def not_passing(run: SuiteRun, limits: Limits) -> str:
    """Why the tests do not pass on the unchanged app ('' when they do)."""
    if run.status == "no_tests":
        return (
            f"No tests found in {STUDENT_TESTS}/: write at least one test function named "
            f"test_… in a file named test_….py there. {run.problem}".rstrip()
        )
    if run.status == "broken":
        return f"Your tests could not run: {run.problem}"
    if run.status == "timed_out":
        return _too_slow(run, limits)
    if run.status == "failed":
        listed = "\n".join(_failure_lines(run))
        return (
            "Your tests fail on your own app, so they cannot tell a working app from a broken "
            f"one. Fix these tests (or your app) first:\n{listed}"
        )
    return ""


def not_caught(mutant: Mutant, run: SuiteRun, limits: Limits) -> str:
    """Why the tests did not catch this mutant ('' when one of them failed on it)."""
    if run.status == "failed":
        return ""
    if run.status == "timed_out":
        return f"Against {mutant.description}: {_too_slow(run, limits)}"
    if run.status != "passed":
        return f"Your tests could not run against {mutant.description}: {run.problem}"
    return (
        f"Your tests did not catch {mutant.description}: every test passed on it. "
        f"To catch it, write {mutant.catch_with}.{_why_missed(run)}"
    )


def _why_missed(run: SuiteRun) -> str:
    if run.apps_built == 0:
        return (
            " (None of your tests built the app with create_app(), so no broken version "
            f"could be tried: use {STARTER_FIXTURES}.)"
        )
    if run.hits == 0:
        return " (None of your tests even reached the part that was broken.)"
    return " (Your tests reached the broken part, but no assertion noticed.)"


def _too_slow(run: SuiteRun, limits: Limits) -> str:
    which = f" ({run.unfinished} was still running)" if run.unfinished else ""
    return (
        f"Your tests did not finish within {limits.run_s:g} seconds and were stopped{which}. "
        "Is there an endless loop, or a wait for something that never comes?"
    )


def _failure_lines(run: SuiteRun) -> list[str]:
    lines = [f"- {short_name(nodeid)}: {_plain(message)}" for nodeid, message in run.failures]
    if len(lines) > LISTED_FAILURES:
        lines = [*lines[:LISTED_FAILURES], f"… and {len(lines) - LISTED_FAILURES} more."]
    return lines


def _plain(message: str) -> str:
    """A failure message on one line; pytest-timeout's own wording made plain."""
    if message.startswith("Failed: Timeout"):
        return "took too long and was stopped (an endless loop?)"
    first = message.strip().splitlines()[0] if message.strip() else "failed"
    return first.removeprefix("AssertionError: ")
