"""A KeyboardInterrupt the app raises fails the test it ran in, as any other error does.

pytest takes a KeyboardInterrupt for the user's Ctrl+C and stops the whole run, skipping
the test's teardown: every later test went unreported, and the database patches left in
place read as tampering. No Ctrl+C reaches this process (the tool starts it in a session
of its own and stops it from outside), so the app raised it.
"""

import pytest


class AppInterrupt(Exception):
    """The app raised KeyboardInterrupt (its traceback is this error's cause)."""


class InterruptsFail:
    """Registered by course.plugin in the tool's test runs (never in a plain pytest run)."""

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item):
        return (yield from _as_a_failure())

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_call(self, item):
        return (yield from _as_a_failure())

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_teardown(self, item, nextitem):
        return (yield from _as_a_failure())


def _as_a_failure():
    try:
        return (yield)
    except KeyboardInterrupt as interrupt:
        raise AppInterrupt("KeyboardInterrupt") from interrupt
