"""Lesson 09, steps 2 and 5: logging in and out, where a login leads, and the injection bypass."""

from urllib.parse import urlencode, urlsplit

import pytest

from grading.accounts import is_logged_in, log_in, register, session_cookie
from grading.api import expect_error, json_answer, send
from grading.expect import redirect_path
from grading.page import new_words

LOGIN = "login in starter_app/auth.py"

# Step 2: logging in and out


def test_logging_in_with_the_right_password(client):
    """Logging in with the right password redirects into the site and shows who is logged in"""
    register(client, "maya")
    client.post("/auth/logout")
    response = log_in(client, "maya")
    assert redirect_path(response), (
        f"POST /auth/login with the right password answered {response.status_code}; "
        f"expected a redirect (303). Look in {LOGIN}."
    )
    assert is_logged_in(client, "maya"), (
        "After logging in, the pages do not name maya once the flashed message is gone (the "
        "home page, read twice). Keep the user's id in the session (start_session), and show "
        "current_user().username in the navigation (base.html)."
    )


@pytest.mark.parametrize(
    ("username", "password"),
    [("maya", "wrong-password-here"), ("nobody", "correct-horse-battery-staple"), ("maya", "")],
    ids=["wrong-password", "unknown-user", "empty-password"],
)
def test_a_wrong_login_is_refused(client, username, password):
    """A wrong password or unknown username logs nobody in and says so"""
    register(client, "maya")
    client.post("/auth/logout")
    blank = client.get("/auth/login")
    response = log_in(client, username, password)
    assert not redirect_path(response) and not is_logged_in(client, "maya"), (
        f"Logging in as {username!r} with a wrong password logged in (or redirected). "
        "Check the password with check_password_hash."
    )
    assert response.status_code < 500 and new_words(response, blank), (
        "A refused login shows no message. Say 'Wrong username or password.' (the same for "
        "both, so nobody learns which usernames exist)."
    )


def test_a_wrong_login_does_not_tell_which_part_was_wrong(client):
    """An unknown username and a wrong password get the same answer: no hint which names exist"""
    register(client, "maya")
    client.post("/auth/logout")
    wrong_password = log_in(client, "maya", "wrong-password-here")
    unknown_user = log_in(client, "nobody", "wrong-password-here")
    statuses = (wrong_password.status_code, unknown_user.status_code)
    assert statuses[0] in (200, 400, 401, 422) and statuses[0] == statuses[1], (
        f"A wrong password answered {statuses[0]} and an unknown username {statuses[1]}; "
        f"expected the login form again, with the same status for both. Look in {LOGIN}."
    )
    only = {
        "the wrong password": words_only_in(wrong_password, unknown_user, typed="maya"),
        "the unknown username": words_only_in(unknown_user, wrong_password, typed="nobody"),
    }
    assert not any(only.values()), (
        f"The answers differ: {only}. Say the same for both ('Wrong username or password.'), "
        f"or anyone can find out which usernames exist. Look in {LOGIN}."
    )


def words_only_in(response, other, typed: str) -> list[str]:
    """The words `response` shows and `other` does not, besides the username typed."""
    return sorted(word for word in new_words(response, other) if typed not in word)


def test_logging_out_ends_the_session(client):
    """POST /auth/logout logs the user out"""
    register(client, "maya")
    log_in(client, "maya")
    assert is_logged_in(client, "maya"), (
        "After logging in, the home page does not name the user. Keep their id in the "
        "session (start_session) and show current_user().username in base.html."
    )
    response = client.post("/auth/logout")
    assert redirect_path(response) and not is_logged_in(client, "maya"), (
        f"POST /auth/logout answered {response.status_code}, or the user is "
        "still shown as logged in; expected a redirect and no user: session.clear() in logout."
    )


def test_a_link_cannot_log_you_out(client):
    """GET /auth/logout leaves the user logged in: only the logout form's POST logs out"""
    register(client, "maya")
    log_in(client, "maya")
    client.get("/auth/logout")
    assert is_logged_in(client, "maya"), (
        "After GET /auth/logout the user is no longer shown as logged in. Any page could log "
        'its visitors out with <img src="/auth/logout">: let logout take POST only '
        "(@bp.post), from the form in base.html."
    )


def test_session_cookie_is_httponly_and_samesite(client):
    """The session cookie is HttpOnly (no JavaScript access) and SameSite=Lax"""
    register(client, "maya")
    response = log_in(client, "maya")
    cookie = session_cookie(client, response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie, (
        f"The session cookie is set as {cookie!r}; expected HttpOnly and SameSite=Lax. Set "
        "SESSION_COOKIE_HTTPONLY and SESSION_COOKIE_SAMESITE in config.py."
    )


# Step 5: where a login leads, and the operator-injection bypass


def test_login_returns_to_the_page_asked_for(client):
    """After a login, ?next= brings the user back to the page they wanted"""
    register(client, "maya")
    client.post("/auth/logout")
    response = log_in(client, "maya", query="?next=/books/new")
    assert redirect_path(response) == "/books/new", (
        f"Logging in with ?next=/books/new redirected to {redirect_path(response)!r}; "
        "expected /books/new."
    )


OFF_SITE = ["//evil.example/", "/\\evil.example/", "https://evil.example/", "javascript:alert(1)",
            "/\t/evil.example/", "http:/evil.example", "//evil.example/%2F.."]  # fmt: skip


@pytest.mark.parametrize("target", OFF_SITE, ids=range(len(OFF_SITE)))
def test_login_never_leads_off_the_site(client, target):
    """A ?next= to another site (//evil.example, /\\evil.example, javascript:) is ignored"""
    register(client, "maya")
    client.post("/auth/logout")
    response = log_in(client, "maya", query="?" + urlencode({"next": target}))
    location = response.headers.get("Location", "")
    parts = urlsplit(location)
    on_site = parts.scheme in ("", "http") and parts.netloc in ("", "localhost")
    sneaky = "\\" in location or any(ord(char) < 32 for char in location)
    assert location and on_site and not sneaky and not location.startswith("//"), (
        f"After a login with ?next={target!r}, the app redirected to {location!r}: off the "
        "site (or nowhere). Use next only when it is a plain path on this site (safe_next "
        "in auth.py); browsers read /\\evil.example as //evil.example, and drop tabs."
    )


def test_json_login_and_logout(client):
    """POST /api/session logs in with JSON; GET says who; DELETE logs out"""
    register(client, "maya")
    client.post("/auth/logout")
    body = {"username": "maya", "password": "correct-horse-battery-staple"}
    data = json_answer(send(client, "POST", "/api/session", body), status=200,
                       what="POST /api/session with the right password")  # fmt: skip
    assert data.get("username") == "maya", f"POST /api/session answered {data!r}."
    who = json_answer(client.get("/api/session"), status=200, what="GET /api/session")
    assert who.get("username") == "maya", f"GET /api/session answered {who!r}."
    assert client.delete("/api/session").status_code == 204, "DELETE /api/session is not 204."
    expect_error(client.get("/api/session"), 401, "GET /api/session after logging out")


INJECTIONS = {
    "both-ne-null": {"username": {"$ne": None}, "password": {"$ne": None}},
    "password-ne": {"username": "maya", "password": {"$ne": "x"}},
    "username-gt": {"username": {"$gt": ""}, "password": "anything"},
    "regex": {"username": {"$regex": ".*"}, "password": {"$regex": ".*"}},
    "list-values": {"username": ["maya"], "password": ["x"]},
    "missing": {},
}


@pytest.mark.parametrize("body", list(INJECTIONS.values()), ids=list(INJECTIONS))
def test_operator_injection_does_not_log_in(client, body):
    """{"username": {"$ne": null}, "password": {"$ne": null}} and friends log nobody in"""
    register(client, "maya")
    client.post("/auth/logout")
    response = send(client, "POST", "/api/session", body)
    assert response.status_code in (400, 401), (
        f"POST /api/session with {body!r} answered {response.status_code}; expected 400 or "
        "401. Refuse $-keys and anything that is not a string before any query."
    )
    assert client.get("/api/session").status_code != 200 and not is_logged_in(client, "maya"), (
        f"POST /api/session with {body!r} logged someone in!"
    )


def test_a_json_body_to_the_login_form_logs_nobody_in(client):
    """A JSON body posted to the login form logs nobody in, and is never an error page"""
    register(client, "maya")
    client.post("/auth/logout")
    response = client.post("/auth/login", json=INJECTIONS["both-ne-null"])
    assert response.status_code in (200, 400, 401, 415, 422), (
        f"POST /auth/login with a JSON body answered {response.status_code}; expected the "
        "form again (400, or 200). The login form reads form fields only: AccountForm builds "
        "on HtmlForm (starter_app/forms.py), which ignores a JSON body."
    )
    assert not is_logged_in(client, "maya"), "POST /auth/login with a JSON body logged someone in!"
