"""A pytest plugin for the grading bench: where the CPU of grading one submission goes.

bench/grade_throughput.py loads it (`-p bench.grade_breakdown`) in a run of the graded
tests on a finished app, and names the JSON file it writes in GRADE_BREAKDOWN_FILE. In
CPU seconds of the test process, it times: building the fresh apps (`create_app`), the
requests to /auth/register and /auth/login, the other requests, and reading pages; and,
apart, the CPU of the processes the tests started and waited for (the runs of the
student's own tests in lesson 12). What is left is pytest, the fixtures and the tests'
own code.
"""

import functools
import json
import os
import time
from collections import Counter
from pathlib import Path

import pytest

OUTPUT_ENV = "GRADE_BREAKDOWN_FILE"
LOGIN_PATHS = ("/auth/register", "/auth/login")

cpu_s: Counter = Counter()
calls: Counter = Counter()
_inside = []  # the part being timed: a part called from inside another counts once


def timed(part: str, function, part_of_call=None):
    """`function`, its CPU added to `part` (or to part_of_call(*args), when given)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _inside:
            return function(*args, **kwargs)
        name = part_of_call(*args, **kwargs) if part_of_call else part
        _inside.append(name)
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            cpu_s[name] += time.process_time() - started
            calls[name] += 1
            _inside.pop()

    return wrapper


def request_part(client, path="/", *args, **kwargs) -> str:
    """'login_requests' for the pages that register or log in a user, else 'other_requests'."""
    where = path if isinstance(path, str) else ""
    return "login_requests" if where.startswith(LOGIN_PATHS) else "other_requests"


def pytest_configure(config):
    from flask.testing import FlaskClient

    from grading import page, target  # the graded tests' helpers (tests/ is on the path)

    FlaskClient.open = timed("", FlaskClient.open, request_part)
    page._parse = timed("pages", page._parse)
    load = target.load_app_factory
    target.load_app_factory = lambda folder: timed("apps", load(folder))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtestloop(session):
    started, children = time.process_time(), _children_cpu()
    yield
    loop = time.process_time() - started
    parts = {name: round(cpu_s[name], 2) for name in ("apps", "login_requests",
             "other_requests", "pages")}  # fmt: skip
    figures = {
        "tests": len(session.items),
        "test_loop_cpu_s": round(loop, 2),
        **{f"{name}_cpu_s": seconds for name, seconds in parts.items()},
        **{name: calls[name] for name in parts},
        "child_processes_cpu_s": round(_children_cpu() - children, 2),
        "rest_cpu_s": round(loop - sum(cpu_s.values()), 2),
    }
    Path(os.environ[OUTPUT_ENV]).write_text(json.dumps(figures, indent=2))


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system
