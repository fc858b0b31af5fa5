"""The tests a batch expects from every submission, collected once without any app code."""

import tempfile
from pathlib import Path

from course.errors import EXIT_SETUP, CourseError
from course.grading.sandbox import Limits, clean_environment, run_sandboxed
from course.grading.tree import HIDDEN, TestTree
from course.grading.units import Unit, unit_of
from course.records import collected, collection_errors
from course.runner import pytest_command, tool_path

COLLECT_LIMITS = Limits(wall_s=120, test_s=60)


def expected_tests(tree: TestTree, backend: str) -> list[dict]:
    """Collect the pristine tests (the app is never imported while collecting)."""
    with tempfile.TemporaryDirectory(prefix="course-collect-") as scratch:
        root = tree.write(Path(scratch) / "tree")
        paths = [root / folder for folder in tree.test_dirs]
        command = [*pytest_command(paths, root, Path(scratch), backend, 60), "--collect-only"]
        outcome = run_sandboxed(
            command, Path(scratch), clean_environment(Path(scratch), tool_path(root)),
            COLLECT_LIMITS,
        )  # fmt: skip
    errors = collection_errors(outcome)
    tests = collected(outcome)
    if errors or not tests:
        detail = "\n".join(errors) or outcome.output[-1500:]
        raise CourseError(f"The graded tests cannot be collected:\n{detail}", EXIT_SETUP)
    for test in tests:
        test["hidden"] = f"/{HIDDEN}/" in f"/{test['nodeid']}"
    return tests


def check_every_test_scores(tests: list[dict], units: list[Unit]) -> None:
    """A test that earns nothing is a setup mistake: say which, before grading anyone."""
    orphans = sorted(
        {
            test["name"].split("[", 1)[0]
            for test in tests
            if not unit_of(units, test["lesson"], test["name"], test["hidden"])
        }
    )
    if orphans:
        raise CourseError(
            "These tests belong to no step (hidden ones need an entry in hidden.toml): "
            + ", ".join(orphans),
            EXIT_SETUP,
        )
