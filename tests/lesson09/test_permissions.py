"""Lesson 09, steps 3 and 4: what needs a login, and what only a book's owner may do."""

import pytest

from grading.accounts import as_other_user
from grading.api import book_json, create_book, expect_error, send
from grading.books import add_book, book_form, insert_books, make_book
from grading.expect import fetch, redirect_path
from grading.page import local_links, path_of, post_forms, query_of

BOOKS = "login_required and require_owner in starter_app/auth.py, used in books.py"
PAGE = "templates/books/book.html"

# Step 3: login required


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_adding_a_book_needs_a_login(client, db, method):
    """Without a login, /books/new leads to the login page (keeping ?next=) and stores nothing"""
    response = client.open("/books/new", method=method, data=book_form())
    location = response.headers.get("Location", "")
    assert redirect_path(response) == "/auth/login" and "next=" in location, (
        f"{method} /books/new without a login answered {response.status_code} {location!r}; "
        "expected a redirect to /auth/login?next=/books/new. Decorate new_book with "
        "@login_required."
    )
    assert db.books.count_documents({}) == 0, "A visitor who is not logged in added a book."


def test_reviewing_needs_a_login(client, db):
    """Without a login, a review is not stored (the visitor is sent to log in)"""
    (book_id,) = insert_books(db, make_book("Anyone Can Read"))
    response = client.post(f"/books/{book_id}/reviews",
                           data={"name": "Anon", "rating": "5", "text": "Hi"})  # fmt: skip
    assert redirect_path(response) == "/auth/login", (
        f"A review without a login answered {response.status_code}; expected a redirect to "
        "the login page. Decorate add_review with @login_required."
    )
    assert not db.books.find_one({"_id": book_id}).get("reviews"), "The review was stored."


def test_visitors_are_asked_to_log_in_to_review(client, db):
    """A visitor sees no review form on a book's page, but a link to log in and come back"""
    (book_id,) = insert_books(db, make_book("Anyone Can Read"))
    page = fetch(client, f"/books/{book_id}", look_in=PAGE)
    assert not [form for form in post_forms(page) if "rating" in form["fields"]], (
        "A visitor who is not logged in sees the review form, and would lose the review on "
        f"the way through the login page. Show it only {{% if current_user() %}} in {PAGE}."
    )
    login_links = [href for href in local_links(page) if path_of(href) == "/auth/login"]
    back = [href for href in login_links
            if path_of(query_of(href).get("next", "")) == f"/books/{book_id}"]  # fmt: skip
    assert back, (
        "A visitor's book page has no link to log in that comes back to the book. Link to "
        f"url_for('auth.login', next=request.path) in {PAGE}, where the review form would be."
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/api/books"), ("PATCH", "/api/books/{id}"), ("DELETE", "/api/books/{id}"),
     ("POST", "/api/books/{id}/reviews")],
    ids=["create", "update", "delete", "review"],
)  # fmt: skip
def test_api_writes_need_a_login(client, db, method, path):
    """Without a login, the API's writes answer 401 in JSON and change nothing"""
    (book_id,) = insert_books(db, make_book("Untouched"))
    before = list(db.books.find())
    body = {"name": "A", "rating": 5, "text": "B"} if "reviews" in path else book_json()
    response = send(client, method, path.format(id=book_id), body)
    where = "@login_required on the API's views (it aborts with 401 there)"
    expect_error(response, 401, f"{method} {path} without a login", look_in=where)
    assert list(db.books.find()) == before, f"{method} {path} without a login changed books."


# Step 4: only the owner changes a book


def test_a_new_book_belongs_to_its_owner(client, auth, db):
    """The owner of a book added through the form can edit it; the page offers the links"""
    auth.login()
    book_id = add_book(client)
    fetch(client, f"/books/{book_id}/edit", look_in="edit_book in starter_app/books.py")
    targets = {path_of(href) for href in local_links(client.get(f"/books/{book_id}"))}
    assert f"/books/{book_id}/edit" in targets, "The owner sees no Edit link on the book's page."


@pytest.mark.parametrize(
    ("method", "action"),
    [("GET", "edit"), ("POST", "edit"), ("GET", "delete"), ("POST", "delete")],
)
def test_only_the_owner_edits_or_deletes(client, auth, db, method, action):
    """Another user who opens or sends a book's edit or delete form gets 403, and nothing changes"""
    auth.login()
    book_id = add_book(client, title="Mine Alone")
    as_other_user(client, auth)
    response = client.open(f"/books/{book_id}/{action}", method=method,
                           data=book_form(title="Hijacked"))  # fmt: skip
    assert response.status_code == 403, (
        f"{method} /books/<id>/{action} by another user answered {response.status_code}; "
        f"expected 403 Forbidden. Look in {BOOKS}: require_owner(book) after finding it."
    )
    book = db.books.find_one({"_id": book_id})
    assert book is not None and book["title"] == "Mine Alone", "Another user changed the book."


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_api_only_the_owner_changes_a_book(client, auth, db, method):
    """Through the API too, another user's PATCH or DELETE is a 403 in JSON"""
    auth.login()
    book_id = create_book(client, title="Mine Alone")
    as_other_user(client, auth)
    response = send(client, method, f"/api/books/{book_id}", {"title": "Hijacked"})
    expect_error(response, 403, f"{method} /api/books/<id> by another user",
                 look_in="require_owner in update_book and delete_book of api.py")  # fmt: skip
    book = db.books.find_one({"_id": book_id})
    assert book is not None and book["title"] == "Mine Alone", "Another user changed the book."


def test_others_see_no_edit_links(client, auth, db):
    """Other users (and visitors) see no Edit or Delete link on a book that is not theirs"""
    auth.login()
    book_id = add_book(client)
    as_other_user(client, auth)
    targets = {path_of(href) for href in local_links(client.get(f"/books/{book_id}"))}
    shown = {f"/books/{book_id}/edit", f"/books/{book_id}/delete"} & targets
    assert not shown, (
        f"Another user sees links to {', '.join(sorted(shown))}. Show them only to the owner: "
        "{% if owns(book) %} in templates/books/book.html."
    )


def test_the_owner_cannot_be_sent_with_the_form(client, auth, db):
    """An "owner" field sent with the form is ignored: the owner is who is logged in"""
    auth.login()
    client.post("/books/new", data={**book_form(), "owner": "mallory"})
    as_other_user(client, auth, "mallory")
    book = db.books.find_one({})
    assert book is not None and book.get("owner") != "mallory", "The form set the owner."
    response = client.post(f"/books/{book['_id']}/delete")
    assert response.status_code == 403, "A user named in a sent 'owner' field could delete it."
