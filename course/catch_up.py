"""`catch-up N`: back up the student's app, then set it to the start of lesson N."""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from course.appfiles import WORK_FOLDERS, Changes, apply_changes, compare_app
from course.backups import Backup, backed_up
from course.compose import compose_lesson_start, compose_state, has_solutions
from course.gitrepo import has_uncommitted
from course.lessons import Course, Lesson
from course.project import Project


@dataclass
class CatchUp:
    lesson: Lesson
    changes: Changes
    backup: Backup | None
    uncommitted: bool  # the work had changes not committed to git (they are in the backup)

    @property
    def already_there(self) -> bool:
        return not self.changes.count


def compose_start(course: Course, lesson: Lesson, destination: Path) -> Path:
    """The app at the start of a lesson; lesson 00 starts from the pristine starter app."""
    if lesson.number == 0:
        return compose_state(course, 0, destination)
    return compose_lesson_start(course, lesson, destination)


def catch_up(project: Project, lesson: Lesson) -> CatchUp:
    """Set the app to state(N-1) plus scaffold(N), keeping the old app in a backup.

    An app already exactly there is left alone: no backup, nothing to undo.
    """
    with tempfile.TemporaryDirectory(prefix="course-catch-up-") as folder:
        start = compose_start(project.course, lesson, Path(folder))
        changes = compare_app(start, project.root)
        if not changes.count:
            return CatchUp(lesson, changes, None, False)
        uncommitted = project.app.is_dir() and any(
            has_uncommitted(project.root, work) for work in WORK_FOLDERS
        )
        with backed_up(project, f"catch-up-{lesson.label}") as backup:
            apply_changes(start, project.root, changes)
    return CatchUp(lesson, changes, backup, uncommitted)


def catch_up_offer(course_root: Path, number: int) -> str:
    """The command that skips to the start of lesson `number`, as words for a message; ''
    in a student copy, which cannot catch up (it has no solutions/)."""
    if not has_solutions(course_root):
        return ""
    return (
        f"`python -m course catch-up {number}` sets your app to the start of lesson "
        f"{number:02d} (after a backup)"
    )
