"""The app under test served by gunicorn, as `python -m gunicorn` serves it, on a free port.

One worker, production settings, and a database that is down. Its worker imports the app
and builds it before it answers. So the server is started ahead: the first graded test of
a run starts it when a later test will ask for it (`gunicorn_url`), and the start passes
while the other tests run instead of in front of the test that needs it. The server
started ahead serves one test; another one that asks gets a server of its own.

Each request that finds the database down waits for it: MONGO_TIMEOUT_MS, and pymongo
looks for a server only every MIN_HEARTBEAT_INTERVAL (0.5 s), so each one took half a
second whatever the setting said, time in which the test did nothing. A refused
connection is known at once, so the server forked for the test looks again every
LOOK_AGAIN_S and waits 50 ms (the whole test took 0.61 s of which 0.5 s idle; now 0.08 s).
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pymongo.common
import pytest

from grading.backends import free_port, unreachable_uri
from grading.forked import CAN_FORK, Forked, forget, fork_main

FIXTURE = "gunicorn_url"  # the fixture the tests that need the server ask for
START_S = 15  # how long gunicorn may take to listen
LOOK_AGAIN_S = 0.02  # between pymongo's looks for the database, in the forked server
_AHEAD = pytest.StashKey["Served | None"]()


@dataclass
class Served:
    process: Forked | subprocess.Popen
    port: int
    log: Path
    stopped: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_listening(self) -> None:
        """Until gunicorn listens on its port; it must not have stopped."""
        deadline = time.monotonic() + START_S
        while time.monotonic() < deadline and self.process.poll() is None:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    break
            time.sleep(0.1)
        assert self.process.poll() is None, f"gunicorn stopped:\n{self.log.read_text()[-1500:]}"

    def stop(self) -> None:
        """The whole group at once: nothing is left to save, and gunicorn's own stop
        (SIGTERM or SIGINT) took 0.8 to 1 s more of every lesson 12 check."""
        if self.stopped:
            return
        self.stopped = True
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def start(target_folder: Path, home: Path) -> Served:
    """`gunicorn -c python:starter_app.gunicorn_conf "starter_app:create_app()"` in the app's
    folder, on a free port, with its log in `home`."""
    port = free_port()
    env = {**os.environ, "PRODUCTION": "1", "SECRET_KEY": secrets.token_hex(32),
           "MONGO_URI": unreachable_uri(), "MONGO_TIMEOUT_MS": "50", "PORT": str(port),
           "WEB_CONCURRENCY": "1", "HOME": str(home)}  # fmt: skip
    arguments = ["-c", "python:starter_app.gunicorn_conf", "--bind", f"127.0.0.1:{port}",
                 "starter_app:create_app()"]  # fmt: skip
    log = home / "gunicorn.log"
    return Served(_run_gunicorn(arguments, target_folder, env, log), port, log)


def start_ahead(item) -> None:
    """Once per run, at its first test: start the server if a test will ask for it."""
    stash = item.session.stash
    if _AHEAD in stash:
        return
    wanted = any(FIXTURE in getattr(each, "fixturenames", ()) for each in item.session.items)
    if not wanted:
        stash[_AHEAD] = None
        return
    target_folder = Path(item.config.getoption("--target")).resolve()
    home = Path(tempfile.mkdtemp(prefix="gunicorn-"))
    served = start(target_folder, home)
    stash[_AHEAD] = served

    def clean_up() -> None:  # at the end of the run, whether a test took the server or not
        served.stop()
        shutil.rmtree(home, ignore_errors=True)

    item.config.add_cleanup(clean_up)


def take_ahead(session) -> Served | None:
    """The server started ahead, once: the first test that asks takes it."""
    served = session.stash.get(_AHEAD, None)
    session.stash[_AHEAD] = None
    return served


def _run_gunicorn(arguments: list[str], folder: Path, env: dict, log: Path):
    """gunicorn as `python -m gunicorn ARGUMENTS` runs it, in `folder`: forked from this
    process where Python can fork (Flask and gunicorn are imported already, which a new
    process pays about 0.3 s of CPU for), else started."""
    if CAN_FORK:

        def serve() -> int:
            # gunicorn works some settings out when it is imported: its folder (chdir, which
            # it also puts first on the import path) is the one it was imported in. Imported
            # anew here, in the app's folder, as `python -m gunicorn` there would (10 ms).
            forget("gunicorn")
            from gunicorn.app.wsgiapp import run

            pymongo.common.MIN_HEARTBEAT_INTERVAL = LOOK_AGAIN_S  # the app imports this pymongo

            sys.argv = ["gunicorn", *arguments]
            run(prog="gunicorn")
            return 0

        return fork_main(serve, folder, env, log)
    with open(log, "wb") as output:
        return subprocess.Popen([sys.executable, "-m", "gunicorn", *arguments], cwd=folder,
                                env=env, stdout=output, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip
