"""Lesson 04: a page for each book; sorting, filtering and pages of the book list."""

import re

import pytest
from bson import ObjectId

from grading.books import (
    in_page_order,
    insert_books,
    make_book,
    numbered_titles,
    says_how_many_books,
    shown,
)
from grading.expect import fetch
from grading.page import local_links, path_of, query_of, visible_text

LIST = "list_books in starter_app/books.py"
BOOK = "the book page view in starter_app/books.py and templates/books/book.html"


def _list_text(client, query: str = "") -> str:
    return visible_text(fetch(client, f"/books{query}", look_in=LIST))


def _page_links(response, page: int) -> list[str]:
    """Links to the book list's page number `page`."""
    return [
        href
        for href in local_links(response)
        if path_of(href) == "/books" and query_of(href).get("page") == str(page)
    ]


# Step 1: a page for each book


def test_book_page_shows_the_book(client, db):
    """GET /books/<id> shows the book: title, author, description, genre, year, pages, ISBN"""
    book = make_book("The Lantern Keeper", author="Mira Solberg", year=1999, genre="Mystery",
                     pages=347, isbn="9780306406157",
                     description="A lighthouse, a storm and a keeper who vanished.")  # fmt: skip
    (book_id,) = insert_books(db, book)
    text = visible_text(fetch(client, f"/books/{book_id}", look_in=BOOK))
    for field in ("title", "author", "description", "genre", "year", "pages", "isbn"):
        assert _shows(text, field, str(book[field])), (
            f"The page of a book does not show its {field} ({book[field]!r}). Find the book "
            "with get_db().books.find_one_or_404({'_id': book_id}) and show its fields in "
            "templates/books/book.html."
        )


def _shows(text: str, field: str, value: str) -> bool:
    """Whether the page text shows the value; an ISBN may be written with hyphens."""
    if field == "isbn":
        return value in re.sub(r"[\s-]", "", text)
    return value in text


def test_book_list_links_to_each_book(client, db):
    """Each book on /books links to its own page"""
    ids = insert_books(db, make_book("Paper Moons"), make_book("Iron Tides"))
    targets = {path_of(href) for href in local_links(fetch(client, "/books", look_in=LIST))}
    missing = [f"/books/{book_id}" for book_id in ids if f"/books/{book_id}" not in targets]
    assert not missing, (
        f"/books has no link to {', '.join(missing)}. Link each title with "
        "url_for('books.show_book', book_id=book._id) (use the name of your view)."
    )


@pytest.mark.parametrize(
    "book_id",
    [str(ObjectId()), "not-an-id", "12345", "z" * 24, "%3Cscript%3E"],
    ids=["unknown", "words", "digits", "24-letters", "html"],
)
def test_unknown_book_is_a_404(client, db, book_id):
    """A book page for an unknown or malformed id is the friendly 404 page, never a 500"""
    insert_books(db, make_book("Only This One"))
    response = fetch(client, f"/books/{book_id}", status=404, look_in=BOOK)
    assert "not found" in visible_text(response).lower(), (
        f"/books/{book_id} answered 404 but not with the friendly 'not found' page. Use the "
        "<ObjectId:book_id> converter in the route and find_one_or_404 (or abort(404))."
    )


# Step 2: sorting

SCRAMBLED = [
    make_book("Cedar Hollow", author="Bram Ortiz", year=1990),
    make_book("Amber Road", author="Celia Ward", year=2015),
    make_book("Birch Lane", author="Ada Finch", year=1950),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Amber Road", "Birch Lane", "Cedar Hollow"]),
        ("?sort=title", ["Amber Road", "Birch Lane", "Cedar Hollow"]),
        ("?sort=author", ["Birch Lane", "Cedar Hollow", "Amber Road"]),
        ("?sort=year", ["Amber Road", "Cedar Hollow", "Birch Lane"]),
    ],
    ids=["default", "title", "author", "year-newest-first"],
)
def test_book_list_is_sorted(client, db, query, expected):
    """/books is sorted by title, or by ?sort=author, or by ?sort=year (newest first)"""
    insert_books(db, *[dict(book) for book in SCRAMBLED])
    order = in_page_order(expected, _list_text(client, query))
    assert order == expected, (
        f"/books{query} shows the books in the order {order}; expected {expected}. "
        "Sort the cursor: .sort('title', 1), .sort('author', 1), .sort('year', -1)."
    )


@pytest.mark.parametrize(
    "query", ["?sort=price", "?sort=$where", "?sort=", "?sort[$ne]=title"],
    ids=["unknown", "operator", "empty", "operator-key"],
)  # fmt: skip
def test_unknown_sort_falls_back_to_title(client, db, query):
    """An unknown ?sort= value is ignored: the list is sorted by title, never a 500"""
    insert_books(db, *[dict(book) for book in SCRAMBLED])
    order = in_page_order(["Amber Road", "Birch Lane", "Cedar Hollow"], _list_text(client, query))
    assert order == ["Amber Road", "Birch Lane", "Cedar Hollow"], (
        f"/books{query} shows {order}; an unknown sort should fall back to sorting by title. "
        "Accept only the sort names you know (a dict of them), never pass the value to MongoDB."
    )


# Step 3: filtering


def _three_books(db) -> None:
    insert_books(
        db,
        make_book("Dragon Winter", author="Lise Haug", genre="Fantasy"),
        make_book("The Salt Crown", author="Omar Fadel", genre="Fantasy"),
        make_book("Murder at Noon", author="Lise Haug", genre="Mystery"),
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?genre=Fantasy", ["Dragon Winter", "The Salt Crown"]),
        ("?genre=Mystery", ["Murder at Noon"]),
        ("?author=Lise+Haug", ["Dragon Winter", "Murder at Noon"]),
        ("?genre=Fantasy&author=Lise+Haug", ["Dragon Winter"]),
    ],
    ids=["genre", "other-genre", "author", "both"],
)
def test_book_list_filters(client, db, query, expected):
    """?genre= and ?author= show only the matching books, and the count follows"""
    _three_books(db)
    text = _list_text(client, query)
    everything = ["Dragon Winter", "The Salt Crown", "Murder at Noon"]
    assert shown(everything, text) == [t for t in everything if t in expected], (
        f"/books{query} shows {shown(everything, text)}; expected only {expected}. Build a "
        "filter from request.args.get('genre') and .get('author') and pass it to find()."
    )
    count = f"{len(expected)} book{'s' if len(expected) != 1 else ''}"
    assert says_how_many_books(text, len(expected)), (
        f"/books{query} should say '{count}' (the matching books); it shows {text[:150]!r}. "
        "Count with count_documents(the same filter)."
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?genre[$ne]=x", 3),
        ("?genre=", 3),
        ("?genre=%24ne", 0),
        ("?author=%7B%22%24ne%22%3A+null%7D", 0),
    ],
    ids=["operator-key", "empty", "dollar-value", "json-operator"],
)
def test_filters_are_plain_values(client, db, query, expected):
    """Filter values are matched as plain text: operators in the address do nothing"""
    _three_books(db)
    text = _list_text(client, query)
    count = len(shown(["Dragon Winter", "The Salt Crown", "Murder at Noon"], text))
    assert count == expected, (
        f"/books{query} shows {count} books; expected {expected}. Use only request.args.get"
        "('genre') and .get('author') as plain strings; an empty one means no filter."
    )


# Step 4: one page at a time


def test_book_list_shows_ten_books_a_page(client, db):
    """/books shows 10 books a page: ?page=2 shows the next 10"""
    titles = numbered_titles(25)
    insert_books(db, *[make_book(title) for title in titles])
    first, second = shown(titles, _list_text(client)), shown(titles, _list_text(client, "?page=2"))
    assert first == titles[:10], (
        f"/books shows {len(first)} books ({', '.join(first[:3])}...); expected the first 10 "
        "by title. Use .skip((page - 1) * per_page).limit(per_page) on the cursor."
    )
    assert second == titles[10:20], (
        f"/books?page=2 shows {', '.join(second[:3]) or 'no books'}...; expected books 11 to 20."
    )


def test_book_list_links_to_the_next_and_previous_pages(client, db):
    """Pages link to the next page, and the previous one, when there is one"""
    insert_books(db, *[make_book(title) for title in numbered_titles(25)])
    first = fetch(client, "/books", look_in=LIST)
    assert _page_links(first, 2), (
        "Page 1 of /books (25 books) has no link to the next page, /books?page=2. Build it "
        "with url_for('books.list_books', page=page + 1)."
    )
    assert not _page_links(first, 0), "Page 1 of /books links to a page 0, which does not exist."
    last = fetch(client, "/books?page=3", look_in=LIST)
    assert _page_links(last, 2), "Page 3 of /books has no link to the previous page (?page=2)."
    assert not _page_links(last, 4), (
        "Page 3 of /books is the last one (25 books, 10 a page) but links to a page 4."
    )


def test_page_links_keep_the_sort_and_filters(client, db):
    """The next page link keeps the sort and the genre the visitor chose"""
    dragons = numbered_titles(15, "Dragon")  # Dragon 01 (2001) ... Dragon 15 (2015)
    insert_books(
        db,
        *[make_book(title, genre="Fantasy", year=2000 + n) for n, title in enumerate(dragons, 1)],
        *[make_book(title, genre="Poetry") for title in numbered_titles(15, "Poem")],
    )
    first = fetch(client, "/books?genre=Fantasy&sort=year", look_in=LIST)
    links = _page_links(first, 2)
    assert links, "/books?genre=Fantasy&sort=year (15 books) has no link to its page 2."
    text = visible_text(fetch(client, links[0], look_in=f"{LIST} and list.html"))
    newest_first = dragons[::-1]
    assert "Poem" not in text and in_page_order(dragons, text) == newest_first[10:], (
        f"The next page link of /books?genre=Fantasy&sort=year is {links[0]}, which shows "
        f"{text[:150]!r}; expected the 5 oldest Fantasy books, newest first. Build the link "
        "with list_url(page=page + 1), which keeps the sort and filters."
    )


@pytest.mark.parametrize(
    ("per_page", "low", "high"),
    [("5", 5, 5), ("1000", 50, 50), ("0", 1, 10), ("-5", 1, 10), ("abc", 1, 10)],
    ids=["5", "too-big", "zero", "negative", "not-a-number"],
)
def test_page_size_is_clamped(client, db, per_page, low, high):
    """?per_page= chooses the page size, kept between 1 and 50"""
    titles = numbered_titles(60)
    insert_books(db, *[make_book(title) for title in titles])
    count = len(shown(titles, _list_text(client, f"?per_page={per_page}")))
    assert low <= count <= high, (
        f"/books?per_page={per_page} shows {count} books; expected "
        f"{low if low == high else f'{low} to {high}'}. Read it with a default of 10, then "
        "clamp it: min(max(per_page, 1), 50)."
    )


@pytest.mark.parametrize(
    "page", ["0", "-1", "abc", "2.5", "99999999999999999999999"],
    ids=["zero", "negative", "not-a-number", "fraction", "huge"],
)  # fmt: skip
def test_bad_page_numbers_never_fail(client, db, page):
    """A bad ?page= shows a page of books, never a 500"""
    titles = numbered_titles(12)
    insert_books(db, *[make_book(title) for title in titles])
    response = client.get(f"/books?page={page}")
    assert response.status_code == 200, (
        f"/books?page={page} answered {response.status_code}; expected 200. Read the page "
        "number with a default of 1 (a value that is not a whole number gives 1), keep it at "
        "least 1, and no more than the last page."
    )
    assert shown(titles, visible_text(response)), (
        f"/books?page={page} shows no books; expected the first (or the last) page."
    )
