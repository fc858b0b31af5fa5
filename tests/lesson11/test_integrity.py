"""Lesson 11, steps 2, 3 and 5: duplicates as form errors, timestamps, a database that is down."""

import time
from datetime import datetime, timedelta, timezone

import pytest
from bson import ObjectId

from grading.api import book_json, create_book, expect_error, send
from grading.books import add_book, ascii_isbn, book_form, insert_books, make_book
from grading.expect import redirect_path
from grading.page import new_words, post_forms, visible_text

NEW = "new_book in starter_app/books.py"
TAKEN = "9781400000319"

# Step 2: duplicates are a message on the form


def test_book_form_has_an_isbn_field(client, auth):
    """The form to add a book has an ISBN field"""
    auth.login()
    fields = next((f["fields"] for f in post_forms(client.get("/books/new"))
                   if "title" in f["fields"]), [])  # fmt: skip
    assert "isbn" in fields, "The book form has no field named isbn (BookForm in forms.py)."


@pytest.mark.parametrize("typed", [TAKEN, "978-1-4000-0031-9"], ids=["same", "with-hyphens"])
def test_a_taken_isbn_is_a_form_error(client, auth, db, typed):
    """Adding a book with an ISBN already on the shelf shows a message on the form, never a 500"""
    insert_books(db, make_book("First Copy", isbn=TAKEN))
    auth.login()
    blank = client.get("/books/new")
    response = client.post("/books/new", data=book_form(isbn=typed))
    assert response.status_code in (200, 400, 409) and new_words(response, blank), (
        f"Adding a book with the taken ISBN {typed!r} answered {response.status_code}; "
        f"expected the form again with a message. Catch DuplicateKeyError in {NEW}."
    )
    assert db.books.count_documents({"isbn": TAKEN}) == 1, "Two books now share one ISBN."


def test_editing_to_a_taken_isbn_is_a_form_error(client, auth, db):
    """Changing a book's ISBN to one another book has shows a message, and changes nothing"""
    insert_books(db, make_book("First Copy", isbn=TAKEN))
    auth.login()
    book_id = add_book(client, title="Mine")
    response = client.post(f"/books/{book_id}/edit", data=book_form(title="Mine", isbn=TAKEN))
    assert response.status_code in (200, 400, 409) and not redirect_path(response), (
        f"Editing a book to a taken ISBN answered {response.status_code}; expected the form "
        "again with a message (catch DuplicateKeyError in edit_book)."
    )
    assert "isbn" not in db.books.find_one({"_id": book_id}), "The taken ISBN was stored."


def test_books_without_an_isbn_never_clash(client, auth, db):
    """Two books added without an ISBN are both stored (no empty ISBN is saved)"""
    auth.login()
    add_book(client, title="No Number One")
    add_book(client, title="No Number Two")
    stored = [book["isbn"] for book in db.books.find() if "isbn" in book]
    assert db.books.count_documents({}) == 2 and not stored, (
        f"Two books without an ISBN were stored with isbn values {stored}; store no isbn "
        "field at all when it is empty (the unique index is sparse: it skips missing fields, "
        'but not "" or null, and the schema refuses both).'
    )


def test_clearing_the_isbn_removes_it(client, auth, db):
    """Editing a book with its ISBN field emptied removes the ISBN from the book"""
    auth.login()
    book_id = add_book(client, title="Numbered", isbn=TAKEN)
    client.post(f"/books/{book_id}/edit", data=book_form(title="Numbered", isbn=""))
    book = db.books.find_one({"_id": book_id})
    assert "isbn" not in book, (
        f"After the ISBN was emptied in the edit form, the book still has isbn "
        f"{book['isbn']!r}; expected no isbn field. $set leaves a field it is not given as "
        'it was: add {"$unset": {"isbn": ""}} when no ISBN was typed (edit_book in books.py).'
    )


@pytest.mark.parametrize(
    "typed", ["abc", "12345", "97814000003190"], ids=["letters", "short", "14"]
)
def test_a_bad_isbn_is_refused(client, auth, db, typed):
    """An ISBN that is not 10 or 13 digits is refused with a message"""
    auth.login()
    response = client.post("/books/new", data=book_form(isbn=typed))
    assert not redirect_path(response) and db.books.count_documents({}) == 0, (
        f"The ISBN {typed!r} was accepted; an ISBN has 10 or 13 digits."
    )


@pytest.mark.parametrize(
    "typed", ["٩٧٨١٤٠٠٠٠٠٣١٩", "９７８１４０００００３１９"], ids=["arabic-indic", "fullwidth"]
)
def test_an_isbn_in_other_digits_is_refused(client, auth, db, typed):
    """An ISBN in another script's digits (٩٧٨…) is refused, or stored as 0-9, never a 500"""
    auth.login()
    response = client.post("/books/new", data=book_form(isbn=typed))
    stored = [book["isbn"] for book in db.books.find() if "isbn" in book]
    assert response.status_code < 500 and all(map(ascii_isbn, stored)), (
        f"Adding a book with the ISBN {typed!r} answered {response.status_code} and the "
        f"database holds {stored!r}; expected the form again with a message. In a Regexp, "
        r"\d takes any script's digits, which the database's schema refuses: write [0-9] "
        "(BookForm in starter_app/forms.py)."
    )


# Step 3: timestamps


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _recent(value) -> bool:
    now = datetime.now(timezone.utc)
    return isinstance(value, datetime) and now - timedelta(minutes=1) <= _utc(value) <= now


def test_new_books_record_when_they_were_added(client, auth, db):
    """Books added by the form and by the API get created_at: a date (not text), in UTC"""
    auth.login()
    add_book(client, title="By Form")
    create_book(client, title="By API")
    for book in db.books.find():
        assert _recent(book.get("created_at")), (
            f"{book['title']!r} has created_at {book.get('created_at')!r}; expected the "
            "moment it was added, datetime.now(timezone.utc)."
        )


@pytest.mark.parametrize("way", ["form", "api"])
def test_changes_record_when_they_were_made(client, auth, db, way):
    """Editing a book (form or PATCH) sets updated_at, and leaves created_at as it was"""
    auth.login()
    book_id = add_book(client) if way == "form" else create_book(client)
    before = db.books.find_one({"_id": book_id})
    time.sleep(0.01)
    if way == "form":
        client.post(f"/books/{book_id}/edit", data=book_form(title="Changed"))
    else:
        send(client, "PATCH", f"/api/books/{book_id}", {"title": "Changed"})
    after = db.books.find_one({"_id": book_id})
    assert after["title"] == "Changed" and _recent(after.get("updated_at")), (
        f"After an edit ({way}) the book has updated_at {after.get('updated_at')!r}; expected "
        "the moment of the change. $set it with the other fields."
    )
    assert after.get("created_at") == before.get("created_at"), "The edit changed created_at."
    assert _utc(after["updated_at"]) >= _utc(before["created_at"]), "updated_at is too early."


# Step 5: the database is down


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/books"), ("GET", f"/books/{ObjectId()}"), ("GET", "/stats"),
     ("POST", "/auth/login")],
)  # fmt: skip
def test_pages_answer_503_quickly_when_the_database_is_down(offline_app, method, path):
    """With the database down, pages answer 503 within 2 seconds, with a page that says so"""
    client = offline_app.test_client()
    started = time.monotonic()
    response = client.open(path, method=method, data={"username": "maya", "password": "x" * 9})
    seconds = time.monotonic() - started
    assert response.status_code == 503, (
        f"With the database down, {method} {path} answered {response.status_code}; expected "
        "503. Register an error handler for pymongo's ConnectionFailure in db.py."
    )
    assert seconds < 2, f"The 503 took {seconds:.1f} s; expected less than 2 s."
    said = visible_text(response).lower()
    assert "resting" in said or "database" in said, (
        'The 503 page says neither "Bookshelf is resting" nor that the database is down '
        "(see templates/503.html)."
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [("GET", "/api/books", None), ("GET", "/api/stats", None),
     ("GET", f"/api/books/{ObjectId()}", None),
     ("POST", "/api/session", {"username": "maya", "password": "x" * 9})],
)  # fmt: skip
def test_api_answers_503_in_json_when_the_database_is_down(offline_app, method, path, body):
    """With the database down, the API answers 503 in JSON with a message and Retry-After,
    within 2 seconds"""
    client = offline_app.test_client()
    started = time.monotonic()
    response = send(client, method, path, body)
    expect_error(response, 503, f"{method} {path} with the database down",
                 look_in="database_down in starter_app/db.py")  # fmt: skip
    assert time.monotonic() - started < 2, f"{method} {path} took too long to answer 503."
    assert response.headers.get("Retry-After"), (
        f"{method} {path} answered 503 without a Retry-After header; add one (in seconds, "
        "as database_down in starter_app/db.py does for pages), so programs know when to "
        "try again."
    )


def test_api_still_refuses_bad_input_first(offline_app):
    """With the database down, a bad JSON body is still a 400 (it never reaches the database)"""
    client = offline_app.test_client()
    response = send(client, "POST", "/api/session", book_json(title={"$ne": None}))
    assert response.status_code in (400, 503), f"Bad input answered {response.status_code}."
