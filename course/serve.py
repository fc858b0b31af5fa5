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


def _flask(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "flask", "--app", APP_PACKAGE, *args]
    return subprocess.run(command, cwd=KIT_ROOT)


def run_app(out: Console, host: str, port: int) -> int:
    """Seed the database when it is empty, serve the app, and stop the embedded database
    after (unless another program, such as a second copy of the app, still uses it)."""
    ensure_env_file(out)
    _require_free_port(host, port)
    try:
        _prepare_app(out)
        out.print(f"Bookshelf runs at http://{host}:{port}/ . Press Ctrl+C to stop.")
        try:
            served = _flask("run", "--debug", "--host", host, "--port", str(port))
        except KeyboardInterrupt:
            served = None
    finally:
        _stop_embedded_database(out)
    return served.returncode if served else 0


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
    must not cut this short."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        stop = [sys.executable, "-m", f"{APP_PACKAGE}.embedded", "stop", "--if-unused"]
        stopped = subprocess.run(stop, cwd=KIT_ROOT, capture_output=True, text=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    if stopped.stdout.startswith(("Stopped", "The embedded database keeps running")):
        out.print(stopped.stdout.strip())
