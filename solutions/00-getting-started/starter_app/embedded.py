"""The embedded database: a MongoDB-compatible server kept under instance/.

When MONGO_URI is empty, `flask run` (and `python -m course run`) starts a
SecantusDB server in its own process, so a student with no MongoDB installed
still gets a real, persistent database. It runs as a separate process because
Flask's reloader restarts the app process and the storage engine allows only
one process per data folder; the next start reuses the running server.

Stop it with `python -m starter_app.embedded stop`. `course run` stops it on exit unless
another program still uses it (`stop --if-unused`).
"""

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

STATE_FILE = "embedded-db.json"
DATA_FOLDER = "mongo"
LOG_FILE = "embedded-db.log"
START_TIMEOUT_S = 20.0
# The server checkpoints its data before it exits, which takes a few seconds.
STOP_TIMEOUT_S = 30.0
# A server that is still shutting down holds the data folder's lock: retry a start.
START_ATTEMPTS = 5
# The client that asks who else is connected holds two connections itself: its
# monitor's and the one it asks on.
OWN_CONNECTIONS = 2
# A program that has just exited is still counted for a moment.
SETTLE_S = 2.0


def ensure_server(instance_path: str) -> str:
    """Return the URI of the embedded server for this instance folder, starting it if needed."""
    instance = Path(instance_path)
    running = _running_server(instance)
    if running:
        return running
    instance.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, START_ATTEMPTS + 1):
        port = _free_port()
        process = _spawn(instance, port)
        if _wait_until_listening(process, port):
            break
        if attempt == START_ATTEMPTS:
            _explain_failed_start(process, instance / LOG_FILE)
        time.sleep(1.0)
    state = {"pid": process.pid, "port": port}
    (instance / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    return _uri(port)


def stop_server(instance_path: str) -> bool:
    """Stop the embedded server of this instance folder; return whether one was running."""
    instance = Path(instance_path)
    state = _read_state(instance)
    if not state or not _running_server(instance):
        return False
    os.kill(state["pid"], signal.SIGTERM)
    if not _wait_for_exit(state["pid"], STOP_TIMEOUT_S):
        os.kill(state["pid"], signal.SIGKILL)  # its log lets the next start recover
        _wait_for_exit(state["pid"], 5.0)
    (instance / STATE_FILE).unlink(missing_ok=True)
    return True


def other_clients(instance_path: str) -> int:
    """How many connections other programs hold to this instance's server (0 if none runs)."""
    uri = _running_server(Path(instance_path))
    if not uri:
        return 0
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    options = {"directConnection": True, "serverMonitoringMode": "poll"}
    deadline = time.monotonic() + SETTLE_S
    try:
        with MongoClient(uri, serverSelectionTimeoutMS=2000, **options) as client:
            while True:
                status = client.admin.command("serverStatus")
                others = status["connections"]["current"] - OWN_CONNECTIONS
                if others <= 0 or time.monotonic() > deadline:
                    return max(others, 0)
                time.sleep(0.1)
    except PyMongoError:
        return 0  # a server that cannot answer serves nobody: stopping it loses nothing


def _uri(port: int) -> str:
    # journal=true: a write is acknowledged once it is on disk. Without it, a server killed
    # (a crash, a laptop whose battery ran out) lost every write since its last checkpoint,
    # which the app had already reported as saved. It costs about 0.2 ms a write.
    return f"mongodb://127.0.0.1:{port}/?journal=true"


def _read_state(instance: Path) -> dict | None:
    try:
        return json.loads((instance / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _running_server(instance: Path) -> str | None:
    state = _read_state(instance)
    if state and _process_alive(state["pid"]) and _listening(state["port"]):
        return _uri(state["port"])
    return None


def _spawn(instance: Path, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", __name__, "serve", str(port), str(instance / DATA_FOLDER)]
    log = open(instance / LOG_FILE, "ab")  # noqa: SIM115 (the child keeps it)
    # A new session, so Ctrl+C in the terminal (or a reload) does not stop the database.
    return subprocess.Popen(
        command, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True
    )


def _wait_until_listening(process: subprocess.Popen, port: int) -> bool:
    """True once the server accepts connections; False if it exited first."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if _listening(port):
            return True
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"The embedded database did not start within {START_TIMEOUT_S:.0f} s.")


def _explain_failed_start(process: subprocess.Popen, log: Path) -> None:
    tail = log.read_text(encoding="utf-8", errors="replace")[-600:]
    raise RuntimeError(
        "The embedded database could not start. Is another copy of the app still running "
        f"on the same instance/ folder? Its log ({log}) ends with:\n{tail}"
    )


def _wait_for_exit(pid: int, timeout: float) -> bool:
    """Wait for a process to end; True if it did."""
    deadline = time.monotonic() + timeout
    while _process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _process_alive(pid)


def _process_alive(pid: int) -> bool:
    try:
        # When this process started the server, reap it: an exited child stays a zombie.
        if os.waitpid(pid, os.WNOHANG)[0]:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int, storage_path: str) -> None:
    """Run the server in this process until SIGTERM, then close its data cleanly."""
    from secantus import SecantusDBServer

    logging.basicConfig(level=logging.WARNING)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    server = SecantusDBServer(
        host="127.0.0.1", port=port, storage_path=storage_path, enable_test_commands=False
    )
    server.start()
    # Wake up regularly: a signal handler only runs when the main thread does.
    while not stopping.wait(0.5):
        pass
    server.stop()


def main() -> None:
    """`python -m starter_app.embedded stop [--if-unused]|status` for the default instance/
    folder."""
    instance = Path(__file__).resolve().parent.parent / "instance"
    command = sys.argv[1] if len(sys.argv) > 1 else "status"
    if command == "serve":
        serve(int(sys.argv[2]), sys.argv[3])
    elif command == "stop":
        if "--if-unused" in sys.argv[2:] and other_clients(str(instance)):
            print(
                "The embedded database keeps running: another program still uses it (a "
                "second copy of the app, or `flask shell`). Stop it later with "
                "`python -m starter_app.embedded stop`."
            )
            return
        stopped = stop_server(str(instance))
        print(
            "Stopped the embedded database; its data stays in instance/mongo."
            if stopped
            else "The embedded database was not running."
        )
    elif command == "status":
        uri = _running_server(instance)
        print(
            f"The embedded database runs at {uri}" if uri else "The embedded database is stopped."
        )
    else:
        sys.exit(f"Unknown command {command!r}: use `stop` or `status`.")


if __name__ == "__main__":
    main()
