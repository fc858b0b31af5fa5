"""What one run of a student's tests did, read from what grading.student_plugin left.

Each run has a folder: the plugin writes one JSON line per event to RESULTS there (what
was collected, each test's start and result, the end), the run prints to OUTPUT, and the
process the runs were forked from notes in STATUS how the run ended. A SuiteRun is made
from the records alone, never from the printed output or the exit code.
"""

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path

RESULTS = "results.jsonl"
OUTPUT = "output.txt"
STATUS = "status.json"
DEADLINE_ENV = "COURSE_STUDENT_DEADLINE"  # when every run must have ended (time.monotonic)


@dataclass
class SuiteRun:
    """What happened when the student's tests ran against one version of their app."""

    mutant: str  # its name; "" for the unchanged app
    status: str  # passed, failed, no_tests, broken or timed_out
    failures: list[tuple[str, str]] = field(default_factory=list)  # (test, message)
    problem: str = ""  # why the run is broken, or has no tests
    collected: int = 0
    apps_built: int = 0
    hits: int = 0  # requests, writes or pages the mutant actually changed
    unfinished: str = ""  # the test that was running when time ran out
    seconds: float = 0.0


def write_status(run: Path, exit_code: int | None) -> None:
    """How a forked run ended: its exit code, or None when its time ran out."""
    (run / STATUS).write_text(json.dumps({"exit_code": exit_code}), encoding="utf-8")


def read_status(run: Path) -> tuple[int | None, bool] | None:
    """(exit code, whether its time ran out) as written, or None when nothing was."""
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        code = json.loads((run / STATUS).read_text(encoding="utf-8")).get("exit_code")
        return (code, False) if isinstance(code, int) else (None, True)
    return None


def read_records(run: Path) -> list[dict]:
    """The plugin's records; a line cut short by a killed run is left out."""
    results = run / RESULTS
    if not results.is_file():
        return []
    records = []
    for line in results.read_text("utf-8", "replace").splitlines():
        with contextlib.suppress(ValueError):
            records.append(json.loads(line))
    return [record for record in records if isinstance(record, dict)]


def summarize(name: str, records: list[dict], returncode, timed_out: bool, output: str):
    """A SuiteRun from the plugin's records: the records decide, never the printed output."""
    kinds = {record.get("kind"): record for record in records}
    results = [record for record in records if record.get("kind") == "result"]
    failures = [(r["nodeid"], r.get("message", "")) for r in results if r.get("outcome") in
                ("failed", "error")]  # fmt: skip
    run = SuiteRun(name, "passed", failures, collected=kinds.get("collected", {}).get("count", 0))
    run.apps_built = kinds.get("end", {}).get("apps_built", 0)
    run.hits = kinds.get("end", {}).get("hits", 0)
    errors = [r for r in records if r.get("kind") in ("app_error", "collection_error")]
    if errors:
        run.status, run.problem = "broken", errors[0].get("message", "")
    elif failures:
        run.status = "failed"
    elif timed_out:
        run.status, run.unfinished = "timed_out", _unfinished(records)
    elif "collected" not in kinds or "end" not in kinds or _left_unrun(results, run.collected):
        # pytest ends a session properly after pytest.exit() or an error of its own: that
        # it ended says nothing of the tests that never ran.
        run.status = "broken"
        code = "unknown" if returncode is None else returncode
        last = _unfinished(records)
        which = f" ({short_name(last)} was the last test to start)" if last else ""
        run.problem = f"the run stopped early{which} (exit code {code}):\n{output}".rstrip()
    elif run.collected == 0:
        run.status = "no_tests"
    return run


def _left_unrun(results: list[dict], collected: int) -> bool:
    """Whether fewer tests have a result than were collected."""
    return len({result["nodeid"] for result in results}) < collected


def short_name(nodeid: str) -> str:
    """'test_reviews.py::test_x' for 'student_tests/test_reviews.py::test_x'."""
    path, separator, test = nodeid.partition("::")
    return Path(path).name + separator + test


def _unfinished(records: list[dict]) -> str:
    started = [r["nodeid"] for r in records if r.get("kind") == "start"]
    done = {r["nodeid"] for r in records if r.get("kind") == "result"}
    running = [nodeid for nodeid in started if nodeid not in done]
    return running[-1] if running else ""
