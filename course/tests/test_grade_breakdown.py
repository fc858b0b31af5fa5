"""The grading bench's breakdown: where one submission's CPU goes, and its table."""

import json
import os
import subprocess
import sys

import pytest

from bench import grade_breakdown
from bench.report import cpu_breakdown
from course.paths import KIT_ROOT


@pytest.fixture
def fresh_counts():
    grade_breakdown.cpu_s.clear()
    grade_breakdown.calls.clear()
    yield grade_breakdown
    grade_breakdown.cpu_s.clear()
    grade_breakdown.calls.clear()


def test_requests_that_register_or_log_in_are_counted_apart():
    part = grade_breakdown.request_part
    assert part(None, "/auth/register") == "login_requests"
    assert part(None, "/auth/login?next=/books/new") == "login_requests"
    assert part(None, "/auth/logout") == "other_requests"
    assert part(None, "/books/") == "other_requests"
    assert part(None) == "other_requests"  # an EnvironBuilder, or the path as a keyword
    assert part(None, path="/auth/login") == "login_requests"


def test_a_part_called_inside_another_counts_once(fresh_counts):
    inner = fresh_counts.timed("pages", lambda: sum(range(10_000)))
    outer = fresh_counts.timed("apps", lambda: [inner() for _ in range(3)])
    outer()
    inner()
    assert dict(fresh_counts.calls) == {"apps": 1, "pages": 1}
    assert fresh_counts.cpu_s["apps"] > 0


def test_the_breakdown_of_a_graded_run_adds_up(state, tmp_path):
    figures = tmp_path / "breakdown.json"
    command = [sys.executable, "-m", "pytest", "tests/lesson09/test_sessions.py", "-q",
               "-p", "no:cacheprovider", "-p", "bench.grade_breakdown",
               "--target", str(state(9)), "--basetemp", str(tmp_path / "runs")]  # fmt: skip
    env = {**os.environ, grade_breakdown.OUTPUT_ENV: str(figures)}
    result = subprocess.run(command, cwd=KIT_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    parts = json.loads(figures.read_text())
    passed = int(result.stdout.split(" passed")[0].split()[-1])
    assert parts["tests"] == passed
    assert parts["apps"] >= passed  # every test of the file builds at least one app
    assert parts["login_requests"] >= 2 * passed  # and registers a user: GET, then POST
    timed = sum(parts[f"{name}_cpu_s"] for name in ("apps", "login_requests",
                "other_requests", "pages"))  # fmt: skip
    assert parts["rest_cpu_s"] == pytest.approx(parts["test_loop_cpu_s"] - timed, abs=0.03)


def test_the_table_counts_the_processes_the_tests_start():
    parts = {"tests": 409, "test_loop_cpu_s": 2.51, "child_processes_cpu_s": 0.52,
             "apps": 391, "apps_cpu_s": 0.51, "login_requests": 1078,
             "login_requests_cpu_s": 0.52, "other_requests": 586, "other_requests_cpu_s": 0.6,
             "pages": 352, "pages_cpu_s": 0.12, "rest_cpu_s": 0.76}  # fmt: skip
    lines = cpu_breakdown(parts)
    assert "its 409 tests in a plain pytest run, 3.03 s in all" in lines[0]
    assert "| Requests to /auth/register and /auth/login | 1,078 | 0.52 |" in lines
    assert any(line.startswith("| Processes the tests start") and "0.52" in line for line in lines)
