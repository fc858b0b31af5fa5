"""Lesson 00: the app runs, reaches its database and loads the sample books."""

import time

import pytest
from flask import Flask

from grading.expect import fetch
from grading.page import visible_text


def test_create_app_builds_a_flask_app(app):
    """create_app() builds a Flask app"""
    assert isinstance(app, Flask), (
        f"create_app() returned {type(app).__name__}; expected a Flask app. "
        "Look at the end of create_app in starter_app/__init__.py: it must `return app`."
    )


def test_home_page_answers(client):
    """The home page answers and shows the site's name"""
    response = fetch(client, "/", look_in="the index view of starter_app/pages.py")
    assert "Bookshelf" in visible_text(response), (
        "The home page does not show the name 'Bookshelf'. "
        "Look at the index view in starter_app/pages.py."
    )


def test_health_reports_database_up(client):
    """/health says the database is up when it can be reached"""
    response = fetch(client, "/health", look_in="starter_app/health.py")
    assert response.is_json and response.get_json().get("database") == "up", (
        f"/health answered {response.get_data(as_text=True)!r}; expected JSON with "
        '"database": "up". Look in starter_app/health.py.'
    )


def test_health_answers_503_quickly_when_database_is_down(offline_app):
    """/health answers 503 within two seconds when the database is down"""
    started = time.monotonic()
    response = offline_app.test_client().get("/health")
    seconds = time.monotonic() - started
    assert response.status_code == 503, (
        f"With the database down, /health answered {response.status_code}; expected 503 "
        "(Service Unavailable). Look in starter_app/health.py."
    )
    assert seconds < 2, (
        f"With the database down, /health took {seconds:.1f} s to answer; expected under 2 s. "
        "Check MONGO_TIMEOUT_MS in starter_app/config.py and how db.py passes it on."
    )


@pytest.mark.parametrize("value", ["0", "-400", "soon"])
def test_a_timeout_the_app_cannot_use_stops_it_at_start(create_app, database, monkeypatch, value):
    """MONGO_TIMEOUT_MS of 0, below 0 or not a number stops the app at start, naming it"""
    monkeypatch.setenv("MONGO_TIMEOUT_MS", value)
    try:
        create_app({"TESTING": True, "MONGO_URI": database.uri})
    except Exception as error:  # the refusal is what this test hopes for
        refusal = str(error)
    else:
        refusal = None
    assert refusal is not None, (
        f"With MONGO_TIMEOUT_MS={value} in .env the app started; expected it to refuse at once: "
        "with no time to wait for the database, every page would fail later instead. "
        "Check how starter_app/config.py reads MONGO_TIMEOUT_MS (whole_number in env.py)."
    )
    assert "MONGO_TIMEOUT_MS" in refusal, (
        f"With MONGO_TIMEOUT_MS={value} the app refused to start (good) with {refusal!r}; the "
        "message should name MONGO_TIMEOUT_MS, the setting to fix in .env."
    )


def test_seed_loads_the_sample_books(runner, db):
    """`flask seed` loads the sample books and says how many"""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, f"`flask seed` failed:\n{result.output}"
    count = db.books.count_documents({})
    assert count >= 20, (
        f"After `flask seed` the books collection holds {count} books; expected the "
        "sample books (about 30). Look at seed_books in starter_app/db.py."
    )
    assert str(count) in result.output, (
        f"`flask seed` printed {result.output.strip()!r}; it should say how many books it added."
    )


def test_seed_twice_adds_nothing_new(runner, db):
    """Running `flask seed` twice does not duplicate any book"""
    runner.invoke(args=["seed"])
    first = db.books.count_documents({})
    runner.invoke(args=["seed"])
    second = db.books.count_documents({})
    assert second == first, (
        f"The first `flask seed` left {first} books, the second {second}: seeding must "
        "add only the books that are missing. Look at seed_books in starter_app/db.py."
    )
