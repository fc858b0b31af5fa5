"""Grading a student's own tests with broken versions of their app (grading.student_tests).

Each submission here is state(6) plus a student_tests/ folder: the starter conftest of
docs/student_tests/ and one suite from fixtures/student_suites/ (named so that pytest
never collects them from this folder).
"""

import shutil
from pathlib import Path

import pytest

from course.compose import compose_state
from course.grading.sandbox import Limits as RunLimits
from course.lessons import Course
from course.paths import KIT_ROOT
from course.runner import run_pytest
from grading import student_runs
from grading.review_mutants import REVIEW_MUTANTS
from grading.student_runs import Limits, run_suite
from grading.student_tests import StudentTests

SUITES = Path(__file__).parent / "fixtures" / "student_suites"
STARTER = KIT_ROOT / "docs" / "student_tests"
BY_NAME = {mutant.name: mutant for mutant in REVIEW_MUTANTS}
QUICK = Limits(test_s=1, run_s=8)


@pytest.fixture(scope="module")
def state6(tmp_path_factory) -> Path:
    return compose_state(Course(), 6, tmp_path_factory.mktemp("state") / "state6")


@pytest.fixture
def submission(state6, tmp_path):
    """A submission folder: the finished app of lesson 06 and these student test files."""

    def make(*suites: str, conftest: bool = True) -> Path:
        folder = tmp_path / "submission"
        shutil.copytree(state6 / "starter_app", folder / "starter_app")
        tests = folder / "student_tests"
        tests.mkdir()
        if conftest:
            shutil.copyfile(STARTER / "conftest.py", tests / "conftest.py")
        for suite in suites:
            shutil.copyfile(SUITES / f"{suite}.py", tests / f"test_{suite}.py")
        return folder

    return make


def failure_of(check, *args) -> str:
    """The message `check` fails with ('' when it passes)."""
    try:
        check(*args)
    except AssertionError as error:
        return str(error)
    return ""


def test_good_tests_pass_and_catch_each_mutant_with_the_test_aimed_at_it(submission):
    folder = submission("good_reviews")
    graded = StudentTests(REVIEW_MUTANTS)
    assert failure_of(graded.expect_pass, folder) == ""
    for mutant in REVIEW_MUTANTS:
        assert failure_of(graded.expect_caught, folder, mutant) == "", mutant.name
    caught_by = {name: {nodeid.split("::")[1].split("[")[0] for nodeid, _ in run.failures}
                 for name, run in graded.runs(folder).items() if name}  # fmt: skip
    assert caught_by == {
        "saves_bad_rating": {"test_a_bad_rating_is_refused"},
        "forgets_reviews": {"test_a_good_review_is_saved"},
        "hides_reviews": {"test_the_page_shows_the_reviews"},
        "average_rounds_down": {"test_the_page_shows_the_average"},
        "unknown_book_crashes": {"test_reviewing_an_unknown_book_is_a_404"},
    }


def test_weak_tests_pass_but_let_the_mutants_survive_with_advice(submission):
    folder = submission("weak_reviews")
    graded = StudentTests(REVIEW_MUTANTS)
    assert failure_of(graded.expect_pass, folder) == ""
    for mutant in REVIEW_MUTANTS:
        message = failure_of(graded.expect_caught, folder, mutant)
        assert message.startswith(f"Your tests did not catch {mutant.description}: every test")
        assert f"To catch it, write {mutant.catch_with}." in message
    # Posting a good review reaches the dropped write; nothing else is ever reached.
    reached = failure_of(graded.expect_caught, folder, BY_NAME["forgets_reviews"])
    assert "reached the broken part, but no assertion noticed" in reached
    missed = failure_of(graded.expect_caught, folder, BY_NAME["average_rounds_down"])
    assert "None of your tests even reached the part that was broken" in missed


def test_tests_that_fail_on_a_working_app_are_reported_first(submission):
    folder = submission("failing_reviews")
    mutant = BY_NAME["forgets_reviews"]
    graded = StudentTests([mutant])
    message = failure_of(graded.expect_pass, folder)
    assert message.startswith("Your tests fail on your own app")
    assert "- test_failing_reviews.py::test_a_good_review_is_saved: the review page should " in (
        message
    )
    assert "test_the_book_list_loads" not in message
    caught = failure_of(graded.expect_caught, folder, mutant)
    assert caught.startswith("Your tests must first pass on your own app")
    assert mutant.description in caught


def test_a_missing_folder_or_no_test_functions_say_what_to_write(submission, tmp_path):
    graded = StudentTests(REVIEW_MUTANTS[:1])
    folder = submission()
    shutil.rmtree(folder / "student_tests")
    missing = failure_of(graded.expect_pass, folder)
    assert missing.startswith("No tests found in student_tests/: write at least one test")
    assert "There is no student_tests/ folder next to starter_app/." in missing
    (folder / "student_tests").mkdir()
    (folder / "student_tests" / "test_nothing.py").write_text("HELPER = 1\n")
    graded = StudentTests(REVIEW_MUTANTS[:1])
    assert failure_of(graded.expect_pass, folder) == (
        "No tests found in student_tests/: write at least one test function named test_… "
        "in a file named test_….py there."
    )


def test_a_test_that_never_ends_is_stopped_and_named(submission):
    """Stopped by the per-test timeout, as a rule: "took too long and was stopped".

    pytest-timeout's alarm fails the test by raising wherever the loop is, and a few
    places take that badly (3 runs in about 40, measured). In a finalizer (werkzeug's
    EnvironBuilder.__del__, run by client.get) Python ignores it and the loop goes on, until
    the run's own limit stops it; inside Flask's request context it can surface as an
    IndexError of Flask's. Each way, the run fails and names the test that never ends."""
    folder = submission("endless_loop")
    message = failure_of(StudentTests([], QUICK).expect_pass, folder)
    stopped = (
        "Your tests fail on your own app",
        f"Your tests did not finish within {QUICK.run_s:g} seconds and were stopped",
    )
    assert message.startswith(stopped), message
    assert "test_endless_loop.py::test_waits_forever" in message, message


def test_a_run_that_defeats_the_test_timeout_is_killed(submission):
    folder = submission()
    (folder / "student_tests" / "test_stubborn.py").write_text(
        "import signal\n\n\ndef test_ignores_alarms():\n"
        "    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n    while True:\n        pass\n"
    )
    graded = StudentTests([], Limits(test_s=1, run_s=5))
    message = failure_of(graded.expect_pass, folder)
    assert message.startswith("Your tests did not finish within 5 seconds and were stopped")
    assert "(student_tests/test_stubborn.py::test_ignores_alarms was still running)" in message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import nosuchmodule\n", "No module named 'nosuchmodule'"),
        ("import os\n\n\ndef test_leaves():\n    os._exit(0)\n", "the run stopped early"),
        # pytest still ends the session properly: the tests after it never ran, and the
        # one that would fail must not make the run look passed.
        (
            "import pytest\n\n\ndef test_quits():\n    pytest.exit('bye')\n\n\n"
            "def test_fails():\n    assert False\n",
            "the run stopped early (test_broken.py::test_quits was the last test to start)",
        ),
    ],
    ids=["import-error", "exits", "ends-the-session"],
)
def test_tests_that_cannot_run_are_reported(submission, source, expected):
    folder = submission()
    (folder / "student_tests" / "test_broken.py").write_text(source)
    message = failure_of(StudentTests([], QUICK).expect_pass, folder)
    assert message.startswith("Your tests could not run: ")
    assert expected in message


KILLS_ITS_PARENT = """import os
import signal
import time


def test_kills_the_process_it_was_forked_from():
    os.kill(os.getppid(), signal.SIGKILL)
    time.sleep(30)
"""


def test_a_run_that_kills_the_process_it_was_forked_from_costs_only_its_own_grade(submission):
    # Each run is forked from the session that collected the tests, never from the test
    # process that grades them: this one goes on, and says the student's tests broke
    # (the runs end with their session, so the waiting test never reports).
    folder = submission("good_reviews")
    (folder / "student_tests" / "test_killer.py").write_text(KILLS_ITS_PARENT)
    graded = StudentTests(REVIEW_MUTANTS)
    message = failure_of(graded.expect_pass, folder)
    assert message.startswith("Your tests could not run: the run stopped early"), message
    for mutant in REVIEW_MUTANTS:
        caught = failure_of(graded.expect_caught, folder, mutant)
        assert caught.startswith("Your tests must first pass on your own app"), caught


def test_without_fork_each_run_gets_a_process_of_its_own(submission, monkeypatch):
    monkeypatch.setattr(student_runs, "CAN_FORK", False)
    folder = submission("good_reviews")
    graded = StudentTests(REVIEW_MUTANTS)
    assert failure_of(graded.expect_pass, folder) == ""
    for mutant in REVIEW_MUTANTS:
        assert failure_of(graded.expect_caught, folder, mutant) == "", mutant.name
    run = run_suite(folder, None, QUICK)
    assert run.status == "passed" and run.collected == 8, run  # 5 tests, one for 4 ratings


def test_a_mutant_that_cannot_reach_the_tests_process_is_refused_at_once():
    from grading.mutations import Mutant, RewritePage

    broken = Mutant("inline", "a version", "a test", RewritePage("GET /", lambda t, r: t))
    with pytest.raises(TypeError, match="module-level functions, not lambdas"):
        StudentTests([broken])


def test_the_graded_example_runs_as_course_check_runs_it(submission, tmp_path):
    folder = submission("weak_reviews")
    project = tmp_path / "project"
    shutil.copytree(KIT_ROOT / "tests", project / "tests",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copyfile(KIT_ROOT / "pyproject.toml", project / "pyproject.toml")
    example = project / "tests" / "example"
    example.mkdir()
    shutil.copyfile(STARTER / "graded_example.py", example / "test_student_tests.py")
    run = run_pytest([example], project, folder, "mock", RunLimits(wall_s=120, test_s=20))
    assert not run.problem and not run.incomplete, run.problem or run.incomplete
    outcomes = {test.nodeid.rsplit("::", 1)[1]: test for test in run.tests}
    assert outcomes["test_your_tests_pass_on_your_app"].passed
    for mutant in REVIEW_MUTANTS:
        result = outcomes[f"test_your_tests_catch_a_broken_app[{mutant.name}]"]
        assert result.outcome == "failed"
        assert result.message.startswith(f"Your tests did not catch {mutant.description}")
        assert result.description == "Your tests notice when the reviews are broken"
