"""Lesson 12, steps 1 and 2: your own tests of the reviews, checked against broken versions.

Your tests (student_tests/test_*.py) run first against your app as it is, where all must
pass, then against versions of your app broken on purpose, where at least one must fail.
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
