"""Check a student's app: run the graded tests and sort the results by lesson and step."""

from dataclasses import dataclass
from pathlib import Path

from course.errors import EXIT_SETUP, CourseError
from course.lessons import Course, Lesson
from course.paths import APP_PACKAGE
from course.progress import Progress
from course.results import LessonResult, group_by_lesson
from course.runner import TestRun, run_tests

# How a student gets back the course's tests after changing or deleting them.
RESTORE_TESTS = (
    "`git checkout -- tests` puts the course's tests back (or copy tests/ from a fresh copy "
    "of the course)."
)


@dataclass
class Check:
    run: TestRun
    results: list[LessonResult]

    def of(self, lesson: Lesson) -> LessonResult:
        return next(r for r in self.results if r.lesson.number == lesson.number)


def require_app(target: Path) -> None:
    """One clear error when the folder has no app to check."""
    if not (target / APP_PACKAGE / "__init__.py").is_file():
        raise CourseError(
            f"No app found: {target / APP_PACKAGE}/__init__.py does not exist. "
            "Run the command from the course folder, or restore starter_app/ from git.",
            EXIT_SETUP,
        )


def check_lessons(lessons: list[Lesson], target: Path, backend: str = "mock") -> Check:
    """Run the tests of the given lessons against the app in `target`."""
    require_app(target)
    require_tests(lessons)
    run = run_tests(lessons, target, backend)
    if run.problem:
        raise CourseError(run.problem, EXIT_SETUP)
    return Check(run, group_by_lesson(lessons, run))


def require_tests(lessons: list[Lesson]) -> None:
    """One clear error when a lesson's tests folder is gone (deleted by hand, say)."""
    for lesson in lessons:
        if not lesson.tests_dir.is_dir():
            raise CourseError(
                f"Lesson {lesson.label} cannot be checked: its tests folder, "
                f"{lesson.tests_dir.relative_to(lesson.root)}/, does not exist. "
                f"{RESTORE_TESTS}",
                EXIT_SETUP,
            )


def check_up_to(course: Course, lesson: Lesson, target: Path, backend: str = "mock") -> Check:
    """A lesson is checked together with every lesson before it, to catch regressions."""
    return check_lessons(course.up_to(lesson.number), target, backend)


def remember(progress: Progress, check: Check, attempted: Lesson | None = None) -> None:
    """Save what the check says about each step, if it says anything.

    An app that does not load fails every test without any step being tried: saving that
    would undo steps passed before, and restart their hints.
    """
    if not check.run.app_error():
        progress.record(check.results, attempted.label if attempted else None)
