"""Lesson 02: templates, a base layout, a stylesheet and the book list."""

import pytest

from grading.books import around_each_title, says_how_many_books, seed_sample_books
from grading.expect import broken_links, fetch
from grading.page import (
    forms,
    local_links,
    local_path,
    meta,
    new_words,
    path_of,
    post_forms,
    stylesheets,
    visible_text,
)

LAYOUT = "starter_app/templates/base.html"
BOOKS = "starter_app/books.py and starter_app/templates/books/list.html"
SUGGEST = "the suggest view in starter_app/pages.py and templates/suggest.html"

# Every page built on the base layout, with the status it answers.
PAGES = [("/", 200), ("/about", 200), ("/suggest", 200), ("/hello/Ada", 200), ("/nowhere", 404)]
PAGE_IDS = ["home", "about", "suggest", "hello", "404-page"]


def _link_paths(client, path: str, status: int) -> set[str]:
    page = fetch(client, path, status=status, look_in=LAYOUT)
    return {path_of(href) for href in local_links(page)}


@pytest.mark.parametrize(("path", "status"), PAGES, ids=PAGE_IDS)
def test_every_page_links_home_and_about(client, path, status):
    """Every page extends the base layout, whose navigation links home and to /about"""
    missing = {"/", "/about"} - _link_paths(client, path, status)
    assert not missing, (
        f"The page {path} has no link to {' or '.join(sorted(missing))}. Put the navigation "
        f'in {LAYOUT} and make the page\'s template start with {{% extends "base.html" %}}; '
        "its view must return render_template(...)."
    )


@pytest.mark.parametrize(("path", "status"), PAGES, ids=PAGE_IDS)
def test_every_page_fits_a_phone_screen(client, path, status):
    """Every page has the viewport tag that makes it readable on a phone"""
    content = meta(fetch(client, path, status=status, look_in=LAYOUT), "viewport") or ""
    assert "width=device-width" in content.replace(" ", ""), (
        f'The page {path} has no <meta name="viewport" content="width=device-width, '
        f'initial-scale=1"> (found {content!r}). Add it to the <head> in {LAYOUT}.'
    )


@pytest.mark.parametrize(("path", "status"), PAGES, ids=PAGE_IDS)
def test_every_page_uses_the_stylesheet(client, path, status):
    """Every page links a stylesheet served by the app itself (no CDN)"""
    page = fetch(client, path, status=status, look_in=LAYOUT)
    hrefs = stylesheets(page)
    assert hrefs, (
        f"The page {path} links no stylesheet. In the <head> of {LAYOUT}, add "
        "<link rel=\"stylesheet\" href=\"{{ url_for('static', filename='style.css') }}\">."
    )
    for href in hrefs:
        local = local_path(page, href)
        assert local, (
            f"The page {path} loads the stylesheet {href} from another site; the app must "
            "work offline, so serve it from starter_app/static/ with url_for('static', ...)."
        )
        sheet = client.get(local)
        assert sheet.status_code == 200 and sheet.mimetype == "text/css", (
            f"The stylesheet {href} answered {sheet.status_code} ({sheet.mimetype}); expected "
            "200 text/css. Is the file in starter_app/static/, and is the name right?"
        )


def test_book_list_shows_the_books(client, runner, db):
    """GET /books lists the books, each with its title and author"""
    books = seed_sample_books(runner, db)
    text = visible_text(fetch(client, "/books", look_in=BOOKS))
    listed = [book for book in books if book["title"] in text]
    assert len(listed) >= 3, (
        f"/books shows {len(listed)} of the sample books' titles; expected the list of books "
        f"(page shows {text[:150]!r}). Loop over the books with {{% for book in books %}} "
        "in templates/books/list.html."
    )
    no_author = [book["title"] for book in listed if book["author"] not in text]
    assert not no_author, (
        f"/books shows these books without their author: {', '.join(no_author[:3])}. "
        "Show {{ book.author }} next to each title."
    )


def test_book_list_shows_year_and_genre(client, runner, db):
    """Each book on /books shows its year and genre next to its title"""
    books = seed_sample_books(runner, db)
    text = visible_text(fetch(client, "/books", look_in=BOOKS))
    around = around_each_title([book["title"] for book in books], text)
    assert around, f"/books shows none of the sample books (page shows {text[:150]!r})."
    missing = [
        f"{book['title']} (no {' and no '.join(lacks)})"
        for book in books
        if book["title"] in around
        and (lacks := _details_missing(book, around[book["title"]].lower()))
    ]
    assert not missing, (
        f"/books shows {len(missing)} of {len(around)} books without their details: "
        f"{'; '.join(missing[:3])}. Next to each title, show {{{{ book.year }}}} and "
        "{{ book.genre }} in templates/books/list.html."
    )


def _details_missing(book: dict, nearby: str) -> list[str]:
    """The details of the book (year, genre) that are not in the text near its title."""
    details = {"year": str(book["year"]), "genre": book["genre"].lower()}
    return [name for name, value in details.items() if value not in nearby]


def test_book_list_counts_the_books(client, runner, db):
    """The book list says how many books there are, e.g. '30 books'"""
    count = len(seed_sample_books(runner, db))
    text = visible_text(fetch(client, "/books", look_in=BOOKS))
    assert says_how_many_books(text, count), (
        f"/books should say '{count} books' (the number of books on the shelf); it shows "
        f"{text[:150]!r}. The `length` filter counts a list: {{{{ books|length }}}}."
    )


@pytest.mark.parametrize(("path", "status"), PAGES, ids=PAGE_IDS)
def test_every_page_links_to_the_book_list(client, path, status):
    """The navigation on every page links to the book list"""
    assert "/books" in _link_paths(client, path, status), (
        f"The page {path} has no link to /books. Add one to the navigation in {LAYOUT}, "
        "built with url_for('books.list_books')."
    )


def test_site_has_no_broken_links(client, runner, db):
    """No link on the home, about, suggest or book list pages leads to an error"""
    seed_sample_books(runner, db)
    broken = broken_links(client, ["/", "/about", "/suggest", "/books"])
    assert not broken, (
        f"These links are broken: {'; '.join(broken[:5])}. Build every link with url_for "
        "so it always matches a route."
    )


@pytest.mark.parametrize("title", ["", "   ", "x" * 201], ids=["empty", "only-spaces", "too-long"])
def test_suggest_error_shows_the_form_again(client, title):
    """A refused suggestion shows the form again, with a message saying what is wrong"""
    empty_form = fetch(client, "/suggest", look_in=SUGGEST)
    response = fetch(client, "/suggest", method="POST", data={"title": title}, status=400,
                     look_in=SUGGEST)  # fmt: skip
    assert any("title" in form["fields"] for form in post_forms(response)), (
        "After a refused suggestion the page has no form with a 'title' field; render "
        "suggest.html again (with status 400) so the visitor can correct it."
    )
    assert new_words(response, empty_form), (
        "After a refused suggestion the page shows no message. Pass an error to the "
        "template and show it with {% if error %}...{% endif %}."
    )


def test_suggest_error_keeps_the_typed_title(client):
    """A refused suggestion keeps what the visitor typed in the title field"""
    typed = "A Very Long Title " * 12
    response = client.post("/suggest", data={"title": typed})
    values = [form["values"].get("title") for form in forms(response) if "title" in form["fields"]]
    assert typed in values or typed.strip() in values, (
        f"After a refused suggestion the title field holds {values[:1] or 'nothing'}; "
        'expected what was typed. Give the input value="{{ title }}" in suggest.html.'
    )


def test_suggest_thanks_escapes_the_title(client):
    """A suggested title with HTML in it shows as text, never runs as HTML"""
    title = "<script>alert('hi')</script>"
    response = fetch(
        client,
        "/suggest",
        method="POST",
        data={"title": title},
        look_in=SUGGEST,
        follow_redirects=True,
    )
    assert "<script>alert" not in response.get_data(as_text=True), (
        "The thank-you page put the title into the HTML as it was typed, so a <script> in "
        "it would run. Let Jinja escape it: {{ title }} (never add |safe to visitor text)."
    )
    assert title in visible_text(response), (
        f"The thank-you page should show the title as text: {title}."
    )
