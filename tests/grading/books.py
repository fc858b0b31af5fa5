"""Book data for the graded tests: sample books, small fixtures, and books added through the app."""

import itertools

from bson import ObjectId

_isbns = itertools.count(9780000000001)


def seed_sample_books(runner, db) -> list[dict]:
    """Run `flask seed` and return the books it stored (title and author)."""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, (
        f"`flask seed` failed, so the sample books are missing:\n{result.output}"
        "Look at seed_command in starter_app/db.py."
    )
    return list(db.books.find({}, {"title": 1, "author": 1}))


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
