"""Lesson 12's gunicorn starts with a run's first test (grading.gunicorn), never to outlive it."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# Imported here, in another folder than the app's, as the graded tests import it.
import gunicorn.config  # noqa: F401
import pytest

from course.paths import KIT_ROOT
from grading.gunicorn import start as start_gunicorn

pytestmark = pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="reads /proc")


def _run_lesson_12(app: Path, scratch: Path, *options: str) -> subprocess.CompletedProcess:
    scratch.mkdir()
    command = [sys.executable, "-m", "pytest", str(KIT_ROOT / "tests" / "lesson12"), "-q",
               "-p", "no:cacheprovider", f"--target={app}", f"--basetemp={scratch / 'base'}",
               *options]  # fmt: skip
    env = {**os.environ, "TMPDIR": str(scratch)}
    return subprocess.run(command, cwd=KIT_ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def _running_in(folder: Path) -> list[int]:
    """The processes whose working folder is `folder` (gunicorn's is the app's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if Path(os.readlink(entry / "cwd")) == folder:
                    found.append(int(entry.name))
            except OSError:
                continue  # ended meanwhile, or not ours to read
    return found


def _group(leader: int) -> list[int]:
    """The processes of the process group that `leader` leads (gunicorn and its worker)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # not a process, or ended meanwhile
        if int(fields[2]) == leader:  # the process group, after the state and the parent
            found.append(int(entry.name))
    return found


def test_gunicorn_runs_in_the_app_folder_as_if_started_there(state, tmp_path):
    app = state(12).resolve()
    served = start_gunicorn(app, tmp_path)
    try:
        served.wait_until_listening()
        deadline = time.monotonic() + 15
        while len(_group(served.process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)  # until the worker has started
        with urllib.request.urlopen(f"{served.url}/about", timeout=10) as response:
            assert response.status == 200
        folders = {Path(os.readlink(f"/proc/{pid}/cwd")) for pid in _group(served.process.pid)}
        assert folders == {app}, f"gunicorn runs in {folders}; expected the app's folder"
    finally:
        served.stop()


def test_the_server_started_ahead_serves_the_test_that_asks(state, tmp_path):
    app = state(12).resolve()
    run = _run_lesson_12(app, tmp_path / "scratch", "-k", "logging or serves_the_app")
    assert run.returncode == 0, run.stdout[-2000:]
    assert "4 passed" in run.stdout, run.stdout[-2000:]
    assert not _running_in(app)
    assert not list((tmp_path / "scratch").glob("gunicorn-*"))


def test_a_run_that_stops_before_the_test_stops_the_server_too(lesson_start, tmp_path):
    app = lesson_start(12).resolve()  # lesson 12's first tests fail here
    run = _run_lesson_12(app, tmp_path / "scratch", "--maxfail=1")
    assert "1 failed" in run.stdout and "test_serving" not in run.stdout, run.stdout[-2000:]
    assert not _running_in(app), "gunicorn outlived the test run"
    assert not list((tmp_path / "scratch").glob("gunicorn-*"))
