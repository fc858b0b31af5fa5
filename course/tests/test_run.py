"""`course run` (what `make run` calls): the app on the embedded database, with sample data."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from course.paths import KIT_ROOT

COPIED = ["starter_app", "course", ".env.example", ".flaskenv"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_health(url: str, process, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0]
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {seconds} s")


def _run_until_interrupted(project, port: int) -> str:
    """Start `python -m course run`, wait until it serves, press Ctrl+C, return its output."""
    process = subprocess.Popen(
        [sys.executable, "-m", "course", "run", "--port", str(port)],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # Ctrl+C reaches the whole group, as in a terminal
    )
    try:
        health = _wait_for_health(f"http://127.0.0.1:{port}/health", process)
        assert '"database": "up"' in health
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    return output


@pytest.mark.slow
def test_run_seeds_serves_stops_and_keeps_the_data(tmp_path):
    for name in COPIED:
        source = KIT_ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copyfile
        copy(source, tmp_path / name)

    first = _run_until_interrupted(tmp_path, _free_port())
    assert "Created .env from .env.example" in first
    assert "Added 30 sample books" in first
    assert "Stopped the embedded database" in first
    assert not (tmp_path / "instance" / "embedded-db.json").exists()

    second = _run_until_interrupted(tmp_path, _free_port())
    assert "The database already has books; not seeding." in second, second
    assert "Stopped the embedded database" in second
