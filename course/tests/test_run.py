"""`course run` (what `make run` calls): the app on the embedded database, with sample data."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from fnmatch import fnmatch

import pytest
from dotenv import dotenv_values
from pymongo import MongoClient

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


def _press_ctrl_c(process) -> None:
    os.killpg(process.pid, signal.SIGINT)


def _run_until_interrupted(project, port: int, while_serving=None, stop=_press_ctrl_c) -> str:
    """Start `python -m course run`, wait until it serves (then call `while_serving`, if
    given, with the app's address), stop it (Ctrl+C unless `stop` says otherwise), return
    its output."""
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
        if while_serving:
            while_serving(f"http://127.0.0.1:{port}")
        stop(process)
        output, _ = process.communicate(timeout=60)
    finally:
        still_running = process.poll() is None  # the test failed
        _kill_group(process)  # also an app left behind by a `course run` that has ended
        if still_running:  # leave no database behind either
            _stop_database(project)
    return output


def _kill_group(process) -> None:
    with contextlib.suppress(ProcessLookupError):  # nothing of it is left: the usual case
        os.killpg(process.pid, signal.SIGKILL)


def _stop_database(project) -> str:
    """`python -m starter_app.embedded stop` in the project; its output."""
    stop = [sys.executable, "-m", "starter_app.embedded", "stop"]
    return subprocess.run(stop, cwd=project, env={**os.environ, "PYTHONPATH": str(project)},
                          capture_output=True, text=True, timeout=60).stdout  # fmt: skip


def _copy_project(destination) -> None:
    for name in COPIED:
        source = KIT_ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copyfile
        copy(source, destination / name)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # restarting: nothing answers for a moment


@pytest.mark.slow
def test_run_seeds_serves_stops_and_keeps_the_data(tmp_path):
    _copy_project(tmp_path)

    first = _run_until_interrupted(tmp_path, _free_port())
    assert "Traceback" not in first, first  # Ctrl+C is how a student stops the app
    assert "Created .env from .env.example" in first
    assert "Added 30 sample books" in first
    assert "Stopped the embedded database" in first
    assert not (tmp_path / "instance" / "embedded-db.json").exists()

    second = _run_until_interrupted(tmp_path, _free_port())
    assert "The database already has books; not seeding." in second, second
    assert "Stopped the embedded database" in second


@pytest.mark.slow
@pytest.mark.parametrize("stop_signal", ["SIGTERM", "SIGHUP"])
def test_run_stops_on_sigterm_and_sighup_as_on_ctrl_c(tmp_path, stop_signal):
    """A SIGTERM (`kill`) or SIGHUP (the terminal closed) sent to `course run` alone stops
    the app and the embedded database, as Ctrl+C does: the next run finds the port free."""
    _copy_project(tmp_path)
    port = _free_port()

    def send_signal(process) -> None:
        os.kill(process.pid, getattr(signal, stop_signal))

    try:
        output = _run_until_interrupted(tmp_path, port, stop=send_signal)
        assert "Stopped the embedded database" in output, output
        assert not (tmp_path / "instance" / "embedded-db.json").exists()
        socket.create_server(("127.0.0.1", port)).close()  # no app listens there any more
    finally:
        if (tmp_path / "instance" / "embedded-db.json").exists():
            _stop_database(tmp_path)


@pytest.mark.slow
def test_run_leaves_the_database_running_for_a_program_still_using_it(tmp_path):
    """Ctrl+C stops the embedded database only when nothing else uses it: a second copy of
    the app, or `flask shell`, keeps its database."""
    _copy_project(tmp_path)
    others = []

    def connect_another_program(_url):
        state = json.loads((tmp_path / "instance" / "embedded-db.json").read_text())
        other = MongoClient(f"mongodb://127.0.0.1:{state['port']}/", serverSelectionTimeoutMS=5000)
        other.admin.command("ping")
        others.append(other)

    try:
        output = _run_until_interrupted(tmp_path, _free_port(), connect_another_program)
        assert "The embedded database keeps running" in output, output
        assert others[0].admin.command("ping")["ok"] == 1
    finally:
        for other in others:
            other.close()
        stopped = _stop_database(tmp_path)
    assert stopped.startswith("Stopped the embedded database"), stopped


# Writes through the URI the embedded database gives, then a kill -9 of its server (a
# crash, a laptop whose battery ran out), then a new start on the same data.
WRITE_THEN_KILL = """
import json, os, signal, sys, time
from pathlib import Path
from pymongo import MongoClient
from starter_app import embedded

instance = Path("instance")
with MongoClient(embedded.ensure_server(str(instance))) as client:
    for number in range(100):
        client.bookshelf.notes.insert_one({"number": number})  # each one acknowledged
state = json.loads((instance / embedded.STATE_FILE).read_text())
os.kill(state["pid"], signal.SIGKILL)
while embedded._process_alive(state["pid"]):
    time.sleep(0.05)
with MongoClient(embedded.ensure_server(str(instance))) as client:
    print(client.bookshelf.notes.count_documents({}))
embedded.stop_server(str(instance))
"""


@pytest.mark.slow
def test_the_embedded_database_keeps_every_acknowledged_write_when_killed(tmp_path):
    """Without the journal, the server acknowledged writes it had not yet put on disk: after
    a kill -9, every one of 100 was gone."""
    _copy_project(tmp_path)
    result = subprocess.run([sys.executable, "-c", WRITE_THEN_KILL], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(tmp_path)},
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["100"], result.stdout


def test_run_refuses_a_port_in_use_and_starts_nothing(tmp_path):
    """A second `course run` (the first still running, say) stops at once with one clear
    line, before it could start, or later stop, the database the first one uses."""
    _copy_project(tmp_path)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = _run_once(tmp_path, "--port", str(port))
    assert result.returncode == 3, result.stdout + result.stderr
    assert f"Port {port} is already in use" in result.stdout + result.stderr
    assert not (tmp_path / "instance" / "embedded-db.json").exists()


def _run_once(project, *args: str) -> subprocess.CompletedProcess:
    """`python -m course run ARGS` in the project, for runs that stop on their own; the
    database settings come from the project's .env alone."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("MONGO_")}
    return subprocess.run([sys.executable, "-m", "course", "run", *args], cwd=project,
                          env={**env, "PYTHONPATH": str(project)},
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def _break_setting(line: str):
    return lambda project: (project / ".env").write_text(line + "\n", encoding="utf-8")


def _break_pages(project) -> None:
    pages = project / "starter_app" / "pages.py"
    pages.write_text("import no_such_module\n" + pages.read_text(encoding="utf-8"), "utf-8")


def _remove_init(project) -> None:
    (project / "starter_app" / "__init__.py").unlink()


BROKEN = {
    "a timeout that is not a number": (
        _break_setting("MONGO_TIMEOUT_MS=abc"), 3,
        "MONGO_TIMEOUT_MS in .env must be a whole number of milliseconds, at least 1, got "
        "'abc'. Fix it in .env, then run `python -m course run` again.",
    ),
    "a timeout of 0, which no database could meet": (
        _break_setting("MONGO_TIMEOUT_MS=0"), 3,
        "MONGO_TIMEOUT_MS in .env must be a whole number of milliseconds, at least 1, got '0'",
    ),
    "a database that does not answer": (
        _break_setting("MONGO_URI=mongodb://127.0.0.1:1/bookshelf"), 3,
        "Cannot reach MongoDB at 127.0.0.1:1: start it, or empty MONGO_URI in .env to use the "
        "embedded database.",
    ),
    "an address that is not MongoDB's": (
        _break_setting("MONGO_URI=garbage"), 3, "MONGO_URI in .env cannot be used:",
    ),
    "a database name MongoDB refuses": (
        _break_setting("MONGO_DBNAME=book shelf"), 3,
        "MongoDB does not take the database name in .env:",
    ),
    "an import error in the student's code": (
        _break_pages, 1,
        "Your app does not load: ModuleNotFoundError: No module named 'no_such_module' "
        "(starter_app/pages.py, line 1). Fix it, then run `python -m course run` again.",
    ),
    "a missing __init__.py": (
        _remove_init, 1, "Your app does not load: starter_app/__init__.py is missing",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_run_that_cannot_start_ends_in_one_line_that_says_what_to_do(tmp_path, case):
    """The last line says what is wrong and what to do, with an exit code: 1 for the app's
    code, 3 for the settings or the database. The student's own traceback stays visible
    above it; the tool's and Flask's stay out."""
    break_it, exit_code, message = BROKEN[case]
    _copy_project(tmp_path)
    break_it(tmp_path)
    result = _run_once(tmp_path, "--port", str(_free_port()))
    assert result.returncode == exit_code, result.stdout + result.stderr
    last = " ".join(result.stdout.split("✘")[-1].split())
    assert last.startswith(message), result.stdout
    assert "No such command" not in result.stdout + result.stderr
    student_code = exit_code == 1 and "missing" not in message
    assert ("Traceback" in result.stderr) == student_code, result.stderr
    assert "site-packages" not in result.stderr and "preflight" not in result.stderr


@pytest.mark.parametrize("port", ["0", "99999", "abc", "80.5"])
def test_run_refuses_a_port_that_is_not_a_number_from_1_to_65535(tmp_path, port):
    _copy_project(tmp_path)
    result = _run_once(tmp_path, "--port", port)
    assert result.returncode == 2
    assert f"'{port}': the port must be a whole number from 1 to 65535." in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.skipif(os.name == "nt", reason="the pattern is for Linux and macOS layouts")
def test_the_reloader_watches_the_project_and_not_python_itself():
    """.flaskenv leaves Python's own library folders (thousands of folders) out of what
    `flask run --debug` watches, and keeps the project in."""
    settings = dotenv_values(KIT_ROOT / ".flaskenv")
    patterns = settings["FLASK_RUN_EXCLUDE_PATTERNS"].split(os.pathsep)
    python = {sysconfig.get_paths()[name] for name in ("stdlib", "platstdlib", "purelib")}
    project = [KIT_ROOT, KIT_ROOT / "starter_app", KIT_ROOT / "starter_app" / "pages.py"]
    assert all(any(fnmatch(folder, p) for p in patterns) for folder in python), python
    assert not any(fnmatch(str(path), p) for path in project for p in patterns)


NEW_PAGE = """

@bp.get("/added-while-running")
def added_while_running():
    return "new page"
"""


@pytest.mark.slow
def test_run_restarts_the_app_when_its_code_changes(tmp_path):
    """Saving a file of starter_app/ restarts the app (the debug reloader): the new page
    answers without stopping `course run`."""
    _copy_project(tmp_path)

    def add_a_page(base_url: str) -> None:
        assert _status(f"{base_url}/added-while-running") == 404
        with open(tmp_path / "starter_app" / "pages.py", "a", encoding="utf-8") as pages:
            pages.write(NEW_PAGE)
        deadline = time.monotonic() + 20
        while _status(f"{base_url}/added-while-running") != 200:
            assert time.monotonic() < deadline, "The app did not restart within 20 s of a save."
            time.sleep(0.2)

    output = _run_until_interrupted(tmp_path, _free_port(), add_a_page)
    assert "Detected change in" in output, output
