"""Lesson 12, step 3: the production configuration (a real secret key, secure cookies, no debug)."""

import secrets

import pytest
from flask.cli import ScriptInfo

from grading.accounts import session_cookie
from grading.books import insert_books, make_book
from grading.page import visible_text

CONFIG = "config.py and check_secret_key in starter_app/security.py"
# A refusal that helps says how to make a key, or where the real one goes (compared
# lower-case): `secrets.token_hex(32)`, `os.urandom(32).hex()`, `openssl rand -hex 32`,
# "a long random string", "set SECRET_KEY in the environment", "export SECRET_KEY=...".
HOW_TO_FIX = ("secrets", "token_", "urandom", "openssl rand", "generat", "random",
              "environment", "environ", "export", ".env", "env var")  # fmt: skip


@pytest.fixture
def production(monkeypatch, database):
    """Build the app as production runs it: settings from the environment, PRODUCTION=1."""
    monkeypatch.setenv("PRODUCTION", "1")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)  # as a server starts it; a test may ask
    monkeypatch.setenv("MONGO_URI", database.uri)
    monkeypatch.setenv("SECRET_KEY", secrets.token_hex(32))
    return monkeypatch


@pytest.mark.parametrize("key", ["", "dev", "dev-only-change-me", "short-key"])
def test_production_refuses_to_start_without_a_real_secret_key(create_app, production, key):
    """With PRODUCTION=1, the app refuses to start with a missing, known or short SECRET_KEY"""
    production.setenv("SECRET_KEY", key)
    with pytest.raises(Exception, match="SECRET_KEY") as refused:
        create_app()
    message = str(refused.value)
    assert any(words in message.lower() for words in HOW_TO_FIX), (
        f"The app refused SECRET_KEY={key!r} (good), but its message does not say how to make "
        f"a good key or where to put it: {message!r}. Show a command that makes one "
        f"(MAKE_A_KEY in starter_app/security.py holds one), or say to set a long random "
        f"SECRET_KEY in the environment ({CONFIG})."
    )


def test_production_starts_with_a_real_secret_key(create_app, production, db):
    """With PRODUCTION=1 and a long random SECRET_KEY, the app starts, without debug"""
    insert_books(db, make_book("Ready For Prime Time"))
    app = create_app()
    assert not app.debug and not app.testing, (
        f"In production app.debug is {app.debug} and app.testing {app.testing}; both must be "
        "off: the debugger lets anyone who sees an error page run code on the server."
    )
    response = app.test_client().get("/books")
    assert "Ready For Prime Time" in visible_text(response), "The production app shows no books."


def test_production_never_runs_the_debugger(create_app, production):
    """With PRODUCTION=1, `flask run --debug` (FLASK_DEBUG=1) does not turn the debugger on"""
    production.setenv("FLASK_DEBUG", "1")
    try:  # as the `flask` command loads the app: it sets app.debug after create_app returns
        app = ScriptInfo(create_app=create_app).load_app()
    except Exception as refused:
        assert "debug" in str(refused).lower(), (
            f"With PRODUCTION=1 and FLASK_DEBUG=1 the app did not start, with {refused!r}; "
            "expected a message that says the debugger is refused in production."
        )
        return
    assert not app.debug, (
        "With PRODUCTION=1, `flask run --debug` (FLASK_DEBUG=1) still runs the debugger: "
        "flask turns it on after create_app returns, so DEBUG = False is not enough. Refuse "
        "to start when flask.helpers.get_debug_flag() is on in production "
        "(starter_app/security.py)."
    )


def test_production_cookies_are_secure(create_app, production):
    """In production the session cookie is Secure (HTTPS only), HttpOnly and SameSite=Lax"""
    client = create_app().test_client()
    response = client.get("/auth/login")  # the form's CSRF token starts a session
    cookie = session_cookie(client, response)
    missing = [flag for flag in ("Secure", "HttpOnly", "SameSite=Lax") if flag not in cookie]
    assert cookie and not missing, (
        f"In production the session cookie is {cookie!r}, without {', '.join(missing)}. "
        f"Turn SESSION_COOKIE_SECURE on when PRODUCTION is set ({CONFIG})."
    )


def test_development_needs_no_secret_key(create_app, monkeypatch, database):
    """Without PRODUCTION, the app still starts with the development key (for `make run`)"""
    monkeypatch.delenv("PRODUCTION", raising=False)
    monkeypatch.setenv("SECRET_KEY", "dev")
    app = create_app({"TESTING": True, "MONGO_URI": database.uri})
    assert app.test_client().get("/").status_code == 200, "The development app did not start."
