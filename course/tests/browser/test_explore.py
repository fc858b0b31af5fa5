"""The lesson-10 front end in Chromium: search as you type, a review without a reload, errors.

It drives /explore of the latest finished app the way a visitor does (typing, clicking),
and saves screenshots of it at desktop and phone width in artifacts/.
"""

import itertools
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

_names = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def register(page: Page, base: str) -> str:
    """Create an account through the registration form (which logs it in); return its name."""
    username = f"browser{next(_names)}"
    page.goto(f"{base}/auth/register")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("create an account", re.IGNORECASE)).click()
    expect(page.locator("header nav")).to_contain_text(username)
    return username


def explore(page: Page, base: str) -> None:
    """Open /explore and wait until the script has listed the books."""
    page.goto(f"{base}/explore")
    expect(page.locator("#summary")).to_contain_text(re.compile(r"\d+ books"))


def open_book(page: Page, title: str) -> None:
    page.get_by_role("searchbox").fill(title.split()[-1].lower())
    expect(page.locator("#summary")).to_contain_text("matching")
    page.get_by_role("button", name=title).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def send_review(page: Page, name: str, rating: str, text: str) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Rating (1 to 5)").fill(rating)
    page.get_by_label("Your review").fill(text)
    page.get_by_role("button", name="Add my review").click()


def stay_on_this_page(page: Page) -> None:
    """Mark the document, so a later check can tell that no page load happened."""
    page.evaluate("window.sameDocument = true")


def still_on_this_page(page: Page) -> bool:
    return page.evaluate("window.sameDocument === true")


def test_search_as_you_type(page, live_app_url, console_errors):
    explore(page, live_app_url)
    stay_on_this_page(page)
    page.get_by_role("searchbox").press_sequentially("AUSTEN", delay=30)
    results = page.locator("#results")
    expect(results).to_contain_text("Pride and Prejudice")
    expect(results).not_to_contain_text("Dune")
    expect(page.locator("#summary")).to_contain_text("matching “AUSTEN”")
    assert still_on_this_page(page), "Typing a search loaded a new page."
    assert page.url.endswith("/explore"), f"The address changed to {page.url}."
    assert console_errors == [], f"The page logged errors: {console_errors}"


def test_search_with_odd_characters_shows_no_error(page, live_app_url, console_errors):
    explore(page, live_app_url)
    page.get_by_role("searchbox").fill("(.*")
    expect(page.locator("#summary")).to_contain_text("0 books matching")
    expect(page.get_by_role("alert")).to_be_hidden()
    assert console_errors == [], f"The page logged errors: {console_errors}"


def test_adding_a_review_without_a_reload(page, live_app_url, artifacts_dir, console_errors):
    register(page, live_app_url)
    explore(page, live_app_url)
    open_book(page, "The Left Hand of Darkness")
    stay_on_this_page(page)
    send_review(page, "Browser Reader", "4", "Read in one sitting, in a headless browser.")
    reviews = page.locator("#book-reviews")
    expect(reviews).to_contain_text("Read in one sitting, in a headless browser.")
    expect(page.locator("#book-rating")).to_contain_text("out of 5")
    assert still_on_this_page(page), "Adding a review loaded a new page."
    page.screenshot(path=artifacts_dir / "explore.png", full_page=True)
    assert console_errors == [], f"The page logged errors: {console_errors}"


def test_a_visitor_gets_a_link_to_log_in_instead_of_the_form(page, live_app_url, console_errors):
    explore(page, live_app_url)
    open_book(page, "Foundation")
    expect(page.locator("#book").get_by_role("link", name="log in")).to_be_visible()
    expect(page.get_by_role("button", name="Add my review")).to_have_count(0)
    assert console_errors == [], f"The page logged errors: {console_errors}"


def test_the_apis_errors_are_shown(page, live_app_url):
    register(page, live_app_url)
    explore(page, live_app_url)
    open_book(page, "Foundation")
    send_review(page, "Somebody", "9", "Too many stars.")
    expect(page.get_by_role("alert")).to_contain_text("rating must be a whole number from 1 to 5")
    expect(page.locator("#book-reviews")).not_to_contain_text("Too many stars.")
    # Logged out elsewhere (another tab), the page still holds the form: the API says why.
    page.context.clear_cookies()
    send_review(page, "Somebody", "5", "After logging out.")
    expect(page.get_by_role("alert")).to_contain_text("Log in first")


def test_explore_on_a_phone(browser, live_app_url, artifacts_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    try:
        explore(phone, live_app_url)
        open_book(phone, "Dune")
        phone.screenshot(path=artifacts_dir / "explore-phone.png", full_page=True)
        box = phone.locator("#book").bounding_box()
        assert box is not None and box["width"] <= 390, f"The book panel is {box} wide."
    finally:
        context.close()
