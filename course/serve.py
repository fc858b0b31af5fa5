"""`course run`: the app on the embedded (or configured) database, with sample data."""

import errno
import shutil
import signal
import socket
import subprocess
import sys

from rich.console import Console

from course.errors import EXIT_SETUP, CourseError
from course.paths import APP_PACKAGE, KIT_ROOT


def ensure_env_file(out: Console) -> None:
    """Create .env from .env.example the first time, so every setting has a home."""
    env_file, example = KIT_ROOT / ".env", KIT_ROOT / ".env.example"
    if env_file.exists():
        return
    if not example.exists():
        raise CourseError(".env.example is missing; restore it with `git checkout .env.example`.")
    shutil.copyfile(example, env_file)
    out.print("Created .env from .env.example (edit it to change settings).")


# Stop requests handled as Ctrl+C is: SIGTERM (`kill`, a process manager) and SIGHUP (the
# terminal was closed). Ctrl+C reaches the app's processes as well; a SIGTERM may reach
# only this one, which must then stop them.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
# How long the app may take to stop before it is killed.
STOP_TIMEOUT_S = 10


class StopRequested(KeyboardInterrupt):
    """SIGTERM or SIGHUP: a stop that may have reached this process alone."""


def _stop_as_ctrl_c(_signum, _frame) -> None:
    raise StopRequested


def _serve(host: str, port: int) -> int:
    """`flask run` until it ends or this process is asked to stop; then stop it (the
    reloader's process stops the app's when it gets SIGTERM)."""
    command = [sys.executable, "-m", "flask", "--app", APP_PACKAGE, "run", "--debug"]
    server = subprocess.Popen([*command, "--host", host, "--port", str(port)], cwd=KIT_ROOT)
    try:
        return server.wait()
    except KeyboardInterrupt as stop:
        # Ctrl+C reached the app's processes too, and they are stopping: a SIGTERM on top
        # made the reloader print a traceback. A SIGTERM or SIGHUP is passed on.
        if isinstance(stop, StopRequested):
            server.terminate()
        try:
            server.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        return 0


def run_app(out: Console, host: str, port: int) -> int:
    """Seed the database when it is empty, serve the app, and stop the embedded database
    after (unless another program, such as a second copy of the app, still uses it), on
    Ctrl+C, SIGTERM or SIGHUP alike."""
    ensure_env_file(out)
    _require_free_port(host, port)
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, _stop_as_ctrl_c)
    try:
        _prepare_app(out)
        out.print(f"Bookshelf runs at http://{host}:{port}/ . Press Ctrl+C to stop.")
        return _serve(host, port)
    finally:
        _stop_embedded_database(out)


def _prepare_app(out: Console) -> None:
    """Load the app and seed an empty database (course.preflight, in its own process); a
    problem ends in its one line, which says what to do."""
    command = [sys.executable, "-m", "course.preflight"]
    prepared = subprocess.run(command, cwd=KIT_ROOT, stdout=subprocess.PIPE, text=True)
    lines = prepared.stdout.rstrip("\n").splitlines()
    if prepared.returncode == 0:
        out.print("\n".join(lines), markup=False, highlight=False)
        return
    *said, problem = lines or ["The app could not start (see the messages above)."]
    if said:
        out.print("\n".join(said), markup=False, highlight=False)
    raise CourseError(problem, prepared.returncode)


def _require_free_port(host: str, port: int) -> None:
    """Stop before anything starts when the app cannot listen there: most often the app is
    still running in another terminal."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        # Bound the way the server binds (SO_REUSEADDR), then closed at once.
        socket.create_server((host, port), family=family).close()
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CourseError(
                f"Port {port} is already in use. Is the app still running in another "
                "terminal? Stop it there with Ctrl+C, then run this again.",
                EXIT_SETUP,
            ) from None
        raise CourseError(f"Cannot listen on {host}:{port}: {error.strerror}.") from None


def _stop_embedded_database(out: Console) -> None:
    """Stop the embedded database (if it runs and nothing else uses it); a second Ctrl+C
    (or stop signal) must not cut this short."""
    signals = (signal.SIGINT, *STOP_SIGNALS)
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in signals}
    try:
        stop = [sys.executable, "-m", f"{APP_PACKAGE}.embedded", "stop", "--if-unused"]
        stopped = subprocess.run(stop, cwd=KIT_ROOT, capture_output=True, text=True)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if stopped.stdout.startswith(("Stopped", "The embedded database keeps running")):
        out.print(stopped.stdout.strip())
