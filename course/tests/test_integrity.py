"""The integrity check trusts ordinary test code: only tampering makes results untrusted,
and a result counts once a later check has found the machinery unchanged."""

import shutil
import textwrap

import pytest

from course.grading.sandbox import Limits
from course.paths import KIT_ROOT
from course.recorder import CHECK_EVERY
from course.runner import run_pytest

# Written as an instructor writes hidden tests: a module-level import of Flask's request
# proxy, and a client that follows a redirect (werkzeug then copies its request builder,
# and Python caches __slotnames__ on the builder's class).
ORDINARY_TESTS = """
from flask import redirect, request


def test_a_redirect_is_followed(app, client):
    app.add_url_rule("/old-health", "old_health", lambda: redirect("/health"))
    response = client.get("/old-health", follow_redirects=True)
    assert response.request.path == "/health"


def test_the_request_proxy_is_usable_in_a_request(app):
    with app.test_request_context("/books?q=whale"):
        assert request.args["q"] == "whale"
"""

# Each tampers, in its first test, with what decides results; the test after it would pass.
REPLACED_FUNCTION = """
import _pytest.runner


def test_that_replaces_a_pytest_function():
    _pytest.runner.call_and_report = lambda *args, **kwargs: None
"""

SWAPPED_BODY = """
import _pytest.runner


def test_that_swaps_the_body_of_a_pytest_function():
    _pytest.runner.call_and_report.__code__ = (lambda item, when, log=True, **kwds: None).__code__
"""

FALSE_SLOT_CACHE = """
import werkzeug.test


def test_that_sets_a_false_slot_cache():
    werkzeug.test.EnvironBuilder.__slotnames__ = ["environ_base"]
"""

AFTER_IT = """

def test_after_it():
    assert True
"""


@pytest.mark.parametrize(
    ("source", "noticed"),
    [
        (REPLACED_FUNCTION, "call_and_report was replaced"),
        (SWAPPED_BODY, "call_and_report was replaced"),
        (FALSE_SLOT_CACHE, "EnvironBuilder gained or lost attributes"),
    ],
    ids=["replaced function", "swapped body", "false slot cache"],
)
def test_tampering_is_noticed(tmp_path, source, noticed):
    run = run_as_graded(tmp_path, source + AFTER_IT)
    assert noticed in run.incomplete
    assert not any(t.passed for t in run.tests)


def run_as_graded(tmp_path, source: str):
    """Run `source` as a graded test module, with the kit's fixtures, on state 0."""
    root = tmp_path / "kit"
    shutil.copytree(KIT_ROOT / "tests" / "grading", root / "tests" / "grading")
    shutil.copy(KIT_ROOT / "tests" / "conftest.py", root / "tests" / "conftest.py")
    shutil.copy(KIT_ROOT / "pyproject.toml", root / "pyproject.toml")
    module = root / "tests" / "lesson00" / "test_written_by_hand.py"
    module.parent.mkdir()
    module.write_text(textwrap.dedent(source))
    limits = Limits(wall_s=120, test_s=30)
    return run_pytest([module.parent], root, KIT_ROOT, "mock", limits)


def test_ordinary_test_code_is_trusted(tmp_path):
    run = run_as_graded(tmp_path, ORDINARY_TESTS)
    assert not run.problem and not run.incomplete, run.problem or run.incomplete
    assert [(t.name, t.outcome) for t in run.tests] == [
        ("test_a_redirect_is_followed", "passed"),
        ("test_the_request_proxy_is_usable_in_a_request", "passed"),
    ], [t.message for t in run.tests]


def _passing_tests(count: int) -> str:
    return "".join(f"\n\ndef test_passing_{n:02d}():\n    assert True\n" for n in range(count))


ENDS_WITH_OS_EXIT = """

def test_that_ends_the_process():
    import os

    os._exit(0)
"""

KILLS_ITSELF = """

def test_that_kills_its_own_process():
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_os_exit_keeps_the_results_before_it(tmp_path):
    run = run_as_graded(tmp_path, _passing_tests(3) + ENDS_WITH_OS_EXIT)
    assert [t.outcome for t in run.tests] == ["passed"] * 3 + ["error"], run.incomplete
    assert "ended early during test_that_ends_the_process" in run.incomplete


def test_a_process_killed_between_checks_loses_the_results_since_the_last_one(tmp_path):
    run = run_as_graded(tmp_path, _passing_tests(CHECK_EVERY + 2) + KILLS_ITSELF)
    assert [t.outcome for t in run.tests] == ["passed"] * CHECK_EVERY + ["error"] * 3
    assert all("ended early" in t.message for t in run.tests[CHECK_EVERY:])


BREAKS_A_HOOK = """

def test_that_breaks_a_hook(request, client):
    client.get("/")

    class Broken:
        def pytest_runtest_makereport(self, item, call):
            raise LookupError("a hook failed")

    request.config.pluginmanager.register(Broken())


def test_after_it():
    assert True
"""


def test_a_failure_of_pytest_itself_is_reported_with_where_it_happened(tmp_path):
    """pytest ends the run with an INTERNALERROR; the reason names that error, not tampering
    (the test's teardown never ran, so what its fixtures patched looked changed)."""
    run = run_as_graded(tmp_path, _passing_tests(CHECK_EVERY + 2) + BREAKS_A_HOOK)
    assert [t.outcome for t in run.tests] == ["passed"] * CHECK_EVERY + ["error"] * 4
    assert run.incomplete.startswith(
        "the grading failed during test_that_breaks_a_hook with an error outside the test "
        "itself (LookupError: a hook failed, at lesson00/test_written_by_hand.py line "
    ), run.incomplete
    assert f"no result from test_passing_{CHECK_EVERY} on can be trusted" in run.incomplete
    # The hook this test registered is named; what its fixtures patched is put back first.
    assert "had changed (a test, fixture, plugin or hook was replaced)" in run.incomplete
