"""`solution N [FILE]`: our finished files for a lesson, as a diff against the student's."""

import difflib
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click

from course.appfiles import pick_file
from course.compose import compose_state, overlay_files
from course.errors import EXIT_USAGE, CourseError
from course.lessons import Lesson
from course.project import Project
from course.scaffold import not_started


@dataclass
class FileDiff:
    path: Path  # starter_app/...
    missing: bool  # the student has no such file
    lines: list[str]  # a unified diff, yours -> ours; empty when they are the same


def attempted(project: Project, lesson: Lesson) -> bool:
    """Whether the student has checked this lesson (or passed a step of it) at least once."""
    return project.progress.attempted(lesson.label)


def may_reveal(project: Project, lesson: Lesson, yes: bool) -> bool:
    """Before a first attempt, ask; with no one to ask (not a terminal), refuse clearly."""
    if yes or attempted(project, lesson):
        return True
    not_yet, first = _not_tried(project, lesson)
    if not sys.stdin.isatty():
        raise CourseError(
            f"{not_yet}, so its solution stays hidden. {first}, or add --yes to see it.",
            EXIT_USAGE,
        )
    return click.confirm(
        f"{not_yet}: trying first teaches more. Show the solution anyway?", default=False
    )


def _not_tried(project: Project, lesson: Lesson) -> tuple[str, str]:
    """Why the solution is still hidden, and what to do first: start the lesson, or check it."""
    if not_started(project, lesson):
        return (
            f"Lesson {lesson.label} is not started yet",
            f"Start it (`python -m course start {lesson.number}`) and try it first",
        )
    return (
        f"You have not checked lesson {lesson.label} yet",
        f"Try it first (`python -m course check {lesson.number}`)",
    )


def solution_diffs(project: Project, lesson: Lesson, file: str | None = None) -> list[FileDiff]:
    """One diff per file the lesson hands over or changes (or only FILE), against state(N)."""
    project.require_app()
    paths = sorted(set(overlay_files(lesson.scaffold_dir) + overlay_files(lesson.solution_dir)))
    if file:
        paths = [pick_file(paths, file, project.root)]
    with tempfile.TemporaryDirectory(prefix="course-solution-") as folder:
        finished = compose_state(project.course, lesson.number, Path(folder))
        return [_diff(project.root / path, finished / path, path) for path in paths]


def _diff(mine: Path, ours: Path, path: Path) -> FileDiff:
    missing = not mine.is_file()
    yours = [] if missing else _lines(mine)
    label = path.as_posix()
    lines = difflib.unified_diff(
        yours, _lines(ours), f"yours/{label}", f"ours/{label}", lineterm=""
    )
    return FileDiff(path, missing, list(lines))


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return ["(a binary file)"]
