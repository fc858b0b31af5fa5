"""Build the app as it stands at a point of the course, from the lesson overlays.

The start of lesson N = state(N-1) + lesson N's scaffold.
state(N) = the start of lesson N + solutions/N, with state(0) = solutions/00 (the starter
app). So a solution overlay holds only what the student writes; files a scaffold hands
over complete (a stylesheet, a given template) are not repeated there.
"""

import shutil
from pathlib import Path

from course.errors import EXIT_SETUP, CourseError
from course.lessons import Course, Lesson

IGNORED_NAMES = {"__pycache__", ".pytest_cache", "instance"}


def overlay_files(folder: Path) -> list[Path]:
    """The files of an overlay folder, relative to it, skipping caches."""
    if not folder.is_dir():
        return []
    return sorted(
        path.relative_to(folder)
        for path in folder.rglob("*")
        if path.is_file()
        and not IGNORED_NAMES.intersection(path.relative_to(folder).parts)
        and path.suffix != ".pyc"
    )


def apply_overlay(folder: Path, destination: Path) -> list[Path]:
    """Copy an overlay's files into destination, replacing same-named files."""
    copied = overlay_files(folder)
    for relative in copied:
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / relative, target)
    return copied


def has_solutions(course_root: Path) -> bool:
    """False in a student copy (`course export --student`), which has no solutions/."""
    return (course_root / "solutions").is_dir()


def require_solutions(course: Course) -> None:
    """Commands that need our solutions say clearly when this is a student copy."""
    if not has_solutions(course.root):
        raise CourseError(
            "This copy of the course has no solutions/ folder (it is a student copy), so this "
            "command cannot run here: it needs the course's finished lessons. Ask your "
            "instructor for the solutions, or run it in the instructor's copy of the course.",
            EXIT_SETUP,
        )


def compose_state(course: Course, number: int, destination: Path) -> Path:
    """Write state(number): the finished app at the end of lesson `number`."""
    # Without solutions/ this would silently be the scaffolds alone: a wrong app.
    require_solutions(course)
    for lesson in course.up_to(number):
        apply_overlay(lesson.scaffold_dir, destination)
        apply_overlay(lesson.solution_dir, destination)
    return destination


def compose_lesson_start(course: Course, lesson: Lesson, destination: Path) -> Path:
    """Write the app as a student starts `lesson`: state(N-1) plus its scaffold."""
    compose_state(course, lesson.number - 1, destination)
    apply_overlay(lesson.scaffold_dir, destination)
    return destination
