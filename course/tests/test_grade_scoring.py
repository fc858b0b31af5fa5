"""How a step's points follow from its tests' outcomes (course.grading.score)."""

import pytest

from course.grading.score import UnitResult
from course.grading.units import Unit
from course.runner import TestResult as Outcome  # not collected as a test class

TESTS = ("test_init_db_says_what_it_did", "test_database_refuses_an_invalid_book")
STEP = Unit("11.1", lesson=11, step=1, title="The database checks books", points=3, tests=TESTS)


def _result(*outcomes: str) -> UnitResult:
    tests = [Outcome(f"tests/lesson11/test_schema.py::{name}", 11, name, name, outcome)
             for name, outcome in zip(STEP.tests, outcomes, strict=True)]  # fmt: skip
    return UnitResult(STEP, tests)


@pytest.mark.parametrize(
    ("outcomes", "status", "awarded"),
    [(("passed", "passed"), "passed", 3), (("passed", "failed"), "failed", 0),
     (("error", "skipped"), "failed", 0), (("skipped", "skipped"), "skipped", 0),
     # a wire-only test skipped on mock: half the step was never checked, so no points
     (("passed", "skipped"), "skipped", 0)],
)  # fmt: skip
def test_a_step_scores_only_when_every_test_ran_and_passed(outcomes, status, awarded):
    result = _result(*outcomes)
    assert (result.status, result.awarded) == (status, awarded)


def test_a_step_with_no_result_earns_nothing():
    assert (UnitResult(STEP).status, UnitResult(STEP).awarded) == ("failed", 0)
