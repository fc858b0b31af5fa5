"""Smoke tests of the latest finished app, as a visitor sees it in Chromium.

They assert on titles, visible text, roles and links, so they keep passing as later
lessons restyle the pages.
"""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def home(page: Page, live_app_url: str) -> None:
    """Open the home page and check that it answered."""
    response = page.goto(f"{live_app_url}/")
    assert response is not None and response.ok, (
        f"The home page answered {response.status if response else 'nothing'}; expected 200."
    )


def test_home_page_loads_without_console_errors(page, live_app_url, console_errors):
    home(page, live_app_url)
    expect(page).to_have_title(re.compile("Bookshelf"))
    page.wait_for_load_state("networkidle")
    assert console_errors == [], f"The home page logged errors: {console_errors}"


def test_about_link_opens_the_about_page(page, live_app_url):
    home(page, live_app_url)
    about = page.get_by_role("link", name=re.compile("about", re.IGNORECASE)).first
    expect(about, "The home page has no link whose text mentions 'about'.").to_be_visible()
    about.click()
    expect(page).to_have_url(re.compile(r"/about/?$"))
    expect(page.locator("body")).to_contain_text("Bookshelf")


def test_unknown_address_shows_404_page_with_a_working_link_home(page, live_app_url):
    response = page.goto(f"{live_app_url}/no-such-page-here")
    assert response is not None and response.status == 404, (
        f"An unknown address answered {response.status if response else 'nothing'}; expected 404."
    )
    expect(page.locator("body")).to_contain_text(re.compile("not found", re.IGNORECASE))
    link_home = page.get_by_role("link", name=re.compile("home", re.IGNORECASE)).first
    expect(link_home, "The 404 page has no link whose text mentions 'home'.").to_be_visible()
    link_home.click()
    expect(page).to_have_url(f"{live_app_url}/")


def test_home_page_screenshot_is_saved(page, live_app_url, artifacts_dir):
    home(page, live_app_url)
    page.wait_for_load_state("networkidle")
    path = artifacts_dir / "home.png"
    page.screenshot(path=path, full_page=True)
    print(f"Home page screenshot: {path}")
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 1000, f"{path} is not a real PNG."
