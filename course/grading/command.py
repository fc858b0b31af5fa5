"""`course grade`: check the instructor's input, grade the batch, write every output."""

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from course.errors import EXIT_FAILED, CourseError
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
    numbers: set[int] = set()
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise CourseError(f"--lessons {text}: write lessons as 1-6, 0,2-3 or 4.")
        if last and int(last) < int(first):
            raise CourseError(f"--lessons {text}: write a range lowest first, as {last}-{first}.")
        numbers.update(range(int(first), int(last or first) + 1))
    return [course.get(number) for number in sorted(numbers)]


def check_paths(submissions: list[Path], out: Path) -> None:
    """Mistakes in the command line stop before anything runs, each in one line."""
    for path in submissions:
        if not path.exists():
            raise CourseError(f"{path} does not exist: give folders or .zip files to grade.")
    if out.exists() and not out.is_dir():
        raise CourseError(f"--out {out} is a file; give a folder for the results.")
    check_out(out)


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
    out_console.print(
        f"\nGraded {len(batch.grades)} submission(s) out of {maximum} points; "
        f"{broken} with a problem to look at (see the problem column)."
    )
    unchecked = sorted({u.unit.key for g in batch.grades for u in g.units if u.status == "skipped"})
    if unchecked:
        out_console.print(
            f"Not scored on this backend: step(s) {', '.join(unchecked)}, whose tests need a "
            "real MongoDB server. Grade with --backend wire to score them."
        )
    out_console.print(f"Gradebook: {out / 'gradebook.csv'}   Class summary: {out / 'summary.html'}")
    out_console.print(f"Per student: {out / 'students'}/NAME/feedback.md, junit.xml, …")


__all__ = ["GradeSettings", "parse_lessons", "run_grade"]
