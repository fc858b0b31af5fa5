"""Fixtures for the course tool's own tests: run the tool as a user would, on copies."""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from course.appfiles import WORK_FOLDERS
from course.compose import compose_lesson_start, compose_state
from course.lessons import Course
from course.paths import KIT_ROOT

# The solutions written another way hold a student's own tests (lesson 12): they are run
# against those apps by test_alternatives.py, never collected as tests of the tool.
collect_ignore = ["alternatives"]


def pytest_configure(config):
    # Tests press Ctrl+C in the programs they start, as a student does in a terminal. A
    # script that starts `make test` in the background (`make test &`) makes it ignore
    # SIGINT, and programs inherit that: they would never see the Ctrl+C. A handler of
    # Python's own is not inherited, so the programs start with the terminal's default.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def course() -> Course:
    return Course()


@pytest.fixture
def course_cli(tmp_path):
    """Run `python -m course ...` in a subprocess, with progress kept in a temp folder."""

    def run(*args: str, cwd: Path = KIT_ROOT, env: dict | None = None):
        environment = {**os.environ, "COURSE_DATA_DIR": str(tmp_path / "course-data")}
        environment.update({"COLUMNS": "120", **(env or {})})  # a test may ask for a width
        environment.pop("NO_COLOR", None)
        return subprocess.run(
            [sys.executable, "-m", "course", *args],
            cwd=cwd,
            env={**environment, "PYTHONPATH": str(KIT_ROOT)},
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


@pytest.fixture
def state(course, tmp_path):
    """state(N): the finished app at the end of lesson N, in a temp folder."""

    def build(number: int) -> Path:
        return compose_state(course, number, tmp_path / f"state{number}")

    return build


@pytest.fixture
def lesson_start(course, tmp_path):
    """The app as a student starts lesson N: state(N-1) plus the scaffold."""

    def build(number: int) -> Path:
        return compose_lesson_start(course, course.get(number), tmp_path / f"start{number}")

    return build


@pytest.fixture
def project(tmp_path) -> Path:
    """A throw-away copy of the course folder, for the commands that change the student's app."""
    root = tmp_path / "project"
    skip = shutil.ignore_patterns("__pycache__", "instance", ".pytest_cache")
    for folder in ("lessons", "solutions", "tests", "starter_app"):
        shutil.copytree(KIT_ROOT / folder, root / folder, ignore=skip)
    for name in ("pyproject.toml", ".gitignore"):
        shutil.copyfile(KIT_ROOT / name, root / name)
    return root


@pytest.fixture
def student(course_cli, project):
    """Run `python -m course ...` as a student working in the copy (`project`)."""

    def run(*args: str, env: dict | None = None):
        return course_cli(*args, env={"COURSE_PROJECT_DIR": str(project), **(env or {})})

    return run


@pytest.fixture
def backups_dir(tmp_path) -> Path:
    """Where the student's backups go in these tests (COURSE_DATA_DIR moves them)."""
    return tmp_path / "course-data" / "backups"


@pytest.fixture
def snapshot():
    """Every file of the student's work under a course folder (starter_app/ and
    student_tests/), with its bytes (instance/ and caches too)."""

    def take(root: Path) -> dict[str, bytes]:
        return {
            path.relative_to(root).as_posix(): path.read_bytes()
            for folder in WORK_FOLDERS
            for path in (root / folder).rglob("*")
            if path.is_file()
        }

    return take
