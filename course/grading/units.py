"""What earns points: each step of a lesson, and each hidden test, all or nothing.

A unit's points are awarded only when every one of its tests passed (a parametrized test
counts as one test per input). A unit with a test that cannot run on this backend (a
wire-only test on mock) earns nothing there: part of it was never checked.
"""

from dataclasses import dataclass

from course.errors import EXIT_SETUP, CourseError
from course.grading.hidden import HiddenTest
from course.lessons import Lesson


@dataclass(frozen=True)
class Unit:
    key: str  # stable id, e.g. "01.3" or "01.3.h1"
    lesson: int
    step: int
    title: str  # what students see: the step title, or a hidden test's visible description
    points: int
    tests: tuple[str, ...]  # test function names
    hidden: bool = False


def units_of(lessons: list[Lesson], hidden: list[HiddenTest]) -> list[Unit]:
    """Every unit of the graded lessons, in lesson and step order."""
    units = []
    for lesson in lessons:
        for step in lesson.steps:
            key = f"{lesson.label}.{step.number}"
            units.append(Unit(key, lesson.number, step.number, step.title, step.points, step.tests))
            extra = [h for h in hidden if h.lesson == lesson.number and h.step == step.number]
            units += [
                Unit(
                    f"{key}.h{index}",
                    lesson.number,
                    step.number,
                    test.description,
                    test.points,
                    (test.name,),
                    hidden=True,
                )
                for index, test in enumerate(extra, start=1)
            ]
        _check_hidden_steps(lesson, hidden)
    return units


def _check_hidden_steps(lesson: Lesson, hidden: list[HiddenTest]) -> None:
    for test in hidden:
        if test.lesson == lesson.number and not 1 <= test.step <= len(lesson.steps):
            raise CourseError(
                f"hidden.toml: {test.name} is in step {test.step} of lesson {lesson.label}, "
                f"which has steps 1 to {len(lesson.steps)}.",
                EXIT_SETUP,
            )


def unit_of(units: list[Unit], lesson: int | None, name: str, hidden: bool) -> Unit | None:
    """The unit a test result belongs to (parametrized ids are ignored)."""
    base = name.split("[", 1)[0]
    return next(
        (
            unit
            for unit in units
            if unit.lesson == lesson and unit.hidden == hidden and base in unit.tests
        ),
        None,
    )
