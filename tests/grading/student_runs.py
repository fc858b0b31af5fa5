"""Run a student's own tests (student_tests/) in a process of their own, and read the outcome.

Each run is `pytest student_tests/` of the submission folder, with grading.student_plugin
loaded, a time limit per test (pytest-timeout) and for the whole run (the process group is
killed), no settings file of the submission's, and results read from the plugin's file
(grading.student_records).
The processes are forked from grading.student_zygote, which has imported pytest and the
app's libraries once (about 40% of the CPU of a submission's runs, saved); if a run kills
it, the next runs start `python -m pytest` themselves.
"""

import contextlib
import json
import os
import pickle
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from grading import student_zygote
from grading.mutations import Mutant
from grading.student_records import SuiteRun, read_records, summarize

STUDENT_TESTS = "student_tests"
# How a run's settings reach grading.student_plugin (which removes them once read).
APP_ENV = "COURSE_STUDENT_APP"
MUTANT_ENV = "COURSE_STUDENT_MUTANT"
RESULTS_ENV = "COURSE_STUDENT_RESULTS"
TESTS_ROOT = Path(__file__).resolve().parents[1]  # the kit's tests/, which holds grading/
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "SYSTEMROOT")
OUTPUT_TAIL = 1500
FILE_LIMIT = 64 * 1024 * 1024
MAX_PARALLEL = 8
POLL_S = 0.02  # how often a run forked by the zygote is looked at


@dataclass(frozen=True)
class Limits:
    test_s: float = 3.0  # one student test
    run_s: float = 15.0  # one whole run of their tests


def run_all(folder: Path, mutants: list[Mutant], limits: Limits) -> list[SuiteRun]:
    """The runs on the unchanged app (first) and on each mutant, side by side."""
    jobs = [None, *mutants]
    # Each run mostly waits for its process; all at once was fastest even on two cores.
    workers = min(len(jobs), MAX_PARALLEL)
    with Zygote.started(folder) as zygote, ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda mutant: run_suite(folder, mutant, limits, zygote), jobs))


class Zygote:
    """grading.student_zygote: forks each run from a process that has imported pytest and
    the app's libraries once (a run then costs its tests, not the imports)."""

    def __init__(self, folder: Path, scratch: Path):
        env = _environment(folder, scratch, scratch / "unused", "")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "grading.student_zygote", str(folder)], cwd=scratch, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True, text=True,
        )  # fmt: skip
        self.lock = threading.Lock()

    @classmethod
    @contextlib.contextmanager
    def started(cls, folder: Path):
        with tempfile.TemporaryDirectory(prefix="student-zygote-") as scratch:
            zygote = cls(folder, Path(scratch))
            try:
                yield zygote
            finally:
                zygote.stop()

    def spawn(self, command: list[str], env: dict, output: Path) -> int | None:
        """Start `command` (python -m pytest ...) as a child; its pid, or None when the
        zygote is gone (a run killed it), so the caller starts a process of its own."""
        job = {"argv": command[3:], "cwd": env["TMPDIR"], "env": env, "output": str(output)}
        with self.lock:
            try:
                self.process.stdin.write(json.dumps(job) + "\n")
                self.process.stdin.flush()
                answer = self.process.stdout.readline()
            except (OSError, ValueError):
                return None
        return int(answer) if answer.strip().isdigit() else None

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.stdin.close()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def run_suite(
    folder: Path, mutant: Mutant | None, limits: Limits, zygote: Zygote | None = None
) -> SuiteRun:
    """Run the student's tests once, against their app changed by `mutant` (or unchanged)."""
    name = mutant.name if mutant else ""
    if not (folder / STUDENT_TESTS).is_dir():
        missing = f"There is no {STUDENT_TESTS}/ folder next to starter_app/."
        return SuiteRun(name, "no_tests", problem=missing)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="student-tests-") as scratch_dir:
        scratch = Path(scratch_dir)
        results = scratch / "results.jsonl"
        env = _environment(folder, scratch, results, _save(mutant, scratch))
        returncode, timed_out = _run(_command(scratch, folder, limits), env, limits, zygote)
        output = (scratch / "output.txt").read_text("utf-8", "replace")[-OUTPUT_TAIL:]
        records = read_records(results)
    run = summarize(name, records, returncode, timed_out, output)
    run.seconds = time.monotonic() - started
    return run


def portable(mutant: Mutant) -> bytes:
    """The mutant as the tests' process receives it; a clear error for the lesson's author."""
    try:
        return pickle.dumps(mutant)
    except (pickle.PicklingError, AttributeError, TypeError) as error:
        raise TypeError(
            f"Mutant {mutant.name!r} cannot be sent to the process that runs the student's "
            f"tests ({error}). Give its change module-level functions, not lambdas, and "
            "define it in a module the tests' folder can import (e.g. under tests/grading/)."
        ) from None


def _save(mutant: Mutant | None, scratch: Path) -> str:
    if mutant is None:
        return ""
    path = scratch / "mutant.pickle"
    path.write_bytes(portable(mutant))
    return str(path)


def _command(scratch: Path, folder: Path, limits: Limits) -> list[str]:
    """pytest on student_tests/ with our settings file: the submission's own is never read."""
    settings = scratch / "pytest.ini"
    settings.write_text("[pytest]\n", encoding="utf-8")
    return [
        sys.executable, "-m", "pytest", str(folder / STUDENT_TESTS),
        f"--config-file={settings}", f"--rootdir={folder}", "--import-mode=importlib",
        "-p", "grading.student_plugin", "-p", "pytest_timeout", f"--timeout={limits.test_s}",
        # The test function only: a timer that ran on while pytest wrote a passed test's
        # report would stop the whole run there, with every later test unrun.
        "-o", "timeout_func_only=true",
        "-p", "no:cacheprovider", "-q", "--no-header", "-rN", "--tb=short",
        # The zygote imported the plugins already, so pytest cannot rewrite their asserts
        # (they have none that matter) and would say so in every run's output.
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
    ]  # fmt: skip


def _environment(folder: Path, scratch: Path, results: Path, mutant_file: str) -> dict:
    env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    env.update({
        # The kit's tests first: a submission cannot replace the plugin with its own.
        "PYTHONPATH": os.pathsep.join([str(TESTS_ROOT), str(folder)]),
        "HOME": str(scratch), "TMPDIR": str(scratch), "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONHASHSEED": "0", "NO_COLOR": "1",
        APP_ENV: str(folder), MUTANT_ENV: mutant_file, RESULTS_ENV: str(results),
    })  # fmt: skip
    return env


def _run(command: list[str], env: dict, limits: Limits, zygote: Zygote | None = None):
    """Run to the end or to the time limit; (exit code or None, whether time ran out)."""
    scratch = Path(env["TMPDIR"])
    pid = zygote.spawn(command, env, scratch / "output.txt") if zygote else None
    if pid is None:
        return _run_process(command, env, limits)
    _limit(pid, limits)
    deadline = time.monotonic() + limits.run_s
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(POLL_S)
    timed_out = _alive(pid)
    _stop_group(pid)
    exit_code = scratch / student_zygote.EXIT_CODE_FILE
    return (int(exit_code.read_text()) if exit_code.is_file() else None), timed_out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop_group(pid: int) -> None:
    """The whole group: whatever the tests started must not outlive the run."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _run_process(command: list[str], env: dict, limits: Limits) -> tuple[int | None, bool]:
    """The same as a process of its own: to the end or to the time limit."""
    scratch = Path(env["TMPDIR"])
    # Started in the run's own folder: python -m puts the working folder first on the path.
    with open(scratch / "output.txt", "wb") as output:
        process = subprocess.Popen(
            command, cwd=scratch, env=env, stdin=subprocess.DEVNULL, stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        _limit(process.pid, limits)
        try:
            process.wait(timeout=limits.run_s)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
        _stop_group(process.pid)
        return process.wait(), timed_out


def _limit(pid: int, limits: Limits) -> None:
    """CPU time and file size, set from outside (preexec_fn is unsafe with threads)."""
    if not hasattr(resource, "prlimit"):
        return
    cpu = int(limits.run_s) + 5
    for kind, value in ((resource.RLIMIT_CPU, cpu), (resource.RLIMIT_FSIZE, FILE_LIMIT)):
        with contextlib.suppress(ProcessLookupError, ValueError, OSError):
            resource.prlimit(pid, kind, (value, value))
