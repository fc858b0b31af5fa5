"""The tests a batch expects from every submission, as collected before any app code ran."""

from course.errors import EXIT_SETUP, CourseError
from course.grading.tree import HIDDEN
from course.grading.units import Unit, unit_of


def mark_hidden(tests: list[dict]) -> list[dict]:
    """Flag the tests that come from the hidden folder."""
    return [{**test, "hidden": f"/{HIDDEN}/" in f"/{test['nodeid']}"} for test in tests]


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


def check_every_hidden_entry_has_a_test(tests: list[dict], units: list[Unit]) -> None:
    """A hidden.toml entry that names no hidden test would cost every student its points."""
    found = {(test["lesson"], test["name"].split("[", 1)[0]) for test in tests if test["hidden"]}
    missing = sorted(
        f"lesson {unit.lesson:02d}: {name}"
        for unit in units
        if unit.hidden
        for name in unit.tests
        if (unit.lesson, name) not in found
    )
    if missing:
        raise CourseError(
            "hidden.toml names tests that are not in the --tests folder (check each name and "
            "lesson, and that the file is in lessonNN/): " + ", ".join(missing),
            EXIT_SETUP,
        )
