"""The instructor commands: grade, export, new-lesson.

Declarations only; each command's logic lives in its own module.
"""

import sys
from pathlib import Path

import click

from course import report
from course.cli_options import BACKEND
from course.lessons import Course
from course.theme import mark


@click.command()
@click.argument("submissions", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for gradebook.csv, results.json, summary.html and students/NAME/: new, "
    "empty, or an earlier grade's (its results are replaced; files of yours stay).",
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
    help="Submissions graded at once (default: the number of CPU cores; twice that with "
    "--backend wire, whose tests wait on the database).",
)
@BACKEND
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

    starter_app/ may sit up to three folders down; a folder holding just one .zip is that
    zip. A folder of such submissions counts as one per entry (not the --out folder, nor
    an earlier grade's results), git repository or not; a folder whose only folder holds
    starter_app/ is one submission, with any notes beside it. Each runs in its own limited
    process against the course's own tests (and hidden ones); the results go to --out:
    gradebook.csv, results.json, summary.html, classroom.yml, and per student feedback.md,
    junit.xml, gradescope.json and classroom.json. Exits 1 if a submission could not be
    graded in full or its app does not load (its row says why), 2 on a wrong command line,
    3 when --out cannot be written.
    """
    from course.grading.command import GradeSettings, news_console, parse_lessons, run_grade
    from course.grading.sandbox import Limits

    settings = GradeSettings(
        lessons=parse_lessons(Course(), lessons),
        hidden_dir=hidden_dir,
        backend=backend,
        jobs=jobs,
        limits=Limits(wall_s=wall_s, test_s=test_s, memory_mb=memory_mb),
    )
    sys.exit(run_grade(news_console(), list(submissions), out, settings))


@click.command()
@click.option("--student", "destination", required=True, type=click.Path(path_type=Path),
              help="New folder for the student copy.")  # fmt: skip
def export(destination: Path) -> None:
    """Write a copy of the course for students: no solutions/, no hidden tests.

    Its starter_app/ is the app as the course starts (lesson 00), whatever your own
    starter_app/ holds.

    Only the course's own files are copied: submissions, grades or notes kept in the course
    folder stay out (the command names them). The kit's own tests, CI and benchmarks stay
    out too, and so do the parts of README.md, the Makefile and the lesson READMEs marked
    instructor-only. The commands that need solutions/ refuse in the copy, and its --help
    leaves them out. The copy gets a smoke test of its own, and `python -m course check 0`
    must pass in it before this command succeeds.
    """
    from course.export import export_student_copy, left_out

    export_student_copy(destination)
    out = report.console()
    out.print(f"{mark('passed')} Student copy written to {destination}; its smoke test passes.")
    others = left_out()
    if others:
        names = ", ".join(others)
        out.print(f"  Not copied, as they are not part of the course: {names}.", markup=False)
    out.print("  Commit it to the repository students clone (for example a template repository).")


@click.command("new-lesson")
@click.argument("title")
def new_lesson(title: str) -> None:
    """Scaffold the next lesson: README, lesson.toml, scaffold/, a test and a solution overlay.

    The new lesson's test fails until the lesson is written, so `python -m course verify`
    shows it as unfinished.
    """
    from course.new_lesson import new_lesson as scaffold

    course = Course()
    out = report.console()
    for path in scaffold(course, title):
        out.print(f"  created {path.relative_to(course.root)}")
    out.print("Write the lesson, its tests and its solution, then run `python -m course verify`.")


def register(cli: click.Group) -> None:
    """Add the instructor commands to the tool."""
    for command in (grade, export, new_lesson):
        cli.add_command(command)
