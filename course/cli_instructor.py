"""The instructor commands: grade, export, new-lesson.

Declarations only; each command's logic lives in its own module.
"""

import os
import sys
from pathlib import Path

import click

from course import report
from course.lessons import Course


@click.command()
@click.argument("submissions", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for gradebook.csv, results.json, summary.html and students/NAME/.",
)
@click.option("--lessons", default=None, help="Lessons to grade: 1-6, 0,2-3 or 4 (default: all).")
@click.option(
    "--tests",
    "hidden_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Hidden tests: a folder with lessonNN/test_*.py and hidden.toml.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Submissions graded at once (default: the number of CPU cores).",
)
@click.option(
    "--backend",
    type=click.Choice(["mock", "wire"]),
    default="mock",
    show_default=True,
    help="mock: mongomock in memory (fast); wire: a real MongoDB server.",
)
@click.option(
    "--timeout",
    "wall_s",
    type=click.IntRange(5, 7200),
    default=300,
    show_default=True,
    help="Seconds one submission may run in all.",
)
@click.option(
    "--test-timeout",
    "test_s",
    type=click.IntRange(1, 600),
    default=10,
    show_default=True,
    help="Seconds one test may run.",
)
@click.option("--memory-mb", type=click.IntRange(256, 65536), default=2048, show_default=True,
              help="Memory one submission may use.")  # fmt: skip
def grade(submissions, out, lessons, hidden_dir, jobs, backend, wall_s, test_s, memory_mb):
    """Grade SUBMISSIONS: folders holding starter_app/, .zip files of one, or git clones.

    A folder of such submissions counts as one per entry. Each runs in its own limited
    process against the course's own tests (and hidden ones); the results go to --out:
    gradebook.csv, results.json, summary.html, classroom.yml, and per student feedback.md,
    junit.xml, gradescope.json and classroom.json. Exits 1 if a submission could not be
    graded in full (its row says why), 2 on a wrong command line.
    """
    from course.grading.command import GradeSettings, parse_lessons, run_grade
    from course.grading.sandbox import Limits

    settings = GradeSettings(
        lessons=parse_lessons(Course(), lessons),
        hidden_dir=hidden_dir,
        backend=backend,
        jobs=jobs or os.cpu_count() or 2,
        limits=Limits(wall_s=wall_s, test_s=test_s, memory_mb=memory_mb),
    )
    sys.exit(run_grade(report.console(), list(submissions), out, settings))


def register(cli: click.Group) -> None:
    """Add the instructor commands to the tool."""
    cli.add_command(grade)
