"""The app as a browser uses it with CSRF protection on: open a page, send its form back
with what the page filled in, the hidden csrf_token included."""

from bson import ObjectId

from grading.auth import AuthActions
from grading.books import book_form, book_id_in
from grading.expect import fetch, redirect_path
from grading.page import csrf_field, form_posting_to


def logged_in_client(csrf_app):
    """A test client of the app with CSRF protection on, logged in once the app has users."""
    client = csrf_app.test_client()
    AuthActions(client).login()
    return client


def add_book_with_token(client) -> ObjectId:
    """Add a book through the form of /books/new, sent with its CSRF token; return its id."""
    token = csrf_field(client.get("/books/new"))
    book_id = book_id_in(redirect_path(client.post("/books/new", data={**book_form(), **token})))
    assert book_id, "With CSRF protection on, adding a book failed: see lesson 05, step 5."
    return book_id


def send_form_with_token(client, page: str, action: str, typed: dict, *, look_in: str):
    """Open `page`, take its form that POSTs to `action`, fill in `typed` over what the page
    filled in (its hidden csrf_token too), and send it; return the response."""
    form = form_posting_to(fetch(client, page, look_in=look_in), action)
    problem = (
        f"The form on {page} that POSTs to {action} has no hidden csrf_token field"
        if form
        else f"The page {page} has no form that POSTs to {action}"
    )
    assert form and "csrf_token" in form["values"], (
        f"{problem}, so with CSRF protection on (as the app normally runs) it can never be "
        "sent. Inside the <form>, add {{ form.hidden_tag() }} "
        '(or <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">). '
        f"Look in {look_in}."
    )
    return client.post(action, data={**form["values"], **typed})
