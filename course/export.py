"""`course export --student DIR`: the course as students get it, without what is not theirs.

Only the course's own entries at the top of the folder are copied (COURSE_ENTRIES, and a
licence or similar notice): a class's submissions, a gradebook or notes kept next to the
course stay out, and are named in the command's output. Left out inside those too:
solutions/, hidden tests, the kit's own tests (they need the solutions), the instructor's
CI and benchmarks (and their figures), git history, caches and local data, and the
instructor's parts of README.md and the Makefile (see course.export_docs). The app is
the start of the course, state(0), whatever the instructor's own starter_app/ holds (after
a `catch-up`, say). Each lesson gets the fingerprints of our finished files that its
scaffold replaces, so `start N` tells them from the student's (see course.fingerprints).
A smoke test then runs `python -m course check 0` in the copy, which must pass on the
untouched starter app.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from course.compose import compose_state
from course.errors import EXIT_FAILED, CourseError
from course.export_docs import strip_instructor_parts
from course.fingerprints import write_fingerprints
from course.lessons import Course
from course.paths import APP_PACKAGE, KIT_ROOT

# The top-level entries a student copy is made of (the app, starter_app/, is composed).
COURSE_ENTRIES = {"README.md", "requirements.txt", ".env.example", ".flaskenv", ".gitignore",
                  "Makefile", "pyproject.toml", "course", "docs", "lessons", "tests"}  # fmt: skip
# Top-level files a course may add for its students, by name without extension (any case).
NOTICES = {"license", "licence", "copying", "notice", "authors", "contributing", "code_of_conduct"}
# Top-level entries that are the instructor's or the machine's, left out without a word.
INSTRUCTOR_ONLY = {"solutions", "bench", ".ci", ".git"}
LOCAL_ONLY = {".venv", ".course", "instance", ".env", ".pytest_cache", ".ruff_cache"}
NEVER = {"__pycache__"}
SMOKE_TEST = '''"""The student copy's own smoke test: the untouched starter app passes lesson 00."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_starter_app_passes_lesson_00(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COURSE_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "course", "check", "0"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
'''


def is_course_entry(name: str) -> bool:
    """Whether a top-level entry of the course folder goes into the student copy."""
    return name in COURSE_ENTRIES or Path(name).stem.lower() in NOTICES


def left_out(kit: Path = KIT_ROOT) -> list[str]:
    """Top-level entries that are not the course's, such as a class's submissions or grades."""
    quiet = INSTRUCTOR_ONLY | LOCAL_ONLY | NEVER | {APP_PACKAGE}
    return sorted(entry.name for entry in kit.iterdir()
                  if not is_course_entry(entry.name) and entry.name not in quiet)  # fmt: skip


def _ignore(folder: str, names: list[str]) -> set[str]:
    here = Path(folder)
    ignored = {name for name in names if name in NEVER or name.endswith(".pyc")}
    if here == KIT_ROOT:
        # The app comes from state(0) instead: the instructor's copy may be mid-course.
        ignored |= {name for name in names if not is_course_entry(name)}
    if here == KIT_ROOT / "course":
        ignored.add("tests")  # the kit's own tests build every lesson from solutions/
    if here == KIT_ROOT / "docs":
        ignored.add("PERFORMANCE.md")  # the benchmarks' figures: bench/ stays out
    if here == KIT_ROOT / "tests":
        ignored |= {name for name in names if name.startswith("hidden")}
    return ignored


def export_student_copy(destination: Path) -> str:
    """Write the student copy and smoke-test it; return the smoke test's output."""
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise CourseError(f"{destination} already exists and is not empty; give a new folder.")
    if destination.resolve().is_relative_to(KIT_ROOT):
        raise CourseError(f"{destination} is inside the course folder; export somewhere else.")
    shutil.copytree(KIT_ROOT, destination, ignore=_ignore, dirs_exist_ok=True, symlinks=True)
    compose_state(Course(), 0, destination)
    write_fingerprints(Course(), destination)  # so `start N` can tell our files there
    strip_instructor_parts(destination)
    smoke = destination / "course" / "tests" / "test_student_copy.py"
    smoke.parent.mkdir(parents=True, exist_ok=True)
    smoke.write_text(SMOKE_TEST, encoding="utf-8")
    return smoke_test(destination)


def smoke_test(copy: Path) -> str:
    """`python -m course check 0` in the copy, with its progress kept out of it."""
    env = {**os.environ, "PYTHONPATH": str(copy), "COURSE_DATA_DIR": str(copy / ".course")}
    result = subprocess.run(
        [sys.executable, "-m", "course", "check", "0"], cwd=copy, env=env,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    shutil.rmtree(copy / ".course", ignore_errors=True)
    if result.returncode != 0:
        raise CourseError(
            f"The student copy in {copy} fails its smoke test (`python -m course check 0`):\n"
            f"{result.stdout[-1500:]}{result.stderr[-1500:]}",
            EXIT_FAILED,
        )
    return result.stdout
