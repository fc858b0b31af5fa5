"""The student's project: the course folder whose starter_app/ the student-path commands change."""

import os
from functools import cached_property
from pathlib import Path

from course.compose import has_solutions
from course.errors import EXIT_SETUP, CourseError
from course.lessons import Course, Lesson
from course.paths import APP_PACKAGE
from course.progress import Progress


class Project:
    """A course folder: its lessons, the student's app in it, and the student's data."""

    def __init__(self, root: Path, course: Course | None = None):
        self.root = root.resolve()
        if course is not None:  # an app checked where it is (--app-dir), with the kit's lessons
            self.course = course

    @property
    def app(self) -> Path:
        return self.root / APP_PACKAGE

    @property
    def data_dir(self) -> Path:
        # COURSE_DATA_DIR moves progress and backups (the kit's own tests use it).
        return Path(os.environ.get("COURSE_DATA_DIR") or self.root / ".course")

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @cached_property
    def course(self) -> Course:
        return Course(self.root)

    @cached_property
    def progress(self) -> Progress:
        return Progress(self.data_dir / "progress.json")

    def lesson(self, number: int) -> Lesson:
        return self.course.get(number)

    def require_app(self) -> None:
        """One clear error, with the ways back, when starter_app/ is missing."""
        if not self.app.is_dir():
            catch_up = (  # a student copy has no solutions/ to catch up from
                "`python -m course catch-up N` sets it to the start of lesson N; "
                if has_solutions(self.root)
                else ""
            )
            raise CourseError(
                f"There is no {APP_PACKAGE}/ folder in {self.root}. To get your app back: "
                "`python -m course backups` lists your backups and `python -m course restore` "
                f"brings the latest back; {catch_up}`git checkout -- {APP_PACKAGE}` takes "
                "your last commit.",
                EXIT_SETUP,
            )
