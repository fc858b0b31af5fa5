"""Lesson 11, steps 1 and 4: the database checks books itself, and explains its queries."""

import pytest
from pymongo.errors import WriteError

from grading.books import insert_books, make_book

SCHEMA = "BOOK_SCHEMA and apply_schema in starter_app/schema.py"

# Step 1: a $jsonSchema validator


# Words that say whether the database checks the books (the schema, or its validator).
SCHEMA_WORDS = ("schema", "validat", "check", "refus")  # the README: "MongoDB refuses a book…"


def test_init_db_says_what_it_did(runner, db):
    """`flask init-db` creates the indexes and the schema, and says what the database checks"""
    result = runner.invoke(args=["init-db"])
    said = result.output.lower()
    names = [name.lower() for name in db.books.index_information() if name != "_id_"]
    assert result.exit_code == 0 and ("index" in said or any(n in said for n in names)), (
        f"`flask init-db` answered (exit code {result.exit_code}):\n{result.output}\nExpected "
        "it to run and list the indexes. Add init_db_command in starter_app/schema.py, added by "
        "schema.init_app."
    )
    assert any(word in said for word in SCHEMA_WORDS), (
        "`flask init-db` does not say whether the database checks the books' schema "
        "(mongomock cannot; MongoDB does): name the schema, or its validator."
    )


INVALID_BOOKS = {
    "title-a-number": {**make_book("x"), "title": 42},
    "no-author": {"title": "Anonymous"},
    "empty-title": make_book(""),
    "year-as-text": make_book("Old", year="1999"),
    "isbn-letters": make_book("Odd", isbn="not-an-isbn"),
    "rating-nine": make_book("Loved", reviews=[{"name": "A", "rating": 9, "text": "!"}]),
    "review-without-text": make_book("Hm", reviews=[{"name": "A", "rating": 3}]),
}


@pytest.mark.wire_only
@pytest.mark.parametrize("book", list(INVALID_BOOKS.values()), ids=list(INVALID_BOOKS))
def test_database_refuses_an_invalid_book(app, db, book):
    """MongoDB itself refuses a book that breaks the schema, even written around the app"""
    with pytest.raises(WriteError) as refused:
        db.books.insert_one(book)
    assert refused.value.code == 121, f"The insert failed, but not by validation: {refused.value}"


@pytest.mark.wire_only
def test_database_refuses_a_bad_review_pushed_later(app, db):
    """A review pushed into a valid book with a rating of 0 is refused too"""
    (book_id,) = insert_books(db, make_book("Fine So Far"))
    bad = {"$push": {"reviews": {"name": "Z", "rating": 0, "text": "zero"}}}
    with pytest.raises(WriteError):
        db.books.update_one({"_id": book_id}, bad)


@pytest.mark.wire_only
def test_schema_accepts_the_books_the_app_writes(app, runner, db):
    """The sample books and books shaped like the app's pass the schema"""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0 and db.books.count_documents({}) >= 20, (
        f"With the schema on, `flask seed` failed or stored too few books:\n{result.output}"
        f"Loosen {SCHEMA}: every sample book must pass it."
    )
    insert_books(db, make_book("Plain"), {"title": "Only Two Fields", "author": "A. Nonymous"})


# Step 4: explain


def test_explain_command_runs(runner):
    """`flask explain` runs everywhere (on mongomock it says it needs a real server)"""
    result = runner.invoke(args=["explain"])
    assert result.exit_code == 0 and result.output.strip(), (
        f"`flask explain` answered (exit code {result.exit_code}):\n{result.output}\n"
        "Add explain_command in starter_app/schema.py; when explain() is not available "
        "(mongomock), say so instead of failing."
    )


@pytest.mark.wire_only
def test_explain_shows_the_index_each_query_uses(runner, db):
    """`flask explain` shows an index (IXSCAN) for the list's queries, none for a search"""
    insert_books(db, *[make_book(f"Book {n}", author=f"Author {n % 3}") for n in range(30)])
    lines = runner.invoke(args=["explain"]).output.lower().splitlines()
    author = next((line for line in lines if "author" in line and "search" not in line), "")
    search = next((line for line in lines if "search" in line), "")
    assert "ixscan" in author and "author" in author.split(":", 1)[-1], (
        f"For one author's books `flask explain` says {author!r}; expected IXSCAN with the "
        "index on author (lesson 08's INDEXES)."
    )
    assert "collscan" in search, (
        f"For a search `flask explain` says {search!r}; expected COLLSCAN: a regex that "
        "ignores case cannot use an index."
    )
