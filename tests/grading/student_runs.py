"""Run a student's own tests (student_tests/) in processes of their own, and read the outcome.

Each run is `pytest student_tests/` of the submission folder against one version of the
app (unchanged, or one mutant), with grading.student_plugin loaded, a time limit per test
(pytest-timeout) and for all the runs (the process group is killed), no settings file of
the submission's, and results read from the plugin's files (grading.student_records). The
tests are collected once, in a session forked from the test process that asks for the runs
(grading.student_fork), which then forks each run; where Python cannot fork, a session is
started for each run (`python -m pytest`).
"""

import contextlib
import json
import os
import pickle
import resource
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from grading.forked import CAN_FORK
from grading.mutations import Mutant
from grading.student_fork import fork_session, start_session
from grading.student_records import (
    DEADLINE_ENV,
    OUTPUT,
    SuiteRun,
    read_records,
    read_status,
    summarize,
)

STUDENT_TESTS = "student_tests"
# How the runs' settings reach grading.student_plugin (which removes them once read).
APP_ENV = "COURSE_STUDENT_APP"
RUNS_ENV = "COURSE_STUDENT_RUNS"
MUTANT_FILE = "mutant.pickle"  # in a run's folder: the run is of that mutant
TESTS_ROOT = Path(__file__).resolve().parents[1]  # the kit's tests/, which holds grading/
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "SYSTEMROOT")
OUTPUT_TAIL = 1500
FILE_LIMIT = 64 * 1024 * 1024
POLL_S = 0.02  # how often the sessions are looked at
EXIT_GRACE_S = 2.0  # past the deadline: for a session to note how each of its runs ended


@dataclass(frozen=True)
class Limits:
    test_s: float = 3.0  # one student test
    run_s: float = 15.0  # every run, from the session's start to the run's end


def run_all(folder: Path, mutants: list[Mutant], limits: Limits) -> list[SuiteRun]:
    """The runs on the unchanged app (first) and on each mutant, side by side."""
    return _run_side_by_side(folder, [None, *mutants], limits)


def run_suite(folder: Path, mutant: Mutant | None, limits: Limits) -> SuiteRun:
    """Run the student's tests once, against their app changed by `mutant` (or unchanged)."""
    return _run_side_by_side(folder, [mutant], limits)[0]


def _run_side_by_side(folder: Path, mutants: list, limits: Limits) -> list[SuiteRun]:
    if not (folder / STUDENT_TESTS).is_dir():
        missing = f"There is no {STUDENT_TESTS}/ folder next to starter_app/."
        return [SuiteRun(_name(mutant), "no_tests", problem=missing) for mutant in mutants]
    with tempfile.TemporaryDirectory(prefix="student-tests-") as scratch_dir:
        scratch = Path(scratch_dir)
        runs = [_run_folder(scratch / f"run{index}", mutant) for index, mutant in
                enumerate(mutants)]  # fmt: skip
        deadline = time.monotonic() + limits.run_s
        groups = [runs] if CAN_FORK else [[run] for run in runs]
        sessions = [_Session(folder, group, limits, deadline) for group in groups]
        _wait_for(sessions, deadline + EXIT_GRACE_S)
        session_of = {run: session for session in sessions for run in session.runs}
        return [session_of[run].outcome(run, _name(mutant))
                for run, mutant in zip(runs, mutants, strict=True)]  # fmt: skip


def _run_folder(folder: Path, mutant: Mutant | None) -> Path:
    folder.mkdir()
    if mutant is not None:
        (folder / MUTANT_FILE).write_bytes(portable(mutant))
    return folder


class _Session:
    """The process that collects the student's tests once and runs them: forked, or started."""

    def __init__(self, folder: Path, runs: list[Path], limits: Limits, deadline: float):
        self.runs = runs
        self.home = runs[0].with_name(f"session-{runs[0].name}")
        self.home.mkdir()
        self.started = time.monotonic()
        self.seconds = 0.0
        self.timed_out = False
        env = _environment(folder, self.home, runs, deadline)
        command = _command(self.home, folder, limits)
        if CAN_FORK:
            self.process = fork_session(command[3:], self.home, env, self.output)
        else:
            self.process = start_session(command, self.home, env, self.output)
        _limit(self.process.pid, limits)

    @property
    def output(self) -> Path:
        return self.home / OUTPUT

    def stop(self) -> None:
        """The whole group: the runs, and whatever the tests started, end with it."""
        self.timed_out = self.process.poll() is None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.seconds = time.monotonic() - self.started

    def outcome(self, run: Path, name: str) -> SuiteRun:
        """What one of its runs did: its records, and how it ended (its own note, else the
        session's: a session that never forked, or was stopped before it could note it)."""
        printed = [path.read_text("utf-8", "replace") for path in (self.output, run / OUTPUT)
                   if path.is_file()]  # fmt: skip
        returncode, timed_out = read_status(run) or (self.process.returncode, self.timed_out)
        result = summarize(name, read_records(run), returncode, timed_out,
                           "".join(printed)[-OUTPUT_TAIL:])  # fmt: skip
        result.seconds = self.seconds
        return result


def _wait_for(sessions: list[_Session], until: float) -> None:
    """Until every session has ended or the time is up; then each is stopped, group and all."""
    while any(session.process.poll() is None for session in sessions):
        if time.monotonic() >= until:
            break
        time.sleep(POLL_S)
    for session in sessions:
        session.stop()


def _name(mutant: Mutant | None) -> str:
    return mutant.name if mutant else ""


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


def _command(home: Path, folder: Path, limits: Limits) -> list[str]:
    """pytest on student_tests/ with our settings file: the submission's own is never read."""
    settings = home / "pytest.ini"
    settings.write_text("[pytest]\n", encoding="utf-8")
    return [
        sys.executable, "-m", "pytest", str(folder / STUDENT_TESTS),
        f"--config-file={settings}", f"--rootdir={folder}", "--import-mode=importlib",
        "-p", "grading.student_plugin", "-p", "pytest_timeout", f"--timeout={limits.test_s}",
        # The test function only: a timer that ran on while pytest wrote a passed test's
        # report would stop the whole run there, with every later test unrun.
        "-o", "timeout_func_only=true",
        "-p", "no:cacheprovider", "-q", "--no-header", "-rN",
        # Python's own tracebacks: pytest's look for each frame's module among all the
        # modules loaded, and a forked run has the test process's many (0.1 s a failure).
        "--tb=native",
        # sys, not fd: each forked run prints to a file of its own, which fd capture, set
        # up once for the session, would put back to the session's.
        "--capture=sys",
        # A forked session finds the plugins imported already, so pytest cannot rewrite
        # their asserts (they have none that matter) and would say so in its output.
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
    ]  # fmt: skip


def _environment(folder: Path, home: Path, runs: list[Path], deadline: float) -> dict:
    env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    env.update({
        # The kit's tests first: a submission cannot replace the plugin with its own.
        "PYTHONPATH": os.pathsep.join([str(TESTS_ROOT), str(folder)]),
        "HOME": str(home), "TMPDIR": str(home), "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONHASHSEED": "0", "NO_COLOR": "1",
        APP_ENV: str(folder), RUNS_ENV: json.dumps([str(run) for run in runs]),
        DEADLINE_ENV: repr(deadline),
    })  # fmt: skip
    return env


def _limit(pid: int, limits: Limits) -> None:
    """CPU time and file size, set from outside; the runs it forks inherit them."""
    if not hasattr(resource, "prlimit"):
        return
    cpu = int(limits.run_s) + 5
    for kind, value in ((resource.RLIMIT_CPU, cpu), (resource.RLIMIT_FSIZE, FILE_LIMIT)):
        with contextlib.suppress(ProcessLookupError, ValueError, OSError):
            resource.prlimit(pid, kind, (value, value))
