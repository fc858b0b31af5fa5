"""Graded tests of a student's own tests: the reviews of lesson 06 as the example.

A lesson's graded tests (tests/lessonNN/test_*.py) contain exactly this, with that
lesson's mutants; course/tests/test_mutants.py runs this file as `course check` would.
"""

import pytest

from grading.review_mutants import REVIEW_MUTANTS
from grading.student_tests import StudentTests

student_tests = StudentTests(REVIEW_MUTANTS)


def test_your_tests_pass_on_your_app(target_folder):
    """Your tests in student_tests/ pass on your own app"""
    student_tests.expect_pass(target_folder)


@pytest.mark.parametrize("mutant", REVIEW_MUTANTS, ids=str)
def test_your_tests_catch_a_broken_app(target_folder, mutant):
    """Your tests notice when the reviews are broken"""
    student_tests.expect_caught(target_folder, mutant)
