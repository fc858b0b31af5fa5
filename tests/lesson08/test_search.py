"""Lesson 08, step 1: search by title or author, escaped and ignoring case."""

from urllib.parse import quote

import pytest

from grading.api import get_json
from grading.books import insert_books, make_book, shown
from grading.expect import fetch
from grading.page import forms, links, visible_text

LIST = "list_books and search_filter in starter_app/books.py"
SHELF = [
    make_book("Pride and Prejudice", author="Jane Austen"),
    make_book("Emma", author="Jane Austen"),
    make_book("Dune", author="Frank Herbert"),
    make_book("The Austen Cookbook", author="Dana Price"),
    make_book("a.c. and the Dot", author="Lee Park"),
    make_book("abc of Patterns", author="Ruth Hale"),
    make_book("Why (Not)?", author="Ann [Bracket] Smith"),
]
TITLES = [book["title"] for book in SHELF]


def _found(client, query: str) -> list[str]:
    return shown(TITLES, visible_text(fetch(client, f"/books?{query}", look_in=LIST)))


def test_book_list_has_a_search_form(client):
    """The book list has a search form: a GET form with a field named q"""
    page = fetch(client, "/books", look_in="templates/books/list.html")
    searches = [form for form in forms(page) if "q" in form["fields"]]
    assert searches and all(f.get("method", "get").lower() == "get" for f in searches), (
        '/books has no <form method="get"> with an <input name="q">. A search changes '
        "nothing, so it is a GET: the results get an address you can share and bookmark."
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=austen", ["Pride and Prejudice", "Emma", "The Austen Cookbook"]),
        ("q=DUNE", ["Dune"]),
        ("q=+herbert+", ["Dune"]),
        ("q=prejudice", ["Pride and Prejudice"]),
    ],
    ids=["author-and-title", "upper-case", "spaces-around", "part-of-a-title"],
)
def test_search_finds_by_title_or_author_ignoring_case(client, db, query, expected):
    """?q= finds the books whose title or author contains the words, in any case"""
    insert_books(db, *SHELF)
    found = _found(client, query)
    assert sorted(found) == sorted(expected), (
        f"/books?{query} showed {found}; expected {expected}. Match the title or the author "
        'with {"$regex": re.escape(text), "$options": "i"} inside an "$or".'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a.c", ["a.c. and the Dot"]), ("(Not)", ["Why (Not)?"]), ("[Bracket]", ["Why (Not)?"]),
     (".*", []), ("\\", []), ("*", []), ("(", ["Why (Not)?"])],
    ids=["dot", "parentheses", "brackets", "dot-star", "backslash", "star", "open-parenthesis"],
)  # fmt: skip
def test_search_text_is_escaped(client, db, text, expected):
    """Search text is taken literally (re.escape): '.', '*', '(' are characters, not patterns"""
    insert_books(db, *SHELF)
    found = _found(client, f"q={quote(text)}")
    assert found == expected, (
        f"Searching for {text!r} showed {found}; expected {expected}. Without re.escape the "
        "visitor's text is a regular expression: '.' matches anything and '(' breaks it."
    )


@pytest.mark.parametrize(
    "query",
    ["q=" + "x" * 5000, "q[$ne]=x", "q=%00", "q=", "q=%F0%9F%93%9A"],
    ids=["very-long", "operator-name", "nul", "empty", "emoji"],
)
def test_odd_searches_never_fail(client, db, query):
    """Odd search input (very long, $-names, NUL, empty, emoji) shows the list, never a 500"""
    insert_books(db, *SHELF)
    fetch(client, f"/books?{query}", look_in=LIST)


def test_search_keeps_the_other_choices(client, db):
    """A search can be combined with ?genre=, and the next-page link keeps the search"""
    insert_books(db, *[make_book(f"Austen Study {n:02d}", genre="Essays") for n in range(12)],
                 make_book("Austen Novel", genre="Classics"))  # fmt: skip
    text = visible_text(fetch(client, "/books?q=austen&genre=Essays", look_in=LIST))
    assert "Austen Novel" not in text and "Austen Study 01" in text, (
        "/books?q=austen&genre=Essays should show only the Essays that match."
    )
    page = fetch(client, "/books?q=austen", look_in=LIST)
    assert any("q=austen" in href and "page=2" in href for href in links(page)), (
        "On a search with more than one page, the 'next page' link lost ?q=. Add 'q' to the "
        "query arguments list_url keeps (LIST_ARGS)."
    )


def test_api_searches_too(client, db):
    """GET /api/books?q= searches like the page does"""
    insert_books(db, *SHELF)
    data = get_json(client, "/api/books?q=AUSTEN")
    titles = sorted(book.get("title") for book in data.get("books", []))
    assert titles == ["Emma", "Pride and Prejudice", "The Austen Cookbook"], (
        f"/api/books?q=AUSTEN listed {titles}; expected the same books as the page. "
        "Add search_filter(search_text()) to the filter in list_books of api.py."
    )
