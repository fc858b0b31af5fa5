"""Lesson 05: a form to add a book: validation, flash messages, Post/Redirect/Get, CSRF."""

import pytest
from bson import ObjectId

from grading.auth import AuthActions
from grading.books import book_form, book_id_in
from grading.expect import expect_flashed, fetch, follow, redirect_path
from grading.page import csrf_field, local_links, new_words, path_of, post_forms, visible_text

NEW = "new_book in starter_app/books.py"
FORM = "BookForm in starter_app/forms.py"
FIELDS = ["title", "author", "genre", "year", "description"]


def _book_fields(response) -> list[str]:
    """The fields of the form for a book on the page (the one with a 'title' field)."""
    return next((f["fields"] for f in post_forms(response) if "title" in f["fields"]), [])


# Step 1: the form


def test_new_book_page_has_a_form(client, auth):
    """GET /books/new shows a form that posts a title, author, genre, year and description"""
    auth.login()
    page = fetch(client, "/books/new", look_in=f"{NEW}: a route '/books/new'")
    missing = [name for name in FIELDS if name not in _book_fields(page)]
    assert not missing, (
        f'/books/new has no <form method="post"> with the field(s) {", ".join(missing)}. '
        "Declare them in BookForm (starter_app/forms.py) and render each in "
        "templates/books/form.html."
    )


def test_book_list_links_to_the_new_book_form(client):
    """The book list links to the form to add a book"""
    targets = {path_of(href) for href in local_links(fetch(client, "/books", look_in=NEW))}
    assert "/books/new" in targets, (
        "/books has no link to /books/new. Add one (for example in the navigation of "
        "base.html) with url_for('books.new_book')."
    )


# Step 2: saving the book, then Post/Redirect/Get


def test_adding_a_book_saves_it(client, auth, db):
    """POSTing the form stores the book, with the year as a number"""
    auth.login()
    client.post("/books/new", data=book_form())
    book = db.books.find_one({"title": "The Winter Garden"})
    assert book is not None, (
        "After POST /books/new with a valid book, there is no such book in the database. "
        "When form.validate_on_submit() is true, insert it with get_db().books.insert_one()."
    )
    typed = book_form()
    wrong = [
        f"{name}={book.get(name)!r}"
        for name in ("author", "genre", "description")
        if book.get(name) != typed[name]
    ]
    assert not wrong, (
        f"The stored book has {', '.join(wrong)}; expected what was typed in the form. "
        "book_fields() in starter_app/forms.py returns the five fields of the form."
    )
    assert book.get("year") == 2011, (
        f"The stored year is {book.get('year')!r}; expected the number 2011, not text. "
        "Use an IntegerField for the year, so form.year.data is an int."
    )


def test_adding_a_book_redirects_to_its_page(client, auth, db):
    """After adding a book, the app redirects to the new book's page (Post/Redirect/Get)"""
    auth.login()
    response = client.post("/books/new", data=book_form())
    book = db.books.find_one({"title": "The Winter Garden"}) or {}
    expected = f"/books/{book.get('_id')}"
    assert redirect_path(response) == expected, (
        f"POST /books/new answered {response.status_code} "
        f"{response.headers.get('Location', '')}; expected a redirect (302 or 303) to the "
        f"new book's page, {expected}. Return redirect(url_for('books.show_book', ...))."
    )
    assert "The Winter Garden" in visible_text(client.get(expected)), (
        "The new book's page does not show its title."
    )


def test_adding_a_book_stores_only_the_form_fields(client, auth, db):
    """Extra fields sent with the form ($-keys, _id, owner, reviews) are never stored"""
    auth.login()
    extra = {"_id": "1", "$where": "sleep(1000)", "owner": "mallory", "reviews": "hacked",
             "title[$ne]": "x", "is_admin": "true"}  # fmt: skip
    client.post("/books/new", data={**book_form(), **extra})
    book = db.books.find_one({"title": "The Winter Garden"})
    assert book is not None, "A valid book sent with extra fields was not stored at all."
    wrong = [name for name in ("$where", "title[$ne]", "is_admin") if name in book]
    wrong += [name for name in ("owner", "reviews") if book.get(name) in ("mallory", "hacked")]
    assert not wrong and isinstance(book["_id"], ObjectId), (
        f"The stored book took these fields from the request: {', '.join(wrong) or '_id'}. "
        "Store only the fields of your form (an allow-list), never request.form as a whole."
    )


# Step 3: validation

BAD_INPUT = {
    "empty-title": {"title": ""},
    "blank-title": {"title": "   "},
    "missing-title": {"title": None},
    "long-title": {"title": "x" * 201},
    "empty-author": {"author": ""},
    "long-author": {"author": "a" * 101},
    "year-words": {"year": "nineteen"},
    "year-fraction": {"year": "19.5"},
    "year-negative": {"year": "-5"},
    "year-future": {"year": "99999"},
    "long-genre": {"genre": "g" * 51},
    "long-description": {"description": "d" * 2001},
}


@pytest.mark.parametrize("changes", list(BAD_INPUT.values()), ids=list(BAD_INPUT))
def test_bad_book_is_refused(client, auth, db, changes):
    """A book with a missing, too long or wrong-type field is refused with a message"""
    auth.login()
    empty_form = fetch(client, "/books/new", look_in=NEW)
    response = client.post("/books/new", data=book_form(**changes))
    assert response.status_code in (200, 400, 422), (
        f"POST /books/new with {_describe(changes)} answered {response.status_code}; expected "
        f"the form again (status 400, or 200). Look in {NEW} and the validators of {FORM}."
    )
    assert db.books.count_documents({}) == 0, (
        f"POST /books/new with {_describe(changes)} stored a book anyway. Store it only when "
        "form.validate_on_submit() is true."
    )
    assert _book_fields(response) and new_words(response, empty_form), (
        f"POST /books/new with {_describe(changes)} did not show the form again with a "
        "message. Render the form template again; show each field's errors next to it."
    )


@pytest.mark.parametrize(
    "body",
    [{"title": {"$ne": None}, "author": "Someone"}, {"title": ["A", "B"], "author": "Someone"}],
    ids=["operator-title", "list-title"],
)
def test_a_json_body_is_not_a_form(client, auth, db, body):
    """A JSON body posted to the form is refused: nothing stored, never an error page"""
    auth.login()
    response = client.post("/books/new", json=body)
    assert response.status_code in (200, 400, 415, 422), (
        f"POST /books/new with the JSON body {body!r} answered {response.status_code}; "
        "expected the form again (400, or 200) or 415. The form must read form fields only: "
        f"Flask-WTF also reads a JSON body, so BookForm builds on HtmlForm in {FORM}."
    )
    assert db.books.count_documents({}) == 0, (
        f"POST /books/new with the JSON body {body!r} stored a book. A form posted by a "
        f"browser never sends JSON: base BookForm on HtmlForm in {FORM}."
    )


def _describe(changes: dict) -> str:
    name, value = next(iter(changes.items()))
    if value is None:
        return f"no {name}"
    return f"{name}={value[:12]!r}{'...' if len(value) > 12 else ''}"


def test_refused_form_keeps_the_input(client, auth):
    """A refused form keeps what the visitor typed in every field"""
    auth.login()
    typed = book_form(year="not a year")
    response = client.post("/books/new", data=typed)
    form = next((f for f in post_forms(response) if "title" in f["fields"]), {"values": {}})
    lost = [name for name in FIELDS if form["values"].get(name, "").strip() != typed[name]]
    assert not lost, (
        f"After a refused form, these fields lost what was typed: {', '.join(lost)}. "
        "Render the same form object again: WTForms fills the fields in with what was sent."
    )


# Step 4: flash messages


def test_adding_a_book_flashes_a_message(client, auth):
    """After adding a book the next page says it was added, once"""
    auth.login()
    response = follow(client, client.post("/books/new", data=book_form()))
    expect_flashed(
        client, response, "added", after="adding a book",
        how="Call flash('Book added: ...') before redirecting, and show "
        "get_flashed_messages() in base.html (not fixed text).",
    )  # fmt: skip


# Step 5: CSRF protection


def test_csrf_protection_is_on(csrf_app, db):
    """With the normal settings, a POST without the CSRF token is refused and stores nothing"""
    client = csrf_app.test_client()
    for path, data in [("/books/new", book_form()), ("/suggest", {"title": "Dune"})]:
        response = client.post(path, data=data)
        assert response.status_code == 400, (
            f"POST {path} without a CSRF token answered {response.status_code}; expected 400. "
            "Turn CSRF protection on for the whole app: csrf = CSRFProtect() in forms.py and "
            "csrf.init_app(app) in create_app."
        )
    assert db.books.count_documents({}) == 0, "A POST without a CSRF token stored a book."


def test_forms_carry_the_csrf_token(csrf_app, db):
    """The forms include the CSRF token, and a form sent with it works"""
    client = csrf_app.test_client()
    AuthActions(client).login()  # adding books needs an account from lesson 09 on
    for path in ("/suggest", "/books/new"):
        assert csrf_field(fetch(client, path, look_in=NEW)), (
            f"The form on {path} has no hidden csrf_token field. Add "
            '{{ form.hidden_tag() }} (or <input type="hidden" name="csrf_token" '
            'value="{{ csrf_token() }}">) inside the <form>.'
        )
    token = csrf_field(client.get("/suggest"))
    response = client.post("/suggest", data={"title": "Dune", **token}, follow_redirects=True)
    assert response.status_code == 200, (
        f"POST /suggest with the csrf_token its page holds answered {response.status_code}; "
        'expected 200: the token in the form must be the real one, value="{{ csrf_token() }}" '
        "(with the brackets)."
    )
    token = csrf_field(client.get("/books/new"))
    response = client.post("/books/new", data={**book_form(), **token})
    assert book_id_in(redirect_path(response)) and db.books.count_documents({}) == 1, (
        f"POST /books/new with a valid CSRF token answered {response.status_code}; expected "
        "the book stored and a redirect to its page."
    )
