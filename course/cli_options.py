"""Options and parameter types the commands share, so that each reads and is refused alike."""

from pathlib import Path

import click

from course.lessons import parse_lesson_number
from course.paths import KIT_ROOT

BACKEND = click.option(
    "--backend",
    type=click.Choice(["mock", "wire"]),
    default="mock",
    show_default=True,
    help="mock: mongomock in memory (fast); wire: a real MongoDB server.",
)

# The app that check and status read; the student commands' --project, under either name.
APP_DIR = click.option(
    "--app-dir",
    "--project",
    "app_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=KIT_ROOT,
    envvar="COURSE_PROJECT_DIR",
    help="Folder that holds the starter_app/ to check (default: this course folder).",
)

# The course folder whose app the student commands change: it must exist.
PROJECT = click.option(
    "--project",
    "--app-dir",
    "project",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=KIT_ROOT,
    envvar="COURSE_PROJECT_DIR",
    help="The course folder whose starter_app/ to use (default: this one).",
)


class LessonNumber(click.ParamType):
    """A lesson as the student names it: 3, 03, lesson03 or its folder's name."""

    name = "LESSON"

    def convert(self, value, param, ctx):
        return value if isinstance(value, int) else parse_lesson_number(str(value))


class Port(click.ParamType):
    """A TCP port, refused in words a beginner reads (click says 'not a valid integer range')."""

    name = "PORT"

    def convert(self, value, param, ctx):
        text = str(value).strip()
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 65535):
            self.fail(f"{value!r}: the port must be a whole number from 1 to 65535.", param, ctx)
        return int(text)
