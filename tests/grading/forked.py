"""Run a program in a child forked from the test process, as if it had been started anew.

The process that grades a student has imported Flask, pytest and the app's libraries and
compiled the app's templates: a fork starts with all of that done, where a new Python
process that only imports the libraries costs about 0.3 to 0.5 s of CPU. Before it runs
its program, the child cuts itself off: a session of its own (killed as a whole), no open
files but its input and its output file (so it cannot write where the test process sends
its results), the folder, environment and import path a process started there would
have, and the student's app imported anew (the test process's copy is forgotten).
"""

import contextlib
import gc
import os
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from grading.target import APP_PACKAGE

CAN_FORK = hasattr(os, "fork")
CRASHED = 70  # what a child exits with when its program could not even start
HIGHEST_FD = 65536  # every inherited descriptor above the standard three is closed


def fork_main(main: Callable[[], int], cwd: Path, env: dict, output: Path) -> "Forked":
    """Run `main()` in a child, in `cwd` with `env`, printing to `output`; its return value
    is the child's exit code."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # nothing of ours may be printed twice
            stream.flush()
    pid = os.fork()
    if pid == 0:
        _child(main, cwd, env, output)
    return Forked(pid)


class Forked:
    """A forked child, waited for like a subprocess.Popen."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self._reaped = False

    def poll(self) -> int | None:
        return self._wait(os.WNOHANG)

    def wait(self) -> int | None:
        return self._wait(0)

    def _wait(self, options: int) -> int | None:
        if self._reaped:
            return self.returncode
        try:
            pid, status = os.waitpid(self.pid, options)
        except ChildProcessError:  # reaped already (SIGCHLD ignored): its code is unknown
            self._reaped = True
            return None
        if pid:
            self._reaped = True
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode


def _child(main: Callable[[], int], cwd: Path, env: dict, output: Path) -> None:
    """Run `main`, then exit without returning to the test process's code."""
    code = CRASHED
    try:
        os.setsid()
        # What the parent holds is never scanned by the child's collections: less work,
        # and the child keeps sharing those pages with the test process.
        gc.freeze()
        _isolate(cwd, env, output)
        _forget_the_app()
        code = int(main() or 0)
    except SystemExit as stop:  # a program's own way to end, with Python's exit codes
        code = 0 if stop.code is None else stop.code if isinstance(stop.code, int) else 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _isolate(cwd: Path, env: dict, output: Path) -> None:
    """No input, output to its own file, and the folder, environment and import path that
    a Python process started there would have."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.closerange(3, HIGHEST_FD)
    devnull = os.open(os.devnull, os.O_RDONLY)
    written = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    for fd, source in ((0, devnull), (1, written), (2, written)):
        os.dup2(source, fd)
    os.close(devnull)
    os.close(written)
    # The parent's streams may be its own test run's capture: the child gets plain ones.
    sys.stdin = sys.__stdin__ = _stream(0, "r")
    sys.stdout = sys.__stdout__ = _stream(1, "w")
    sys.stderr = sys.__stderr__ = _stream(2, "w")
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = None  # read TMPDIR again
    paths = [path for path in env.get("PYTHONPATH", "").split(os.pathsep) if path]
    sys.path[:0] = [str(cwd), *paths]


def _stream(fd: int, mode: str):
    """A text stream on a standard descriptor, held until the child exits."""
    return open(fd, mode, encoding="utf-8", errors="replace", closefd=False)


def _forget_the_app() -> None:
    """The test process's copy of the app is not the child's: the child imports it again
    (a student's test run, to break it as its mutant says; gunicorn, as it would anew)."""
    forget(APP_PACKAGE)


def forget(package: str) -> None:
    """Drop `package` and its modules from this process: the next import loads them anew."""
    for name in [name for name in sys.modules if name.split(".")[0] == package]:
        del sys.modules[name]
