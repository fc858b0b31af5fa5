"""The student-path commands: start, reset, solution, catch-up, backups, restore, branches, watch.

Declarations only; each command's logic lives in its own module.
"""

from pathlib import Path

import click

from course import report
from course import report_student as show
from course.cli_options import BACKEND, PROJECT
from course.lessons import parse_lesson_number
from course.project import Project


def _lesson(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    return None if value is None else parse_lesson_number(value)


LESSON = click.argument("lesson", metavar="LESSON", callback=_lesson)
FILE = click.argument("file", required=False)


@click.command()
@LESSON
@click.option("--anyway", is_flag=True, help="Add the files even if the lesson before is not.")
@PROJECT
def start(lesson: int, anyway: bool, project: Path) -> None:
    """Add LESSON's new files (with their TODOs) to your app.

    A file is copied only where yours is missing or unchanged since the lesson
    before; a file you changed is listed and left as you wrote it. When the files
    of the lesson before are not in your app yet, nothing is changed and it says
    how to do that lesson first (or skip it with catch-up, where the course has its
    solutions).
    """
    from course.scaffold import start_lesson

    where = Project(project)
    outcome = start_lesson(where, where.lesson(lesson), anyway)
    show.render_start(report.console(), where, outcome)


@click.command()
@LESSON
@FILE
@PROJECT
def reset(lesson: int, file: str | None, project: Path) -> None:
    """Put back LESSON's starting files (or only FILE), after a backup of your app.

    Files already the lesson's are left as they are; when all are, no backup is made.
    """
    from course.scaffold import reset_files

    where = Project(project)
    show.render_reset(report.console(), reset_files(where, where.lesson(lesson), file))


@click.command()
@LESSON
@FILE
@click.option("--yes", is_flag=True, help="Show it even if you have not checked the lesson yet.")
@PROJECT
def solution(lesson: int, file: str | None, yes: bool, project: Path) -> None:
    """Show our solution to LESSON (or only FILE) as a diff against your files.

    Before you have checked the lesson once (after `start` added its files), it asks first.
    """
    from course.solution_diff import may_reveal, solution_diffs

    where = Project(project)
    chosen = where.lesson(lesson)
    diffs = solution_diffs(where, chosen, file)  # bad input is reported before asking
    if not may_reveal(where, chosen, yes):
        report.console().print("The solution stays hidden. Good luck!")
        return
    show.render_diffs(report.console(), diffs)


@click.command("catch-up")
@LESSON
@PROJECT
def catch_up(lesson: int, project: Path) -> None:
    """Set your app to the start of LESSON, after a backup of it.

    For when you fell behind: your app becomes the finished app of the lesson
    before plus LESSON's new files. `python -m course restore` brings yours back.
    An app already exactly at the start of LESSON is left as it is, with no backup.
    """
    from course.catch_up import catch_up as set_to_start

    where = Project(project)
    show.render_catch_up(report.console(), set_to_start(where, where.lesson(lesson)))


@click.command()
@PROJECT
def backups(project: Path) -> None:
    """List the backups of your app that commands made before changing it."""
    from course.backups import list_backups

    show.render_backups(report.console(), list_backups(Project(project)))


@click.command()
@click.argument("name", required=False)
@PROJECT
def restore(name: str | None, project: Path) -> None:
    """Bring back a backup of your app (default: the latest), after backing up the current one."""
    from course.backups import find_backup, restore_backup

    where = Project(project)
    chosen = find_backup(where, name)
    changes, safety = restore_backup(where, chosen)
    show.render_restore(report.console(), chosen, changes, safety)


@click.command()
@PROJECT
def branches(project: Path) -> None:
    """Make git branches lesson-00, lesson-01, ... holding each lesson's finished app.

    Then `git diff lesson-01 lesson-02` shows one lesson. Your branch, index and
    files are not touched; running it again updates the branches.
    """
    from course.branches import make_branches

    show.render_branches(report.console(), make_branches(Project(project)))


@click.command()
@click.argument("lesson", required=False, callback=_lesson)
@BACKEND
@click.option(
    "--poll", is_flag=True, envvar="COURSE_WATCH_POLL",
    help="Look for changes every half second instead of using file events.",
)  # fmt: skip
@PROJECT
def watch(lesson: int | None, backend: str, poll: bool, project: Path) -> None:
    """Check LESSON (default: your current one) again each time you save a file.

    Keys: h a hint, n the next lesson (once `start` has added its files), l the list of
    lessons, q quit.
    """
    from course.watch import watch as watch_app

    where = Project(project)
    chosen = where.lesson(lesson) if lesson is not None else None
    watch_app(where, chosen, backend, poll, report.console())


STUDENT_COMMANDS = (start, reset, solution, catch_up, backups, restore, branches, watch)


def register(group: click.Group) -> None:
    """Add the student-path commands to the tool."""
    for command in STUDENT_COMMANDS:
        group.add_command(command)
