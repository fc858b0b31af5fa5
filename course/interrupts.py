"""A KeyboardInterrupt or a pytest.exit() the app raises fails the test it ran in, as any
other error does.

pytest takes a KeyboardInterrupt for the user's Ctrl+C, and pytest.exit() for a request to
end the session: either stops the whole run and skips the test's teardown, so every later
test went unreported and the database patches left in place read as tampering. No Ctrl+C
reaches this process (the tool starts it in a session of its own and stops it from
outside), and neither the tests nor the tool call pytest.exit(), so the app raised it.
"""

import pytest


class AppStop(Exception):
    """The app raised what would stop the whole run (its traceback is this error's cause)."""

    def __init__(self, did: str, why: str):
        super().__init__(did)
        self.did = did  # "raised KeyboardInterrupt", said of the app
        self.why = why  # what that does, and what to do instead


KEYBOARD_INTERRUPT = (
    "raised KeyboardInterrupt",
    "Python raises it when you press Ctrl+C; an app must not raise it itself.",
)
PYTEST_EXIT = (
    "called pytest.exit()",
    "It ends the whole test run, not just this test; an app must not call it.",
)


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
        raise AppStop(*KEYBOARD_INTERRUPT) from interrupt
    except pytest.exit.Exception as stop:
        raise AppStop(*PYTEST_EXIT) from stop
