"""Fixtures for the course tool's own tests: run the tool as a user would, on copies."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from course.compose import compose_lesson_start, compose_state
from course.lessons import Course
from course.paths import KIT_ROOT


@pytest.fixture(scope="session")
def course() -> Course:
    return Course()


@pytest.fixture
def course_cli(tmp_path):
    """Run `python -m course ...` in a subprocess, with progress kept in a temp folder."""

    def run(*args: str, cwd: Path = KIT_ROOT, env: dict | None = None):
        environment = {**os.environ, "COURSE_DATA_DIR": str(tmp_path / "course-data")}
        environment.update(env or {})
        environment.pop("NO_COLOR", None)
        return subprocess.run(
            [sys.executable, "-m", "course", *args],
            cwd=cwd,
            env={**environment, "PYTHONPATH": str(KIT_ROOT), "COLUMNS": "120"},
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
