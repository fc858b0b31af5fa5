"""Book data for the graded tests: sample books, small fixtures, and books added through the app."""

import itertools
import re

from bson import ObjectId
from bson.errors import InvalidId

from grading.expect import redirect_path

_isbns = itertools.count(9780000000001)


def seed_sample_books(runner, db) -> list[dict]:
    """Run `flask seed` and return the books it stored (title, author, year and genre)."""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, (
        f"`flask seed` failed, so the sample books are missing:\n{result.output}"
        "Look at seed_command in starter_app/db.py."
    )
    return list(db.books.find({}, {"title": 1, "author": 1, "year": 1, "genre": 1}))


def make_book(title: str, **fields) -> dict:
    """A complete book document, shaped like the sample books; override any field."""
    return {
        "title": title,
        "author": "Test Author",
        "year": 2001,
        "genre": "Testing",
        "pages": 200,
        "isbn": str(next(_isbns)),
        "description": f"A book called {title}.",
        "reviews": [],
        **fields,
    }


def ascii_isbn(value) -> bool:
    """Whether a stored ISBN is 10 or 13 of the digits 0-9 (what the schema of lesson 11 takes)."""
    return isinstance(value, str) and re.fullmatch(r"[0-9]{10}|[0-9]{13}", value) is not None


def insert_books(db, *books: dict) -> list[ObjectId]:
    """Store these books straight in the database; return their ids."""
    return db.books.insert_many(list(books)).inserted_ids


def numbered_titles(count: int, prefix: str = "Volume") -> list[str]:
    """'Volume 01', 'Volume 02', ...: titles that sort in order and never contain each other."""
    return [f"{prefix} {number:02d}" for number in range(1, count + 1)]


def shown(titles: list[str], text: str) -> list[str]:
    """The titles that appear in a page's visible text, in the order given."""
    return [title for title in titles if title in text]


def in_page_order(titles: list[str], text: str) -> list[str]:
    """The titles that appear in the text, in the order the page shows them."""
    return sorted(shown(titles, text), key=text.index)


def around_each_title(titles: list[str], text: str) -> dict[str, str]:
    """For each title the text shows, the text around it: from the end of the title before
    it to the start of the title after it (in page order). A book's details belong there,
    whether the page puts them after its title or before it (a table with a year column)."""
    order = in_page_order(titles, text)
    spans = [(text.index(title), text.index(title) + len(title)) for title in order]
    around = {}
    for n, title in enumerate(order):
        begin = spans[n - 1][1] if n else 0
        end = spans[n + 1][0] if n + 1 < len(order) else len(text)
        around[title] = text[begin:end]
    return around


def book_form(**overrides: str) -> dict[str, str]:
    """What a visitor types in the form to add a book; drop a field with FIELD=None."""
    typed = {
        "title": "The Winter Garden",
        "author": "Nora Lindqvist",
        "genre": "Fiction",
        "year": "2011",
        "description": "Two sisters, one garden, and a long winter.",
        **overrides,
    }
    return {name: value for name, value in typed.items() if value is not None}


def book_id_in(path: str) -> ObjectId | None:
    """The ObjectId in a book page's path, like /books/665f1c2e9b1e8a3d4c2b7a10."""
    try:
        return ObjectId(path.rstrip("/").rsplit("/", 1)[-1])
    except (InvalidId, TypeError):
        return None


def add_book(client, **overrides: str) -> ObjectId:
    """Add a book through the app's form, as its (logged-in) owner would; return its id."""
    response = client.post("/books/new", data=book_form(**overrides))
    book_id = book_id_in(redirect_path(response))
    assert book_id, (
        f"Adding a book through POST /books/new answered {response.status_code} without a "
        "redirect to the new book's page, so this test cannot start. Finish lesson 05 first."
    )
    return book_id


def says_how_many_books(text: str, count: int) -> bool:
    """Whether a page's text gives this count of books ("30 books", "1 book"), as a whole
    number: "1 book" is not in "11 books", nor "2 books" in "12 books" or "1–2 books"."""
    noun = "books?" if count == 1 else "books"  # "1 books" is clumsy, not wrong
    return re.search(rf"(?<![\d.,–-]){count} {noun}\b", text.lower()) is not None
