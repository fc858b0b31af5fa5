"""Tests that hang: how the plugin tells, and the shorter limit the ones after a hang get."""

import pytest


class ShorterAfterAHang:
    """Once a test has timed out, give each later test less time.

    An endless loop in a view hangs every test that asks for that page: at the full
    per-test timeout each, a check would take minutes to say the same thing again. Tests
    that do not meet the loop end well within the shorter time."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        yield
        if call.excinfo is not None and timed_out(call.excinfo):
            later = item.session.items[item.session.items.index(item) + 1 :]
            for following in later:  # pytest-timeout reads the marker when each one starts
                following.add_marker(pytest.mark.timeout(self.seconds))


def timed_out(excinfo) -> bool:
    """Whether pytest-timeout stopped the test (it fails it with "Timeout >Ns")."""
    return excinfo.typename == "Failed" and str(excinfo.value).startswith("Timeout")
