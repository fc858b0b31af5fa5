"""Accounts in the graded tests: register, log in, and tell whether a client is logged in."""

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
    """Whether the pages show this user as logged in (the navigation names them)."""
    return username.lower() in visible_text(client.get("/")).lower().split()


def as_other_user(client, auth, username: str = "someone-else") -> None:
    """Log the client out, then in as another (new) user."""
    auth.logout()
    auth.login(username=username)
