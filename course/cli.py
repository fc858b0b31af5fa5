"""The command line: `python -m course COMMAND`. Each command's logic lives in its own module."""

import json
import sys
from pathlib import Path

import click
from rich.markup import escape

from course import report
from course.check import check_lessons, check_up_to, remember
from course.cli_instructor import register as register_instructor_commands
from course.cli_options import APP_DIR, BACKEND, LessonNumber, Port
from course.cli_student import register as register_student_commands
from course.cli_student_copy import fit_to_this_copy
from course.errors import EXIT_FAILED
from course.hints import current_lesson, first_unpassed_step, reveal_next_hint
from course.lessons import Course
from course.progress import Progress
from course.progress_summary import finished_lessons, summarise
from course.project import Project
from course.scaffold import start_first
from course.theme import STYLE, mark


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """The Flask + MongoDB course: check your work, get hints, see your progress.

    Start with `python -m course check 0`, then read lessons/01-*/README.md.
    Run the commands from the course folder (the one that holds README.md).
    """


@cli.command()
@click.argument("lesson", type=LessonNumber(), required=False)
@BACKEND
@APP_DIR
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def check(lesson: int | None, backend: str, app_dir: Path, as_json: bool) -> None:
    """Check LESSON (default: your current one) against starter_app/.

    Runs the tests of the lesson and of every lesson before it, shows each step
    as passed or failed with what to fix, and exits 1 if anything fails.
    """
    course, progress = Course(), Progress()
    chosen = course.get(lesson) if lesson is not None else current_lesson(course, progress)
    result = check_up_to(course, chosen, app_dir.resolve(), backend)
    out = report.console()
    focus, earlier = result.of(chosen), result.results[:-1]
    finished = finished_lessons(course, progress)  # before this check is remembered
    advice = start_first(Project(app_dir, course), chosen)  # start N not run yet
    if as_json:
        click.echo(json.dumps(report.check_as_json(focus, earlier), indent=2))
    elif result.run.app_error():
        report.render_app_error(out, result.run.app_error())
    else:
        report.render_check(out, focus, earlier, finished)
        if advice:
            out.print(f"\n{advice}", markup=False)
    # Checking a lesson whose files are not in the app is not trying it: its solution stays locked.
    remember(progress, result, None if advice else chosen)
    if not all(r.complete for r in result.results):
        sys.exit(EXIT_FAILED)


@cli.command()
@BACKEND
@APP_DIR
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a one-page progress report (steps, dates, hints) to this HTML file.",
)
def status(backend: str, app_dir: Path, html_path: Path | None) -> None:
    """Show every lesson: the steps you have passed, when you finished it, the hints used."""
    course, progress = Course(), Progress()
    result = check_lessons(course.lessons, app_dir.resolve(), backend)
    out = report.console()
    if result.run.app_error():
        report.render_app_error(out, result.run.app_error())
    remember(progress, result)
    report.render_status(out, result.results, summarise(course, progress))
    if html_path:
        from course.progress_html import write_report

        out.print(f"\nProgress report written to {write_report(html_path, course, progress)}")


@cli.command()
@click.argument("lesson", type=LessonNumber())
@click.argument("step", type=int, required=False)
def hint(lesson: int, step: int | None) -> None:
    """Show the next hint for a STEP of LESSON (default: your first unfinished step).

    Each time you ask for the same step, one more hint appears.
    """
    course, progress = Course(), Progress()
    chosen = course.get(lesson)
    # `is None`: step 0 is a wrong step number, not a request for the first unfinished one.
    target = chosen.step(step) if step is not None else first_unpassed_step(chosen, progress)
    out = report.console()
    if target is None:
        out.print(
            f"{mark('passed')} Every step of lesson {chosen.label} passed at your last check. "
            f"For a given step: python -m course hint {chosen.number} STEP"
        )
        return
    view = reveal_next_hint(chosen, target, progress)
    out.print(
        f"[{STYLE['heading']}]Lesson {chosen.label}, step {target.number}: "
        f"{escape(target.title)}[/]"
    )
    for number, text in enumerate(target.hints[: view.shown], start=1):
        out.print(f"\n  Hint {number} of {len(target.hints)}:", style=STYLE["hint"])
        out.print("  " + escape(text).replace("\n", "\n    "))
    if view.shown < len(target.hints):
        out.print("\n  Still stuck? Run the same command again for the next hint.", style="dim")


@cli.command()
@click.option(
    "--backend",
    "backends",
    type=click.Choice(["mock", "wire"]),
    multiple=True,
    help="Only this backend (repeat for both; default: both).",
)
@click.option("--jobs", type=click.IntRange(1, 32), default=None, help="Parallel test runs.")
def verify(backends: tuple[str, ...], jobs: int | None) -> None:
    """For instructors: check that the whole course is consistent.

    For every lesson: its solution passes its tests and all earlier ones (on each
    backend), its starting point fails every step of the lesson, and every test
    belongs to a step with a hint. Exits 1 if anything is wrong.
    """
    from course.verify import BACKENDS, verify_course  # only instructors pay for this import

    verdicts = verify_course(Course(), backends or BACKENDS, jobs)
    report.render_verify(report.console(), verdicts)
    if not all(v.ok for v in verdicts):
        sys.exit(EXIT_FAILED)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=Port(),
    default=5000,
    show_default=True,
    help="Port to listen on (1-65535).",
)
def run(host: str, port: int) -> None:
    """Run the app with sample data (the embedded database unless MONGO_URI is set in .env)."""
    from course.serve import run_app

    sys.exit(run_app(report.console(), host, port))


# Student-path commands (start, solution, catch-up, reset, backups, restore, branches,
# watch) are declared in course/cli_student.py and registered here.
register_student_commands(cli)

# Instructor commands (grade, export, new-lesson) are declared in
# course/cli_instructor.py and registered here.
register_instructor_commands(cli)
fit_to_this_copy(cli, Course())  # a student copy: no solutions/, fewer commands
