"""The system under test: the latest composed app under gunicorn, on the embedded server
or on a MongoDB server of your own (BENCH_MONGO_URI).

Everything listens on 127.0.0.1 only, on free ports, and every process leads its own
process group, so that it can be stopped (or killed, for the fault scenarios) as one.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from course.compose import compose_state
from course.lessons import Course

HOST = "127.0.0.1"
DATABASE = "bookshelf_bench"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 30.0


def workers() -> int:
    """gunicorn's recommended number of sync workers: (2 x cores) + 1."""
    return 2 * (os.cpu_count() or 1) + 1


def compose_latest(destination: Path) -> tuple[Path, int]:
    """Write the finished app of the latest lesson into `destination`; return it and N."""
    course = Course()
    last = course.lessons[-1].number
    return compose_state(course, last, destination), last


def free_port() -> int:
    """A TCP port nothing listens on right now, on the loopback address."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    """True when something accepts connections on this loopback port."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def http_status(url: str, timeout: float = 10.0) -> int:
    """The status of a GET (0 when nothing answered)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, urllib.error.URLError):
        return 0


def wait_until(condition, timeout: float, what: str) -> None:
    """Poll `condition()` until it is true, or raise after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen within {timeout:.0f} s.")
        time.sleep(0.05)


class Process:
    """A child process leading its own group, with a log file, stopped or killed as a group."""

    def __init__(self, command: list[str], cwd: Path, log: Path, env: dict | None = None):
        self.command, self.cwd, self.log, self.env = command, cwd, log, env
        self.popen: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the command (its output goes to the log file)."""
        with open(self.log, "ab") as log:
            self.popen = subprocess.Popen(
                self.command, cwd=self.cwd, env=self.env, stdout=log, stderr=log,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip

    def running(self) -> bool:
        """True while the process has not exited."""
        return self.popen is not None and self.popen.poll() is None

    def signal(self, signum: int) -> None:
        """Send a signal to the whole process group (gunicorn's workers too)."""
        if self.running():
            os.killpg(self.popen.pid, signum)

    def stop(self) -> None:
        """SIGTERM, wait for a clean exit; SIGKILL if it takes too long."""
        self.signal(signal.SIGTERM)
        self._wait(STOP_TIMEOUT_S)

    def kill(self) -> None:
        """SIGKILL the whole group at once: no clean-up, as in a crash."""
        if self.popen is not None:
            with contextlib.suppress(ProcessLookupError):  # already gone
                os.killpg(self.popen.pid, signal.SIGKILL)
            self._wait(10.0)

    def _wait(self, timeout: float) -> None:
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, size: int = 1500) -> str:
        """The end of the log, for error messages."""
        return self.log.read_text(errors="replace")[-size:] if self.log.exists() else ""


class EmbeddedDB(Process):
    """The app's own embedded server: `python -m starter_app.embedded serve PORT DIR`."""

    def __init__(self, app_folder: Path, data_dir: Path, log: Path):
        self.port = free_port()
        command = [sys.executable, "-m", "starter_app.embedded", "serve", str(self.port)]
        super().__init__([*command, str(data_dir)], app_folder, log)

    @property
    def uri(self) -> str:
        return f"mongodb://{HOST}:{self.port}/{DATABASE}"

    def start(self) -> None:
        """Start on the same port and data folder as before; wait until it listens."""
        super().start()
        wait_until(self._ready, START_TIMEOUT_S, f"The embedded database on port {self.port}")

    def _ready(self) -> bool:
        if not self.running():
            raise RuntimeError(f"The embedded database exited:\n{self.tail()}")
        return listening(self.port)


class ExternalDB:
    """A MongoDB server of your own: the figures get a database of their own on it
    (bookshelf_bench_ and a random part), dropped afterwards; nothing else is touched."""

    def __init__(self, server_uri: str):
        parts = urllib.parse.urlsplit(server_uri)
        self.name = f"{DATABASE}_{uuid.uuid4().hex[:8]}"
        self.uri = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))
        self.where = parts.hostname or "?"


class Gunicorn(Process):
    """A WSGI app under gunicorn with sync workers, on a free loopback port."""

    def __init__(self, app: str, cwd: Path, env: dict, log: Path, count: int | None = None):
        self.port = free_port()
        command = [
            sys.executable, "-m", "gunicorn", app, "--bind", f"{HOST}:{self.port}",
            "--workers", str(count or workers()), "--worker-class", "sync",
            "--timeout", "60", "--graceful-timeout", "5",
            "--no-control-socket",  # one per user by default: the app and ceiling would share it
        ]  # fmt: skip
        super().__init__(command, cwd, log, {**os.environ, **env})

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, ready_path: str = "/health") -> None:
        """Start, then wait until `ready_path` answers 200."""
        super().start()
        wait_until(self._ready(ready_path), START_TIMEOUT_S, f"gunicorn on port {self.port}")

    def _ready(self, path: str):
        def ready() -> bool:
            if not self.running():
                raise RuntimeError(f"gunicorn exited:\n{self.tail()}")
            return http_status(self.url + path, timeout=2.0) == 200

        return ready


def app_server(app_folder: Path, mongo_uri: str, log: Path, count: int | None = None) -> Gunicorn:
    """The composed app under gunicorn, on the database at `mongo_uri`.

    With the deployment lesson's settings file when the app has one; the address (loopback)
    and the number of workers given here win over it.
    """
    env = {"MONGO_URI": mongo_uri, "SECRET_KEY": "bench-secret", "FLASK_DEBUG": "0"}
    server = Gunicorn("starter_app:create_app()", app_folder, env, log, count)
    if (app_folder / "starter_app" / "gunicorn_conf.py").is_file():
        server.command[3:3] = ["-c", "python:starter_app.gunicorn_conf"]
    return server


def ceiling_server(mongo_uri: str, log: Path, count: int | None = None) -> Gunicorn:
    """The minimal Flask + PyMongo app (bench/ceiling_app.py) under gunicorn."""
    root = Path(__file__).resolve().parent.parent
    env = {"MONGO_URI": mongo_uri, "PYTHONPATH": str(root)}
    return Gunicorn("bench.ceiling_app:create_app()", root, env, log, count)
