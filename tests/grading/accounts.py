"""Accounts in the graded tests: register, log in, and tell whether a client is logged in."""

import string

from werkzeug.security import check_password_hash

from grading.page import csrf_field, visible_text

PASSWORD = "correct-horse-battery-staple"


def register(client, username: str, password: str = PASSWORD):
    """Send the registration form as a visitor would; return the response."""
    page = client.get("/auth/register")
    return client.post(
        "/auth/register", data={"username": username, "password": password, **csrf_field(page)}
    )


def log_in(client, username: str, password: str = PASSWORD, query: str = ""):
    """Send the login form (to /auth/login + query, e.g. '?next=/books/new')."""
    page = client.get(f"/auth/login{query}")
    return client.post(
        f"/auth/login{query}",
        data={"username": username, "password": password, **csrf_field(page)},
    )


def is_logged_in(client, username: str) -> bool:
    """Whether the pages show this user as logged in (the navigation names them).

    The home page is read twice: the first time shows (and uses up) any flashed message,
    which may name the user ("Goodbye, maya!") whether or not they are still logged in.
    Words are compared without the punctuation around them ("Signed in as maya.").
    """
    client.get("/")
    words = visible_text(client.get("/")).lower().split()
    return username.lower() in {word.strip(string.punctuation) for word in words}


# The slowest settings werkzeug's hashes may have and still resist guessing (OWASP, 2023).
MIN_PBKDF2_ITERATIONS = {"sha256": 600_000, "sha512": 210_000}


def is_strong_hash(value, password: str = PASSWORD) -> bool:
    """Whether `value` is a werkzeug hash of `password` made with a slow method: scrypt,
    or pbkdf2 with enough iterations (not the cheap settings the tests use for speed)."""
    if not isinstance(value, str) or "$" not in value:
        return False
    method = value.split("$", 1)[0].split(":")
    if method[0] == "pbkdf2":
        digest = method[1] if len(method) > 1 else ""
        rounds = method[2] if len(method) > 2 else ""
        slow = rounds.isdigit() and int(rounds) >= MIN_PBKDF2_ITERATIONS.get(digest, 10**12)
    else:
        slow = method[0] == "scrypt"
    return slow and check_password_hash(value, password)


def as_other_user(client, auth, username: str = "someone-else") -> None:
    """Log the client out, then in as another (new) user."""
    auth.logout()
    auth.login(username=username)


def session_cookie(client, response) -> str:
    """The Set-Cookie line of Flask's session cookie in `response`, or ''. The app names it
    (SESSION_COOKIE_NAME, "session" unless it chose another name)."""
    name = client.application.config["SESSION_COOKIE_NAME"]
    lines = response.headers.getlist("Set-Cookie")
    return next((line for line in lines if line.startswith(f"{name}=")), "")
