"""Lesson 12, step 6: a security review of the finished app (SECURITY.md, one test each)."""

from urllib.parse import urlencode

import pytest
from bson import ObjectId

from grading.api import post_in_chunks
from grading.auth import AuthActions
from grading.books import book_form, insert_books, make_book
from grading.expect import fetch
from grading.headers import framing_headers, framing_refused

SECURITY = "starter_app/security.py"


@pytest.mark.parametrize("path", ["/", "/books", "/api/books", "/no-such-page"])
def test_every_answer_has_the_security_headers(client, path):
    """Every answer says nosniff and refuses to be framed by other sites (X-Frame-Options)"""
    response = client.get(path)
    sniffing = response.headers.get("X-Content-Type-Options")
    assert (sniffing or "").strip().lower() == "nosniff", (
        f"GET {path} answered with X-Content-Type-Options: {sniffing}; expected nosniff. Add it "
        f"to every response in an after_request function ({SECURITY})."
    )
    assert framing_refused(response), (
        f"GET {path} answered with {framing_headers(response)}: any site may show it in a frame "
        "(clickjacking). Expected X-Frame-Options: DENY (or SAMEORIGIN), or a "
        f"Content-Security-Policy with frame-ancestors 'none' (or 'self') ({SECURITY})."
    )


FORMS = ["/books/new", "/books/{id}/edit", "/books/{id}/delete", "/books/{id}/reviews",
         "/auth/logout", "/suggest"]  # fmt: skip


@pytest.mark.parametrize("path", FORMS)
def test_every_form_needs_its_csrf_token(csrf_app, db, path):
    """With the normal settings, every form that changes data refuses a POST without its token"""
    client = csrf_app.test_client()
    AuthActions(client).login()
    (book_id,) = insert_books(db, make_book("Target"))
    before = list(db.books.find())
    response = client.post(path.format(id=book_id), data={**book_form(), "rating": "5",
                                                            "name": "x", "text": "y"})  # fmt: skip
    assert response.status_code == 400 and list(db.books.find()) == before, (
        f"POST {path} without a CSRF token answered {response.status_code}; expected 400 "
        "and nothing changed (CSRFProtect covers every form of the app)."
    )


def test_stored_html_is_shown_as_text(client, auth, db):
    """A title and a review holding <script> show as text on every page, never as code"""
    attack = "<script>alert('stored')</script>"
    review = {"name": attack, "rating": 5, "text": attack}
    (book_id,) = insert_books(db, make_book(attack, author=attack, reviews=[review]))
    for path in ("/books", f"/books/{book_id}", "/stats", f"/books?q={attack[:8]}"):
        html = fetch(client, path, look_in="the templates").get_data(as_text=True)
        assert attack not in html, (
            f"{path} sends a stored <script> to the browser as HTML. Keep Jinja's autoescape "
            "on; never mark what visitors wrote as |safe."
        )


def test_an_oversized_form_is_refused(client, auth, db):
    """A form bigger than MAX_CONTENT_LENGTH is refused with 413, and nothing is stored"""
    auth.login()
    response = client.post("/books/new", data=book_form(description="d" * (2 * 1024 * 1024)))
    assert response.status_code == 413 and db.books.count_documents({}) == 0, (
        f"A 2 MB form answered {response.status_code}; expected 413 (MAX_CONTENT_LENGTH)."
    )


def test_an_oversized_form_sent_in_chunks_is_refused(client, auth, db):
    """A form too big, sent in chunks without a size first, is a 413 too; nothing is stored"""
    auth.login()
    # Valid fields first, then 2 MB more: cut off at the limit, it would look like a good form.
    form = urlencode({**book_form(), "notes": "n" * (2 * 1024 * 1024)}).encode()
    response = post_in_chunks(client, "/books/new", form, "application/x-www-form-urlencoded")
    assert response.status_code == 413 and db.books.count_documents({}) == 0, (
        f"A 2 MB form sent in chunks (no Content-Length) answered {response.status_code}, and "
        f"{db.books.count_documents({})} book(s) were stored; expected 413 and none. Such a "
        "body reaches the app cut short at MAX_CONTENT_LENGTH; the given refuse_cut_off_body "
        "in starter_app/payload.py refuses it, run before every request by starter_app/api.py."
    )


def test_unknown_ids_are_404_everywhere(client):
    """Malformed and unknown ids answer 404 on pages and in the API, never 500"""
    for path in (f"/books/{ObjectId()}", "/books/xyz", "/api/books/xyz", "/api/books/xyz/reviews"):
        status = client.get(path).status_code
        assert status == 404, f"GET {path} answered {status}; expected 404."
