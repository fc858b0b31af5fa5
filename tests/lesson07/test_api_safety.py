"""Lesson 07, step 5: conflicts (409) and why the API needs no CSRF token."""

from grading.api import book_json, create_book, expect_error, json_answer, send
from grading.auth import AuthActions

ISBN = "9781400000999"


def test_api_duplicate_isbn_is_a_409(client, auth, db):
    """A second book with the same ISBN is refused with 409 Conflict, never a 500"""
    auth.login()
    create_book(client, isbn=ISBN)
    response = send(client, "POST", "/api/books", book_json(title="Copy", isbn=ISBN))
    where = "create_indexes in starter_app/db.py, and create_book in api.py"
    expect_error(response, 409, "POST /api/books with a taken ISBN", look_in=where)
    assert db.books.count_documents({"isbn": ISBN}) == 1, "Two books now share one ISBN."


def test_api_update_to_a_taken_isbn_is_a_409(client, auth, db):
    """Changing a book's ISBN to one another book has is a 409, and changes nothing"""
    auth.login()
    create_book(client, isbn=ISBN)
    other = create_book(client, title="Other", isbn="9781400000888")
    response = send(client, "PATCH", f"/api/books/{other}", {"isbn": ISBN})
    expect_error(response, 409, "PATCH /api/books/<id> to a taken ISBN")
    assert db.books.find_one({"_id": other})["isbn"] == "9781400000888", "The ISBN changed."


def test_api_takes_json_without_a_csrf_token(csrf_app, db):
    """With CSRF protection on, the API accepts JSON without a token (forms still need one)"""
    client = csrf_app.test_client()
    AuthActions(client).login()
    response = send(client, "POST", "/api/books", book_json())
    json_answer(response, status=201, what="POST /api/books (JSON, CSRF protection on)",
                look_in="create_app: forms.csrf.exempt(api.bp)")  # fmt: skip
    assert db.books.count_documents({}) == 1, "The JSON POST did not store the book."


def test_api_refuses_what_a_form_on_another_site_could_send(csrf_app, db):
    """With CSRF off for the API, a form-encoded or text/plain POST must still be refused (415)"""
    client = csrf_app.test_client()
    AuthActions(client).login()
    for content_type in ("application/x-www-form-urlencoded", "text/plain", "multipart/form-data"):
        response = client.post("/api/books", data="{}", content_type=content_type)
        expect_error(response, 415, f"POST /api/books as {content_type}",
                     look_in="json_object in starter_app/payload.py")  # fmt: skip
    assert db.books.count_documents({}) == 0, "A POST that was not JSON stored a book."
