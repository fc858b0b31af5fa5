"""Lesson 08, step 4: the indexes of the app's queries, created when the app starts."""

import pytest

from grading.books import insert_books, make_book
from grading.indexes import unique_index_keys

DB = "create_indexes (INDEXES) in starter_app/db.py"


def _first_keys(db) -> set[str]:
    return {next(iter(info["key"]))[0] for info in db.books.index_information().values()}


@pytest.mark.parametrize("field", ["title", "author", "genre"])
def test_indexes_are_created_when_the_app_starts(app, db, field):
    """Starting the app creates an index for each way the list is sorted or filtered"""
    assert field in _first_keys(db), (
        f"After create_app() the books collection has no index that starts with {field!r} "
        f"(it has {sorted(_first_keys(db))}). Create it in {DB}, called from init_app."
    )


def test_isbn_index_stays_unique(app, db):
    """The ISBN index is still unique (lesson 07)"""
    unique = unique_index_keys(db.books)
    assert any(key[0][0] == "isbn" for key in unique), (
        f"No unique index on isbn any more (unique indexes: {unique}). Keep lesson 07's "
        f"create_index('isbn', unique=True, sparse=True) in {DB}."
    )


def test_starting_twice_keeps_the_data(create_app, database, db):
    """Starting the app again on the same database works and keeps the books"""
    config = {"TESTING": True, "SECRET_KEY": "x", "MONGO_URI": database.uri}
    create_app(config)
    insert_books(db, make_book("Still Here"))
    response = create_app(config).test_client().get("/books")
    assert response.status_code == 200 and db.books.count_documents({}) == 1, (
        f"A second start of the app on the same database answered /books with "
        f"{response.status_code}. Creating an index that exists must do nothing."
    )
