"""Lesson 12, step 4: serving the app with gunicorn, one database client per worker."""

import os
import runpy
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from gunicorn.config import Config
from gunicorn.util import parse_address

from grading.backends import unreachable_uri
from grading.forked import CAN_FORK, fork_main

GUNICORN = "starter_app/gunicorn_conf.py"
# Every interface, as gunicorn reads a bind address: "0.0.0.0:8000", ":8000", "[::]:8000".
EVERY_INTERFACE = ("0.0.0.0", "", "::")
# The access log on the console, where a platform collects it ("-" is gunicorn's stdout).
CONSOLE = ("-", "/dev/stdout", "/dev/stderr")


def _settings(target_folder, monkeypatch, **env) -> Config:
    """gunicorn's settings, read from the app's config file the way gunicorn reads it."""
    path = target_folder / GUNICORN
    assert path.is_file(), f"There is no {GUNICORN}: write gunicorn's settings there."
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config()
    for name, value in runpy.run_path(str(path)).items():
        if name in config.settings:
            config.set(name, value)  # gunicorn checks each value's type here
    return config


def test_gunicorn_settings_follow_the_environment(target_folder, monkeypatch):
    """gunicorn's settings take the port and the number of workers from the environment"""
    config = _settings(target_folder, monkeypatch, PORT="8123", WEB_CONCURRENCY="3")
    addresses = [parse_address(address) for address in config.bind]
    everywhere = all(host in EVERY_INTERFACE and port == 8123 for host, port in addresses)
    assert addresses and everywhere and config.workers == 3, (
        f"With PORT=8123 and WEB_CONCURRENCY=3, {GUNICORN} binds {config.bind} with "
        f"{config.workers} workers; expected 0.0.0.0:8123 and 3."
    )


def test_each_worker_builds_its_own_app(target_folder, monkeypatch):
    """gunicorn does not preload the app: each worker creates its own MongoClient after fork"""
    config = _settings(target_folder, monkeypatch)
    assert config.preload_app is False, (
        f"{GUNICORN} sets preload_app = True: the app (and its MongoClient) would be made "
        "once, before the workers fork, and shared by them. pymongo forbids that."
    )
    assert config.accesslog in CONSOLE, (
        f"{GUNICORN} sets accesslog to {config.accesslog!r}; expected a line per request on "
        'the console, where the platform collects it: accesslog = "-".'
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def gunicorn_url(target_folder, tmp_path):
    """The app served by gunicorn (one worker, production settings) on a free local port."""
    port = _free_port()
    env = {**os.environ, "PRODUCTION": "1", "SECRET_KEY": secrets.token_hex(32),
           "MONGO_URI": unreachable_uri(), "MONGO_TIMEOUT_MS": "300", "PORT": str(port),
           "WEB_CONCURRENCY": "1", "HOME": str(tmp_path)}  # fmt: skip
    arguments = ["-c", "python:starter_app.gunicorn_conf", "--bind", f"127.0.0.1:{port}",
                 "starter_app:create_app()"]  # fmt: skip
    log = tmp_path / "gunicorn.log"
    server = _start_gunicorn(arguments, target_folder, env, log)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and server.poll() is None:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        assert server.poll() is None, f"gunicorn stopped:\n{log.read_text()[-1500:]}"
        yield f"http://127.0.0.1:{port}"
    finally:
        # The whole group at once: nothing is left to save, and gunicorn's own stop
        # (SIGTERM or SIGINT) took 0.8 to 1 s more of every lesson 12 check.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _start_gunicorn(arguments: list[str], folder, env: dict, log):
    """gunicorn as `python -m gunicorn ARGUMENTS` runs it, in `folder`: forked from this
    process where Python can fork (Flask and gunicorn are imported already, which a new
    process pays about 0.3 s of CPU for), else started."""
    if CAN_FORK:

        def serve() -> int:
            from gunicorn.app.wsgiapp import run

            sys.argv = ["gunicorn", *arguments]
            run(prog="gunicorn")
            return 0

        return fork_main(serve, folder, env, log)
    with open(log, "wb") as output:
        return subprocess.Popen([sys.executable, "-m", "gunicorn", *arguments], cwd=folder,
                                env=env, stdout=output, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip


def test_gunicorn_serves_the_app(gunicorn_url):
    """`gunicorn -c python:starter_app.gunicorn_conf "starter_app:create_app()"` serves the app"""
    status, body = _get(f"{gunicorn_url}/")
    assert status == 200 and "Bookshelf" in body, (
        f"gunicorn answered {status} for the home page; expected the app's home page."
    )
    status, body = _get(f"{gunicorn_url}/health")
    assert status == 503 and "down" in body, (
        f"With no database, /health under gunicorn answered {status}: {body[:200]!r}; "
        "expected 503 (the database is down)."
    )
