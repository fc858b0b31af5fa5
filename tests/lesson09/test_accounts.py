"""Lesson 09, step 1: accounts, with hashed passwords and unique usernames."""

import pytest

from grading.accounts import PASSWORD, is_strong_hash, register
from grading.expect import fetch
from grading.indexes import unique_index_keys
from grading.page import new_words, post_forms

AUTH = "register in starter_app/auth.py"


def test_register_page_has_a_form(client):
    """GET /auth/register shows a form that posts a username and a password"""
    page = fetch(client, "/auth/register", look_in=AUTH)
    fields = next((f["fields"] for f in post_forms(page) if "username" in f["fields"]), [])
    assert "password" in fields, (
        '/auth/register has no <form method="post"> with the fields username and password. '
        "Render AccountForm in templates/auth/form.html."
    )


def test_registering_stores_a_hashed_password(create_app, database, db):
    """With the normal settings, the password is stored as a slow hash (scrypt), never as typed"""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False,
                      "MONGO_URI": database.uri})  # fmt: skip
    register(app.test_client(), "hashed")
    user = db.users.find_one({}) or {}
    assert user, f"After registering, the users collection is empty. Look in {AUTH}."
    values = [value for value in user.values() if isinstance(value, str)]
    assert PASSWORD not in values, (
        "The password is stored as typed. Store generate_password_hash(password, method=...) "
        "instead: whoever reads the database must not learn anyone's password."
    )
    assert any(is_strong_hash(value) for value in values), (
        f"No field of the stored user ({sorted(user)}) holds a slow hash of the password, such "
        "as 'scrypt:32768:8:1$...' (pbkdf2 needs 600000 iterations or more). Hash with "
        "werkzeug.security.generate_password_hash and the method from PASSWORD_HASH_METHOD "
        "(default 'scrypt' in config.py): tests use a cheap one only to run fast."
    )


BAD_ACCOUNTS = {
    "empty-username": {"username": ""},
    "short-username": {"username": "ab"},
    "long-username": {"username": "u" * 31},
    "spaces-in-username": {"username": "two words"},
    "html-in-username": {"username": "<b>me</b>"},
    "empty-password": {"password": ""},
    "short-password": {"password": "1234567"},
    "operator-field": {"username[$ne]": "x", "username": None},
}


@pytest.mark.parametrize("changes", list(BAD_ACCOUNTS.values()), ids=list(BAD_ACCOUNTS))
def test_registering_refuses_bad_input(client, db, changes):
    """A bad username or password is refused with a message, and no account is created"""
    blank = fetch(client, "/auth/register", look_in=AUTH)
    typed = {"username": "newreader", "password": PASSWORD, **changes}
    response = client.post("/auth/register", data={k: v for k, v in typed.items() if v is not None})
    assert response.status_code in (200, 400, 422), (
        f"Registering with {changes} answered {response.status_code}; expected the form "
        "again with a message (400)."
    )
    assert db.users.count_documents({}) == 0, f"Registering with {changes} created an account."
    assert new_words(response, blank), f"Registering with {changes} gave no message."


@pytest.mark.parametrize("second", ["reader", "Reader", " reader "], ids=["same", "case", "spaces"])
def test_a_taken_username_is_a_form_error(client, db, second):
    """Registering a taken username (in any case) shows a message on the form, never a 500"""
    register(client, "reader")
    client.post("/auth/logout")  # a new visitor tries the name
    blank = client.get("/auth/register")
    response = register(client, second, "another-password-1")
    assert response.status_code in (200, 400, 409, 422) and new_words(response, blank), (
        f"Registering {second!r} when 'reader' exists answered {response.status_code}; "
        "expected the form again with a message. Catch DuplicateKeyError in register."
    )
    assert db.users.count_documents({}) == 1, "Two accounts now share one username."


def test_usernames_are_unique_in_the_database(app, db):
    """The users collection has a unique index on the username (made when the app starts)"""
    unique = unique_index_keys(db.users)
    assert any(key[0][0] == "username" for key in unique), (
        "The users collection has no unique index on username. Create it in create_indexes "
        "(starter_app/db.py): checking with find_one first lets two people register the "
        "same name at the same moment."
    )
