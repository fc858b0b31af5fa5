"""Lesson 06: editing and deleting a book (with a confirmation step)."""

import pytest
from bson import ObjectId

from grading.books import add_book, book_form
from grading.csrf import add_book_with_token, logged_in_client, send_form_with_token
from grading.expect import expect_flashed, fetch, follow, redirect_path
from grading.page import local_links, path_of, post_forms, visible_text

EDIT = "edit_book in starter_app/books.py"
DELETE = "delete_book in starter_app/books.py"
EDIT_PAGE = f"{EDIT} and templates/books/form.html"
DELETE_PAGE = f"{DELETE} and templates/books/delete.html"
BAD_IDS = [str(ObjectId()), "not-an-id"]


def _book_form_values(response) -> dict:
    form = next((f for f in post_forms(response) if "title" in f["fields"]), None)
    return form["values"] if form else {}


# Step 1: editing


def test_edit_page_shows_the_book_in_a_form(client, auth):
    """GET /books/<id>/edit shows a form filled in with the book's details"""
    auth.login()
    book_id = add_book(client, title="Before the Edit", author="Vera Holm")
    values = _book_form_values(fetch(client, f"/books/{book_id}/edit", look_in=EDIT))
    assert values.get("title") == "Before the Edit" and values.get("author") == "Vera Holm", (
        f"The edit form holds title {values.get('title')!r} and author {values.get('author')!r};"
        " expected the book's own. Fill the form in with BookForm(data=book)."
    )


def test_editing_a_book_saves_the_changes(client, auth, db):
    """POSTing the edit form updates the book, redirects to its page and says so"""
    auth.login()
    book_id = add_book(client)
    db.books.update_one({"_id": book_id}, {"$push": {"reviews": {"name": "Kim", "rating": 4,
                                                                 "text": "Good."}}})  # fmt: skip
    response = client.post(f"/books/{book_id}/edit", data=book_form(title="After", year="1999"))
    assert redirect_path(response) == f"/books/{book_id}", (
        f"POST /books/{book_id}/edit answered {response.status_code}; expected a redirect "
        f"to the book's page. Look in {EDIT}."
    )
    book = db.books.find_one({"_id": book_id})
    assert book["title"] == "After" and book["year"] == 1999, (
        f"After the edit the book has title {book['title']!r} and year {book['year']!r}; "
        "expected 'After' and 1999. Update it with update_one({'_id': ...}, {'$set': ...})."
    )
    assert len(book.get("reviews") or []) == 1, (
        "Editing the book lost its reviews. $set only the fields of the form; never replace "
        "the whole document."
    )
    expect_flashed(
        client, follow(client, response), "updated", after="an edit",
        how=f"Call flash('Book updated: ...') in {EDIT} before redirecting.",
    )  # fmt: skip


@pytest.mark.parametrize(
    "changes",
    [{"title": ""}, {"author": "a" * 101}, {"year": "nineteen"}],
    ids=["empty-title", "long-author", "year-words"],
)
def test_editing_refuses_bad_input(client, auth, db, changes):
    """A bad edit is refused with the form shown again, and the book stays as it was"""
    auth.login()
    book_id = add_book(client)
    before = db.books.find_one({"_id": book_id})
    response = client.post(f"/books/{book_id}/edit", data=book_form(**changes))
    assert response.status_code in (200, 400, 422) and _book_form_values(response), (
        f"A bad edit ({', '.join(changes)}) answered {response.status_code}; expected the "
        "form again with its errors (status 400). Use form.validate_on_submit() as in new_book."
    )
    assert db.books.find_one({"_id": book_id}) == before, "A bad edit changed the book anyway."


def test_editing_changes_only_the_allowed_fields(client, auth, db):
    """Fields the form does not have (_id, reviews, $-keys, owner) are never changed"""
    auth.login()
    book_id = add_book(client)
    extra = {"_id": str(ObjectId()), "reviews": "gone", "$set": "x", "owner": "mallory",
             "created_at": "yesterday"}  # fmt: skip
    client.post(f"/books/{book_id}/edit", data={**book_form(title="Allowed"), **extra})
    book = db.books.find_one({"_id": book_id})
    assert book is not None and book["title"] == "Allowed", (
        "An edit sent with extra fields did not update the title, or moved the book to "
        "another _id. $set only the form's fields."
    )
    wrong = [
        name for name in ("reviews", "owner", "created_at") if book.get(name) in extra.values()
    ]
    assert "$set" not in book and not wrong, (
        f"An edit changed fields that are not in the form: {', '.join(wrong) or '$set'}. "
        "Build the $set from form.book_fields(), never from request.form."
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("book_id", BAD_IDS, ids=["unknown", "malformed"])
def test_editing_an_unknown_book_is_a_404(client, auth, method, book_id):
    """Editing a book that does not exist answers 404, never 500"""
    auth.login()
    fetch(client, f"/books/{book_id}/edit", method=method, data=book_form(), status=404,
          look_in=f"{EDIT}: find the book with find_one_or_404 first")  # fmt: skip


def test_edit_form_works_with_csrf_protection_on(csrf_app, db):
    """With the normal settings (CSRF on), saving the edit form changes the book"""
    client = logged_in_client(csrf_app)
    book_id = add_book_with_token(client)
    path = f"/books/{book_id}/edit"
    typed = {"title": "Edited With Its Token"}
    response = send_form_with_token(client, path, path, typed, look_in=EDIT_PAGE)
    title = db.books.find_one({"_id": book_id}, {"title": 1})["title"]
    assert title == typed["title"], (
        f"Sending the edit form of {path}, with its token and a new title, answered "
        f"{response.status_code} and the book's title is still {title!r}; expected "
        f"{typed['title']!r}. Look in {EDIT}."
    )


# Step 2: deleting, with a confirmation step


def test_book_page_links_to_edit_and_delete(client, auth):
    """A book's page links to its edit form and to the page that deletes it"""
    auth.login()
    book_id = add_book(client)
    targets = {path_of(href) for href in local_links(client.get(f"/books/{book_id}"))}
    missing = {f"/books/{book_id}/edit", f"/books/{book_id}/delete"} - targets
    assert not missing, (
        f"The book's page has no link to {', '.join(sorted(missing))}. Add them to "
        "templates/books/book.html with url_for."
    )


def test_delete_asks_for_confirmation_first(client, auth, db):
    """GET /books/<id>/delete asks to confirm, with a POST form, and deletes nothing"""
    auth.login()
    book_id = add_book(client, title="Keep Me For Now")
    page = fetch(client, f"/books/{book_id}/delete", look_in=DELETE)
    assert db.books.count_documents({"_id": book_id}) == 1, (
        "Opening the delete page (GET) deleted the book. A GET must never change data: "
        "delete only when the confirmation form is POSTed."
    )
    assert post_forms(page) and "Keep Me For Now" in visible_text(page), (
        'The delete page should name the book and have a <form method="post"> to confirm.'
    )


def test_deleting_a_book_removes_it(client, auth, db):
    """POST /books/<id>/delete deletes the book, redirects to the list and says so"""
    auth.login()
    other = add_book(client, title="Not Me")
    book_id = add_book(client, title="Delete Me")
    response = client.post(f"/books/{book_id}/delete")
    assert redirect_path(response) == "/books", (
        f"POST /books/{book_id}/delete answered {response.status_code}; expected a redirect "
        f"to /books. Look in {DELETE}."
    )
    assert db.books.count_documents({"_id": other}) == 1, (
        "Deleting one book deleted another. Delete by id: delete_one({'_id': book_id})."
    )
    assert db.books.count_documents({"_id": book_id}) == 0, (
        "After POST /books/<id>/delete the book is still in the database. Use delete_one."
    )
    expect_flashed(
        client, follow(client, response), "deleted", after="deleting a book",
        how=f"Call flash('Book deleted: ...') in {DELETE} before redirecting.",
    )  # fmt: skip


def test_delete_form_works_with_csrf_protection_on(csrf_app, db):
    """With the normal settings (CSRF on), confirming on the delete page deletes the book"""
    client = logged_in_client(csrf_app)
    book_id = add_book_with_token(client)
    path = f"/books/{book_id}/delete"
    response = send_form_with_token(client, path, path, {}, look_in=DELETE_PAGE)
    assert db.books.count_documents({"_id": book_id}) == 0, (
        f"Sending the confirmation form of {path}, with its token, answered "
        f"{response.status_code} and the book is still there. Look in {DELETE}."
    )


@pytest.mark.parametrize("book_id", BAD_IDS, ids=["unknown", "malformed"])
def test_deleting_an_unknown_book_is_a_404(client, auth, db, book_id):
    """Deleting a book that does not exist answers 404 and deletes nothing"""
    auth.login()
    add_book(client)
    fetch(client, f"/books/{book_id}/delete", method="POST", status=404, look_in=DELETE)
    assert db.books.count_documents({}) == 1, "Deleting an unknown book deleted another one."
