"""The grader's end of the fork server (course.zygote): one collected test process per batch.

Starting pytest, importing the libraries and collecting the tests is done once; each
submission then runs in a child forked from that process, under the same limits and over
the same signed channel as a process of its own. If a submission kills the server, the
next job starts a new one, so the batch goes on.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from course.channel import new_key
from course.errors import EXIT_SETUP, CourseError
from course.grading.sandbox import Limits, Outcome, clean_environment, collect, send_key
from course.grading.tree import HIDDEN
from course.runner import pytest_command, tool_path

MESSAGE_BYTES = 65536


class ForkedChild:
    """A child of the fork server: alive until its pid is gone; its exit code is unknown."""

    def __init__(self, pid: int):
        self.pid = pid

    def poll(self) -> int | None:
        try:
            # The grader adopts the child when the server dies (see leftovers.py): then it
            # must reap it, or the ended child would look alive until the time limit.
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                return -1
        except ChildProcessError:
            pass  # the server's child, as usual: the server reaps it
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return -1
        return None

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)


class ForkServer:
    """Start the server on a tree of tests; `run` grades one submission folder."""

    def __init__(self, write_tree: Callable[[], Path], test_dirs: list[str], backend: str,
                 limits: Limits, home: Path, forget: str = ""):  # fmt: skip
        # The tree is written afresh at every start: the first server deleted the hidden
        # tests, and a submission may have changed files on disk since.
        self.write_tree = write_tree
        self.args = (test_dirs, backend, limits, home, forget)
        self.lock = threading.Lock()
        self.expected: list[dict] = []
        self._start()

    def _start(self) -> None:
        test_dirs, backend, limits, home, forget = self.args
        root = self.write_tree()
        paths = [root / folder for folder in test_dirs]
        extra = [f"--course-forget={root / forget}"] if forget else []
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        command = [*pytest_command(paths, root, home, backend, limits), *extra,
                   f"--course-zygote={theirs.fileno()}"]  # fmt: skip
        self.log = (home / "server.log").open("wb")
        self.process = subprocess.Popen(
            command, cwd=home, env=clean_environment(home, tool_path(root)),
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
            pass_fds=(theirs.fileno(),), start_new_session=True,
        )  # fmt: skip
        theirs.close()
        self.sock = ours
        self.expected = self._announced()

    def _announced(self) -> list[dict]:
        tests = []
        while True:
            data = self.sock.recv(MESSAGE_BYTES)
            message = json.loads(data) if data else {"kind": "gone"}
            if message["kind"] == "ready":
                return tests
            if message["kind"] == "collection_error":
                # Every student would score 0 on its tests: nobody is graded until it is fixed.
                raise _unloadable(message)
            if message["kind"] != "collected":
                log = (self.args[3] / "server.log").read_text(errors="replace")[-1500:]
                raise CourseError(f"The graded tests cannot be collected:\n{log}", EXIT_SETUP)
            tests.append(message)

    def run(self, target: Path, home: Path, limits: Limits) -> Outcome:
        """Grade the app in `target` in a fresh child; `home` is its working folder."""
        key = new_key()
        key_read, key_write = os.pipe()
        channel_read, channel_write = os.pipe()
        output_read, output_write = os.pipe()
        job = {"target": str(target), "home": str(home), "cpu_s": int(limits.wall_s) + 5,
               "file_mb": limits.file_mb, "memory_mb": limits.memory_mb}  # fmt: skip
        try:
            pid = self._fork(job, [channel_write, key_read, output_write])
        finally:
            for fd in (channel_write, key_read, output_write):
                os.close(fd)
        send_key(key_write, key)
        try:
            return collect(ForkedChild(pid), channel_read, output_read, key, limits.wall_s)
        finally:
            os.close(channel_read)
            os.close(output_read)

    def _fork(self, job: dict, fds: list[int]) -> int:
        """Ask the server for a child; start a new server if a submission killed it."""
        with self.lock:
            for attempt in range(2):
                try:
                    socket.send_fds(self.sock, [json.dumps(job).encode()], fds)
                    return json.loads(self.sock.recv(MESSAGE_BYTES))["pid"]
                except (OSError, ValueError, KeyError):
                    if attempt:
                        raise
                    self.close()
                    self._start()
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Hang up: the server ends; stop it if it does not."""
        self.sock.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def _unloadable(error: dict) -> CourseError:
    """A test file that cannot be imported, named as the instructor knows it."""
    where = error["nodeid"]
    if where.startswith(f"{HIDDEN}/"):
        where = f"{where.removeprefix(f'{HIDDEN}/')} in the --tests folder"
    return CourseError(
        f"A test file cannot be loaded, so its tests could grade no one: {where}\n"
        f"{error['message']}\nFix it, then grade again.",
        EXIT_SETUP,
    )
