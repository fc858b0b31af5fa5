"""A warm start for the runs of a student's own tests: the libraries imported once, a fork per run.

Started by grading.student_runs (`python -m grading.student_zygote FOLDER`) with the
environment every run shares, so what Python reads at start (PYTHONHASHSEED, the path) is
the runs'. It imports pytest and the libraries an app uses, never the student's app or
tests; it compiles the app's source files once (compiling runs none of their code), so the
runs read that bytecode instead of each compiling them again. Then it reads one job per
line on stdin: {"argv", "cwd", "env", "output"}. For each job it forks a child that cuts
itself off (a new session, no input, its own output file, working folder and environment)
and runs pytest there; the parent answers with the child's pid on stdout. The child writes
pytest's exit code to EXIT_CODE_FILE in its folder before it exits.
"""

import compileall
import contextlib
import gc
import json
import os
import signal
import sys
import tempfile
from pathlib import Path

PRELOADED = ("pytest", "pytest_timeout", "flask", "flask_pymongo", "flask_wtf", "wtforms",
             "mongomock", "pymongo", "bson", "jinja2", "werkzeug", "dotenv",
             # What a run imports besides: the kit's plugin and pytest's lazy plugins. A run
             # reads bytecode only from this process's BYTECODE folder (sys.pycache_prefix),
             # so any module it imported itself would be compiled again in every run.
             "grading.student_plugin", "_pytest.junitxml", "_pytest.tracemalloc",
             "_pytest._argcomplete", "readline", "concurrent.futures.thread")  # fmt: skip
EXIT_CODE_FILE = "exit_code"
BYTECODE = "bytecode"  # in the zygote's folder: the app's compiled files, read by every run
MAX_FOLDER_DEPTH = 8  # an app's folders go no deeper; a link to a parent ends there too
CRASHED = 70  # what a child exits with when it could not even start pytest


def main() -> None:
    for name in PRELOADED:
        with contextlib.suppress(ImportError):  # a missing library is imported by nobody
            __import__(name)
    if len(sys.argv) > 1:
        _compile_app(Path(sys.argv[1]) / "starter_app")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped without waiting
    # What is loaded now is never scanned by a run's collections (pytest collects at the
    # end of every run): less work, and the children keep sharing those pages.
    gc.freeze()
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            _child(json.loads(line))
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()


def _compile_app(package: Path) -> None:
    """Write the app's bytecode under this folder; the runs inherit where to read it from.

    Python checks each file's size and time against its source before using it, and the
    runs never write there (PYTHONDONTWRITEBYTECODE): an app file a test changes is simply
    compiled again in that run.
    """
    sys.pycache_prefix = str(Path.cwd() / BYTECODE)
    compileall.compile_dir(package, maxlevels=MAX_FOLDER_DEPTH, quiet=2, workers=1)


def _child(job: dict) -> None:
    """Run pytest for one job, then exit without returning to the parent's loop."""
    code = CRASHED
    exit_code = Path(job["cwd"]) / EXIT_CODE_FILE  # absolute: the tests may change folder
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        _isolate(job)
        import pytest

        code = int(pytest.main(job["argv"]))
        exit_code.write_text(str(code), encoding="utf-8")
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _isolate(job: dict) -> None:
    """No input (the jobs pipe stays with the parent), output to the job's file, and the
    job's folder, environment and import path, as `python -m pytest` there would have."""
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - held until the exit
    os.dup2(sys.stdin.fileno(), 0)
    output = os.open(job["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)
    os.chdir(job["cwd"])
    os.environ.clear()
    os.environ.update(job["env"])
    tempfile.tempdir = None  # read TMPDIR again
    paths = [path for path in job["env"].get("PYTHONPATH", "").split(os.pathsep) if path]
    sys.path[:0] = [job["cwd"], *paths]


if __name__ == "__main__":
    main()
