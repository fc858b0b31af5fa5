"""Lesson 01: routes and views."""

import pytest

from grading.expect import fetch, follow
from grading.page import forms, local_links, path_of, visible_text

PAGES = "starter_app/pages.py"


def test_about_page_answers(client):
    """GET /about answers with a page"""
    response = fetch(client, "/about", look_in=f"{PAGES}: add a view for '/about'")
    assert response.mimetype == "text/html", (
        f"/about answered with {response.mimetype}; expected an HTML page (text/html)."
    )


def test_about_page_describes_bookshelf(client):
    """The about page says what Bookshelf is"""
    text = visible_text(fetch(client, "/about", look_in=PAGES))
    assert "Bookshelf" in text, (
        f"The about page shows {text[:120]!r}; expected it to mention 'Bookshelf'."
    )


@pytest.mark.parametrize("name", ["Ada", "Grace", "Zoë"])
def test_hello_greets_by_name(client, name):
    """GET /hello/<name> greets the visitor by the name in the URL"""
    text = visible_text(
        fetch(client, f"/hello/{name}", look_in=f"{PAGES}: a route '/hello/<name>'")
    )
    assert name in text and "hello" in text.lower(), (
        f"/hello/{name} shows {text[:120]!r}; expected a greeting with 'Hello' and '{name}'."
    )


def test_hello_escapes_the_name(client):
    """/hello/<name> shows HTML in the name as text, never runs it"""
    response = fetch(client, "/hello/%3Cb%3EAda", look_in=PAGES)
    body = response.get_data(as_text=True)
    assert "<b>Ada" not in body, (
        "/hello/<b>Ada put the name into the page as raw HTML. Escape it: "
        "`from markupsafe import escape`, then use escape(name) (or a template)."
    )
    assert "<b>Ada" in visible_text(response), (
        "/hello/<b>Ada should show the name as text, '<b>Ada', on the page."
    )


def test_suggest_page_has_a_form(client):
    """GET /suggest shows a form that posts a 'title' field"""
    page = fetch(client, "/suggest", look_in=f"{PAGES}: a route '/suggest'")
    posting = [f for f in forms(page) if f.get("method", "get").lower() == "post"]
    assert posting, '/suggest has no <form method="post">; add one so visitors can send a title.'
    assert any("title" in f["fields"] for f in posting), (
        "The form on /suggest has no field named 'title'; add <input name=\"title\">."
    )


@pytest.mark.parametrize(
    ("sent", "shown"),
    [("The Hobbit", "The Hobbit"), ("  Dune  ", "Dune"), ("L" * 200, "L" * 200)],
    ids=["title", "spaces-around", "200-characters"],
)
def test_suggest_post_thanks_for_the_title(client, sent, shown):
    """POSTing a title to /suggest answers with thanks that name the book"""
    response = client.post("/suggest", data={"title": sent}, follow_redirects=True)
    assert response.status_code in (200, 201), (
        f"POST /suggest with title {sent[:20]!r}{'...' if len(sent) > 20 else ''} "
        f"({len(sent)} characters) answered {response.status_code}; expected 200. Does your "
        "route accept methods=['GET', 'POST']? Only a title that is empty after strip() or "
        "longer than 200 characters is refused."
    )
    assert shown in visible_text(response), (
        f"After POST /suggest with title {shown[:20]!r} the page does not show that title. "
        "Read it with request.form['title'] (or .get) and put it in the answer."
    )


def test_suggest_escapes_the_title(client):
    """/suggest shows HTML in the title as text, never runs it"""
    response = client.post("/suggest", data={"title": "<b>Dune"}, follow_redirects=True)
    assert "<b>Dune" not in response.get_data(as_text=True), (
        "POST /suggest with title '<b>Dune' put the title into the page as raw HTML. Escape "
        "it as you did the name in /hello: escape(title)."
    )
    assert "<b>Dune" in visible_text(response), (
        f"POST /suggest with title '<b>Dune' answered {response.status_code} and does not "
        "show '<b>Dune' as text on the page."
    )


@pytest.mark.parametrize("title", ["", "   ", "x" * 201], ids=["empty", "only-spaces", "too-long"])
def test_suggest_rejects_a_bad_title(client, title):
    """/suggest answers 400 for a missing, blank or too long title"""
    response = client.post("/suggest", data={"title": title})
    assert response.status_code == 400, (
        f"POST /suggest with title {title[:20]!r}{'...' if len(title) > 20 else ''} answered "
        f"{response.status_code}; expected 400 (Bad Request). Strip the title, then refuse "
        "it when it is empty or longer than 200 characters."
    )


def test_suggest_rejects_a_missing_title(client):
    """/suggest answers 400 when the form has no title field at all"""
    response = client.post("/suggest", data={})
    assert response.status_code == 400, (
        f"POST /suggest with no 'title' field answered {response.status_code}; expected 400. "
        "request.form.get('title') gives None when the field is missing."
    )


def test_unknown_page_is_a_404(client):
    """An unknown address answers 404 Not Found"""
    fetch(client, "/no-such-page", status=404, look_in=PAGES)


def test_404_page_links_home(client):
    """The 404 page is friendly: it says so and links back to the home page"""
    response = fetch(client, "/no-such-page", status=404, look_in=PAGES)
    home_links = [href for href in local_links(response) if path_of(href) == "/"]
    assert home_links, (
        "The 404 page has no link to the home page ('/'). Register an error handler with "
        "@bp.app_errorhandler(404) that returns a page with such a link, and status 404."
    )
    assert "not found" in visible_text(response).lower(), (
        "The 404 page should tell the visitor the page was not found."
    )


def test_home_page_links_to_the_new_pages(client):
    """The home page links to the about and suggest pages"""
    targets = {path_of(href) for href in local_links(fetch(client, "/", look_in=PAGES))}
    missing = {"/about", "/suggest"} - targets
    assert not missing, (
        f"The home page has no link to {', '.join(sorted(missing))}. Build the links with "
        "url_for('pages.about') and url_for('pages.suggest') in the index view."
    )


def test_home_page_has_no_broken_links(client):
    """Every link on the home page leads to a page that works"""
    hrefs = sorted({path_of(href) for href in local_links(fetch(client, "/", look_in=PAGES))})
    # A link that needs a login (lesson 09) redirects to the login page, which works.
    statuses = {href: follow(client, client.get(href)).status_code for href in hrefs}
    broken = [f"{href} ({status})" for href, status in statuses.items() if status >= 400]
    assert hrefs and not broken, (
        f"These links on the home page are broken: {', '.join(broken) or 'no links at all'}."
        " A link built with url_for always matches a route."
    )
