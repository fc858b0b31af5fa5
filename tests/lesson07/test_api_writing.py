"""Lesson 07, steps 2 and 3: creating, changing and deleting books through the API."""

import json

import pytest
from bson import ObjectId

from grading.api import (
    book_json,
    create_book,
    expect_error,
    get_json,
    id_of,
    json_answer,
    oversized_body,
    post_in_chunks,
    send,
)
from grading.books import ascii_isbn

# Step 2: creating a book


def test_api_creates_a_book(client, auth, db):
    """POST /api/books with a JSON book answers 201 with the book and a Location; it is stored"""
    auth.login()
    response = send(client, "POST", "/api/books", book_json())
    data = json_answer(response, status=201, what="POST /api/books with a valid book")
    stored = db.books.find_one({"title": "The Glass Orchard"})
    assert stored is not None and stored.get("year") == 2019, (
        f"After POST /api/books the database holds {stored!r}; expected the book, with year "
        "2019 as a number. Store it with insert_one."
    )
    assert id_of(data) == str(stored["_id"]), "The answer's id is not the stored book's _id."
    location = response.headers.get("Location", "")
    assert location.endswith(f"/api/books/{stored['_id']}"), (
        f"The Location header is {location!r}; expected the new book's address, "
        f"/api/books/{stored['_id']} (url_for('api.get_book', book_id=...))."
    )


BAD_BOOKS = {
    "no-title": book_json(title=None),
    "empty-title": book_json(title=""),
    "blank-author": book_json(author="   "),
    "long-title": book_json(title="t" * 201),
    "title-number": book_json(title=42),
    "title-list": book_json(title=["Dune"]),
    "year-text": book_json(year="1999"),
    "year-fraction": book_json(year=1999.5),
    "year-true": book_json(year=True),
    "year-future": book_json(year=99999),
    "long-genre": book_json(genre="g" * 51),
    "long-description": book_json(description="d" * 2001),
    "isbn-letters": book_json(isbn="not-an-isbn"),
}


@pytest.mark.parametrize("body", list(BAD_BOOKS.values()), ids=list(BAD_BOOKS))
def test_api_refuses_a_bad_book(client, auth, db, body):
    """A book with a missing, too long or wrong-type field is a 400 with a message, not stored"""
    auth.login()
    expect_error(send(client, "POST", "/api/books", body), 400, "POST /api/books with a bad book")
    assert db.books.count_documents({}) == 0, "A refused book was stored anyway."


OPERATOR_BODIES = {
    "top-level": {**book_json(), "$where": "sleep(1000)"},
    "in-a-value": book_json(title={"$ne": None}),
    "set": {**book_json(), "$set": {"owner": "mallory"}},
    "nested-deep": book_json(author={"name": {"$gt": ""}}),
}


@pytest.mark.parametrize("body", list(OPERATOR_BODIES.values()), ids=list(OPERATOR_BODIES))
def test_api_refuses_operator_keys(client, auth, db, body):
    """Keys that start with $ (MongoDB operators) are refused with 400, wherever they are"""
    auth.login()
    expect_error(send(client, "POST", "/api/books", body), 400, "POST /api/books with a $-key")
    assert db.books.count_documents({}) == 0, "A book sent with a $-key was stored anyway."


@pytest.mark.parametrize("field", ["_id", "owner", "is_admin", "reviews", "created_at"])
def test_api_never_stores_fields_outside_the_allow_list(client, auth, db, field):
    """Fields outside the allow-list (_id, owner, is_admin...) are refused (400) or ignored"""
    auth.login()
    value = str(ObjectId()) if field == "_id" else "from-the-client"
    response = send(client, "POST", "/api/books", {**book_json(), field: value})
    assert response.status_code in (201, 400), (
        f"POST /api/books with an extra {field!r} answered {response.status_code}; expected "
        "400 (refused) or 201 (stored without it)."
    )
    stored = db.books.find_one({}) or {}
    assert stored.get(field) != value and str(stored.get("_id")) != value, (
        f"The stored book took {field!r} from the client. Check the body against an "
        "allow-list of fields (BOOK_FIELDS in starter_app/payload.py)."
    )


NOT_JSON = {
    "form-encoded": ({"data": {"title": "Dune", "author": "Frank Herbert"}}, 415),
    "text-plain": ({"data": '{"title": "Dune", "author": "F"}', "content_type": "text/plain"}, 415),
    "malformed-json": ({"data": '{"title": "Du', "content_type": "application/json"}, 400),
    "json-list": ({"json": [book_json()]}, 400),
    "json-string": ({"json": "Dune"}, 400),
    "empty-body": ({"data": "", "content_type": "application/json"}, 400),
    "oversized": ({"data": oversized_body(), "content_type": "application/json"}, 413),
}


@pytest.mark.parametrize(("request_args", "status"), list(NOT_JSON.values()), ids=list(NOT_JSON))
def test_api_refuses_what_is_not_a_json_object(client, auth, db, request_args, status):
    """Not JSON is a 415, broken JSON or no object a 400, too big a 413; nothing is stored"""
    auth.login()
    response = client.post("/api/books", **request_args)
    expect_error(response, status, "POST /api/books with a body that is not a JSON object")
    assert db.books.count_documents({}) == 0, "A request that was not a JSON object stored a book."


def test_api_refuses_an_oversized_body_sent_in_chunks(client, auth, db):
    """A body too big, sent in chunks without a size first, is a 413 too; nothing is stored"""
    auth.login()
    response = post_in_chunks(client, "/api/books", oversized_body(), "application/json")
    what = "POST /api/books with a 2 MB body sent in chunks (no Content-Length)"
    expect_error(response, 413, what, look_in="MAX_CONTENT_LENGTH in starter_app/config.py")
    assert db.books.count_documents({}) == 0, "A body too big, sent in chunks, stored a book."


# Valid JSON that an app taking it as it comes would crash on (a 500), each with what it is.
UNUSABLE_JSON = {
    "nested-50000-deep": ("a body nested 50,000 levels deep", "[" * 50_000 + "]" * 50_000),
    "nested-900-deep": (
        "a title nested 900 lists deep",
        '{"title": ' + "[" * 900 + '"Dune"' + "]" * 900 + ', "author": "Frank Herbert"}',
    ),
    "lone-surrogate": (
        'a title holding half a character, "\\ud800"',
        '{"title": "Dune \\ud800", "author": "Frank Herbert"}',
    ),
}


@pytest.mark.parametrize(("what", "body"), list(UNUSABLE_JSON.values()), ids=list(UNUSABLE_JSON))
def test_api_refuses_json_it_cannot_use(client, auth, db, what, body):
    """JSON nested too deep, or with half a character in a text, is a 400, never a 500"""
    auth.login()
    response = client.post("/api/books", data=body, content_type="application/json")
    expect_error(response, 400, f"POST /api/books with {what}",
                 look_in="parsed_body() in starter_app/payload.py")  # fmt: skip
    assert db.books.count_documents({}) == 0, f"A book sent with {what} was stored anyway."


# The digits of other scripts: str.isdigit() and \\d take them, MongoDB's schema does not.
OTHER_DIGITS = {"arabic-indic": "٩٧٨٠١٤١٤٣٩٥١٨", "fullwidth": "９７８０１４１４３９５１８"}


@pytest.mark.parametrize("isbn", list(OTHER_DIGITS.values()), ids=list(OTHER_DIGITS))
def test_api_stores_an_isbn_in_ascii_digits(client, auth, db, isbn):
    """An ISBN in another script's digits (٩٧٨…) is refused, or stored as 0-9, never as sent"""
    auth.login()
    response = send(client, "POST", "/api/books", book_json(isbn=isbn))
    stored = [book["isbn"] for book in db.books.find() if "isbn" in book]
    assert response.status_code in (201, 400) and all(map(ascii_isbn, stored)), (
        f"POST /api/books with the ISBN {isbn!r} answered {response.status_code} and the "
        f"database holds {stored!r}; expected 400 (or the ISBN stored in the digits 0-9). "
        "isdigit() takes any script's digits, which MongoDB's schema (lesson 11) refuses: "
        "check isascii() too, in isbn() in starter_app/payload.py."
    )


# Step 3: changing and deleting


def test_api_updates_only_the_fields_sent(client, auth, db):
    """PATCH /api/books/<id> changes only the fields sent, and answers the whole book"""
    auth.login()
    book_id = create_book(client)
    db.books.update_one({"_id": book_id}, {"$push": {"reviews": {"name": "K", "rating": 3,
                                                                 "text": "Fine."}}})  # fmt: skip
    response = send(client, "PATCH", f"/api/books/{book_id}", {"year": 2020})
    data = json_answer(response, status=200, what=f"PATCH /api/books/{book_id}")
    stored = db.books.find_one({"_id": book_id})
    assert stored["year"] == 2020 and stored["title"] == "The Glass Orchard", (
        f"After PATCH with {{'year': 2020}} the book has year {stored['year']!r} and title "
        f"{stored['title']!r}; expected year 2020 and the title unchanged ($set the fields sent)."
    )
    assert len(stored.get("reviews") or []) == 1, "The partial update lost the book's reviews."
    assert data.get("title") == "The Glass Orchard" and data.get("year") == 2020, (
        f"PATCH answered {data!r}; expected the whole book as it is now."
    )


@pytest.mark.parametrize("cleared", [None, ""], ids=["null", "empty-text"])
def test_api_clears_an_isbn_sent_as_null(client, auth, db, cleared):
    """PATCH with "isbn": null (or "") removes the book's ISBN, as the edit form does"""
    auth.login()
    book_id = create_book(client, isbn="9780141439518")
    body = {"isbn": cleared}
    response = send(client, "PATCH", f"/api/books/{book_id}", body)
    json_answer(response, status=200, what=f"PATCH /api/books/<id> with {json.dumps(body)}")
    stored = db.books.find_one({"_id": book_id}) or {}
    assert "isbn" not in stored, (
        f"After PATCH with {json.dumps(body)} the stored book has isbn {stored.get('isbn')!r}; "
        "expected no isbn field at all: a book without an ISBN has none, and two books "
        'holding null would clash in the unique index. Remove it with {"$unset": {"isbn": ""}} '
        "(payload.partial_update does it) in update_book in starter_app/api.py."
    )
    assert stored.get("title") == "The Glass Orchard", "Clearing the ISBN changed the title too."


BAD_UPDATES = {
    "empty-object": {},
    "empty-title": {"title": ""},
    "year-text": {"year": "2020"},
    "unknown-field": {"owner": "mallory"},
    "operator": {"$set": {"title": "x"}},
    "reviews": {"reviews": []},
}


@pytest.mark.parametrize("body", list(BAD_UPDATES.values()), ids=list(BAD_UPDATES))
def test_api_refuses_a_bad_update(client, auth, db, body):
    """A bad PATCH (nothing to change, a wrong value, a field outside the allow-list) is a 400"""
    auth.login()
    book_id = create_book(client)
    before = db.books.find_one({"_id": book_id})
    response = send(client, "PATCH", f"/api/books/{book_id}", body)
    expect_error(response, 400, f"PATCH /api/books/<id> with {body!r}")
    assert db.books.find_one({"_id": book_id}) == before, "A refused update changed the book."


def test_api_deletes_a_book(client, auth, db):
    """DELETE /api/books/<id> answers 204 with no body; the book is gone"""
    auth.login()
    book_id, other = create_book(client), create_book(client, title="Stays")
    response = client.delete(f"/api/books/{book_id}")
    assert response.status_code == 204 and not response.data, (
        f"DELETE /api/books/{book_id} answered {response.status_code} with "
        f"{response.data[:80]!r}; expected 204 (No Content) and an empty body."
    )
    assert db.books.count_documents({"_id": book_id}) == 0, "The deleted book is still stored."
    assert db.books.count_documents({"_id": other}) == 1, "DELETE removed another book too."
    expect_error(client.get(f"/api/books/{book_id}"), 404, "GET of a deleted book")


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
@pytest.mark.parametrize("book_id", [str(ObjectId()), "not-an-id"], ids=["unknown", "malformed"])
def test_api_change_of_unknown_book_is_a_404(client, auth, db, method, book_id):
    """PATCH or DELETE of a book that does not exist answers 404 in JSON, and changes nothing"""
    auth.login()
    create_book(client)
    response = send(client, method, f"/api/books/{book_id}", {"year": 2000})
    expect_error(response, 404, f"{method} /api/books/{book_id}")
    assert db.books.count_documents({"year": 2019}) == 1, f"{method} changed another book."


def test_api_created_book_reads_back(client, auth):
    """A book created through the API reads back with GET /api/books/<id>"""
    auth.login()
    book_id = create_book(client, title="Read Me Back")
    data = get_json(client, f"/api/books/{book_id}")
    assert data.get("title") == "Read Me Back", f"GET of the new book answered {data!r}."
