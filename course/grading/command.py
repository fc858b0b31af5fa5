"""`course grade`: check the instructor's input, grade the batch, write every output."""

import os
import re
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from course.errors import EXIT_FAILED, EXIT_SETUP, CourseError
from course.grading.batch import Batch, GradeSettings, grade
from course.grading.outputs import write_all
from course.grading.outputs.folder import check_out
from course.grading.score import StudentGrade
from course.lessons import Course, Lesson
from course.theme import mark


def parse_lessons(course: Course, text: str | None) -> list[Lesson]:
    """'1-6', '0,2-3' or '4' (default: every lesson), checked against the course."""
    if not text:
        return course.lessons
    chosen: set[int] = set()
    for part in text.split(","):
        first, last = _range_of(course, text, part.strip())
        chosen.update(n for n in _numbers(course) if first <= n <= last)
    return [lesson for lesson in course.lessons if lesson.number in chosen]


def _range_of(course: Course, text: str, part: str) -> tuple[int, int]:
    """The first and last lesson of one part of --lessons ('4' or '2-5')."""
    first, dash, last = (end.strip() for end in part.partition("-"))
    if dash and first and not last:
        ending = f"{first}-{max(_numbers(course))}"
        raise _lessons_error(course, text, f"'{part}' has no last lesson (to the end: {ending})")
    ends = [_lesson_number(course, text, part, end) for end in (first, last if dash else first)]
    if ends[1] < ends[0]:
        raise _lessons_error(course, text, f"Write a range lowest first, as {last}-{first}")
    return ends[0], ends[1]


def _lesson_number(course: Course, text: str, part: str, end: str) -> int:
    # ASCII digits only ('²' is a digit to str.isdigit, not to int), and never int() of
    # the text: a lesson is found by name, so '0-99999999999' cannot build a huge range.
    if not re.fullmatch(r"[0-9]+", end):
        raise _lessons_error(course, text, f"'{part}' is not a lesson number or a range")
    by_name = {str(number): number for number in _numbers(course)}
    number = by_name.get(end.lstrip("0") or "0")
    if number is None:
        raise _lessons_error(course, text, f"There is no lesson {end}")
    return number


def _numbers(course: Course) -> list[int]:
    return [lesson.number for lesson in course.lessons]


def _lessons_error(course: Course, text: str, problem: str) -> CourseError:
    numbers = _numbers(course)
    return CourseError(
        f"--lessons {text}: {problem}. Lessons go from {min(numbers)} to {max(numbers)}; "
        "write lessons as 1-6, 0,2-3 or 4."
    )


def check_paths(submissions: list[Path], out: Path) -> None:
    """Mistakes in the command line stop before anything runs, each in one line."""
    for path in submissions:
        if not path.exists():
            raise CourseError(f"{path} does not exist: give folders or .zip files to grade.")
    if out.exists() and not out.is_dir():
        raise CourseError(f"--out {out} is a file; give a folder for the results.")
    _check_writable(out)
    check_out(out)


def _check_writable(out: Path) -> None:
    """Found now, not once the whole batch is graded and its results cannot be written."""
    nearest = next(folder for folder in (out, *out.parents) if folder.exists())
    if not nearest.is_dir():
        raise CourseError(
            f"--out {out}: {nearest} is a file, so no folder can be made in it; "
            "give a folder for the results.",
            EXIT_SETUP,
        )
    if not os.access(nearest, os.W_OK | os.X_OK):
        raise CourseError(
            f"--out {out}: you cannot write in {nearest}; give a folder you can write to "
            "(or change its permissions).",
            EXIT_SETUP,
        )


class _NewsConsole(Console):
    """Output that is only news of a job whose real results go to files."""

    def on_broken_pipe(self) -> None:
        # rich ends the program when the reader of a pipe has left (`grade … | head`): that
        # would throw away a class's grading half done. Say nothing more and go on instead.
        self.quiet = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def news_console() -> Console:
    """grade's console: a reader that stops reading stops the news, not the grading. Lines
    are never split (soft_wrap): a path in a log stays whole, to copy."""
    return _NewsConsole(highlight=False, soft_wrap=True)


def run_grade(out_console: Console, submissions: list[Path], out: Path, settings) -> int:
    """Grade, write the results, and say where they are. Exit 1 if any submission was broken."""
    check_paths(submissions, out)

    def progress(result: StudentGrade, done: int, total: int) -> None:
        status = "failed" if result.problem else "passed"
        note = f"  {escape(result.problem.splitlines()[0])}" if result.problem else ""
        count = escape(f"[{done}/{total}]")
        out_console.print(
            f"{mark(status)} {escape(result.student)}: {result.total} points{note}  {count}"
        )

    batch = grade(submissions, settings, progress, out)
    write_all(batch, out)
    _summary(out_console, batch, out)
    return EXIT_FAILED if any(g.problem for g in batch.grades) else 0


def _summary(out_console: Console, batch: Batch, out: Path) -> None:
    maximum = sum(unit.points for unit in batch.units)
    broken = sum(1 for g in batch.grades if g.problem)
    problems = (
        f"{broken} with a problem to look at (see the problem column)" if broken else
        "none with a problem"
    )  # fmt: skip
    out_console.print(
        f"\nGraded {len(batch.grades)} submission(s) out of {maximum} points; {problems}."
    )
    unchecked = sorted({u.unit.key for g in batch.grades for u in g.units if u.status == "skipped"})
    if unchecked:
        out_console.print(
            f"Not scored on this backend: step(s) {', '.join(unchecked)}, whose tests need a "
            "real MongoDB server. Grade with --backend wire to score them."
        )
    out_console.print(f"Gradebook: {out / 'gradebook.csv'}   Class summary: {out / 'summary.html'}")
    out_console.print(f"Per student: {out / 'students'}/NAME/feedback.md, junit.xml, …")


__all__ = ["GradeSettings", "news_console", "parse_lessons", "run_grade"]
