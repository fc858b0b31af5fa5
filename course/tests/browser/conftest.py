"""Fixtures for browser tests: the latest finished app, served live, seen in headless Chromium.

A test asks for `page` (a fresh tab) and `live_app_url` (where the app runs), marks itself
`browser`, and asserts on what a visitor sees. `pytest course/tests -m browser` runs them all.
Without Chromium they are skipped with the install command, except under CI=true, where
they fail: a CI run that did not test the front end must not look green.
"""

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

from course import browser as chromium
from course.compose import compose_state
from course.paths import KIT_ROOT
from course.tests.browser.live import live_app

ARTIFACTS = KIT_ROOT / "course" / "tests" / "artifacts"
TIMEOUT_MS = 5_000  # the app is on loopback: anything slower is a bug
# Chromium asks every site for /favicon.ico by itself; the app need not have one.
BROWSER_OWN_REQUESTS = re.compile(r"/favicon\.ico$")


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """The Chromium to drive (course.browser.find_chromium); skips, or fails under CI=true."""
    found = chromium.find_chromium()
    if found is None:
        if chromium.running_in_ci():
            pytest.fail(
                f"{chromium.INSTALL_HINT}. CI=true, so the browser tests fail instead of "
                "being skipped: install Chromium in the CI job (`make test` does it as root).",
                pytrace=False,
            )
        pytest.skip(chromium.INSTALL_HINT)
    return found


@pytest.fixture(scope="session")
def app_folder(course, tmp_path_factory) -> Path:
    """The latest finished state of the app, state(last lesson), composed in a temp folder."""
    last = course.lessons[-1].number
    return compose_state(course, last, tmp_path_factory.mktemp(f"state{last:02d}"))


@pytest.fixture(scope="session")
def live_app_url(app_folder) -> Iterator[str]:
    """Base URL (no trailing slash) of app_folder's app, served on 127.0.0.1 for the session.

    The app runs on an embedded in-memory database seeded with the sample books
    (`flask seed`). The data is shared by every browser test of the run: a test that
    changes it should use values no other test relies on.
    """
    with live_app(app_folder) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path) -> Iterator[Browser]:
    """Headless Chromium (the system one, with course.browser.LAUNCH_FLAGS), for the session."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=list(chromium.LAUNCH_FLAGS)
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, request) -> Iterator[Page]:
    """A fresh tab in its own context (no cookies from other tests), 5 s timeouts.

    When the test fails, a screenshot of the tab is saved in artifacts/failures/.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        _save_failure_screenshot(tab, request.node.name)
    context.close()


@pytest.fixture
def console_errors(page) -> list[str]:
    """Errors the page reports (console.error, uncaught exceptions), filled as the test runs."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not BROWSER_OWN_REQUESTS.search(message.location["url"]):
            errors.append(f"{message.text} ({message.location['url']})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """course/tests/artifacts/ (git-ignored): screenshots and other files worth looking at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so `page` knows whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _save_failure_screenshot(tab: Page, test_name: str) -> None:
    folder = ARTIFACTS / "failures"
    folder.mkdir(parents=True, exist_ok=True)
    safe_name = re.sub(r"[^\w.-]+", "_", test_name)
    # A crashed tab cannot be photographed; the test's own error says more then.
    with contextlib.suppress(Error):
        tab.screenshot(path=folder / f"{safe_name}.png", full_page=True)
