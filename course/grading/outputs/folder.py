"""The --out folder holds exactly one run's results.

An earlier run's files there are removed first: a student missing from this run must not
keep an old feedback.md beside the new ones. Only the grader's own files are removed, by
name; a folder that holds anything else, and is not an earlier run's, is refused.
"""

from pathlib import Path

from course.errors import CourseError
from course.grading.entries import GRADEBOOK, is_grade_output
from course.grading.locate import is_noise

TOP_FILES = (GRADEBOOK, "results.json", "summary.html", "classroom.yml")
STUDENTS = "students"
STUDENT_FILES = ("feedback.md", "junit.xml", "gradescope.json", "classroom.json",
                 "classroom-output.txt")  # fmt: skip


def check_out(out: Path) -> None:
    """Refuse a folder of other files before anything runs (nothing of the user's is lost)."""
    if not out.is_dir() or is_grade_output(out):
        return
    others = sorted(path.name for path in out.iterdir() if not is_noise(path.name))
    if others:
        raise CourseError(
            f"--out {out} already holds files that are not results of `course grade` "
            f"({', '.join(others[:3])}): give a new or empty folder for the results."
        )


def clear(out: Path) -> None:
    """Remove an earlier run's files; a file of the user's (notes.txt) stays where it is."""
    for name in TOP_FILES:
        _remove(out / name)
    students = out / STUDENTS
    if not students.is_dir() or students.is_symlink():
        return
    for folder in students.iterdir():
        if folder.is_dir() and not folder.is_symlink():
            for name in STUDENT_FILES:
                _remove(folder / name)
            _remove_if_empty(folder)
    _remove_if_empty(students)


def _remove(path: Path) -> None:
    # A link in the place of one of these files goes too: writing would follow it elsewhere.
    if path.is_symlink() or path.is_file():
        path.unlink()


def _remove_if_empty(folder: Path) -> None:
    if not any(folder.iterdir()):
        folder.rmdir()
