"""Fixtures for your own tests: your app, on a fresh in-memory database for every test.

Ask for a fixture by naming it as an argument of your test function:

    def test_home_page_loads(client):
        assert client.get("/").status_code == 200

- `app`: your app, made by create_app() with test settings;
- `client`: sends requests to the app as a browser would (client.get, client.post);
- `db`: the very database the app uses, to put data in before a request and to check
  what the app saved after it (db.books.insert_one(...), db.books.find_one(...));
- `login`: call login() to register and log in a test user (adding books and reviews
  needs one since lesson 09).

The database is mongomock: MongoDB in memory, no server needed, empty at each test.
This file is yours: add fixtures of your own here.
"""

import flask_pymongo
import flask_pymongo.wrappers
import mongomock
import pytest

from starter_app import create_app

DATABASE = "student_tests"
TEST_SETTINGS = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,  # tests post forms without a CSRF token
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",  # quick to hash: tests create many users
    "MONGO_URI": f"mongodb://localhost:27017/{DATABASE}",  # never dialled: see mongo_client
}


@pytest.fixture
def mongo_client(monkeypatch):
    """An in-memory MongoDB server, new for each test, shared by the app and the test."""
    client = mongomock.MongoClient()
    # Flask-PyMongo connects through the name flask_pymongo.MongoClient: hand it ours.
    monkeypatch.setattr(flask_pymongo, "MongoClient", lambda *args, **kwargs: client)
    # find_one_or_404 comes from Flask-PyMongo; mongomock's collections need it too.
    monkeypatch.setattr(
        mongomock.collection.Collection,
        "find_one_or_404",
        flask_pymongo.wrappers.Collection.find_one_or_404,
        raising=False,
    )
    return client


@pytest.fixture
def app(mongo_client):
    """Your app, on the test database."""
    return create_app(TEST_SETTINGS)


@pytest.fixture
def client(app):
    """A browser for your app: client.get("/books"), client.post(..., data={...})."""
    return app.test_client()


@pytest.fixture
def db(mongo_client):
    """The app's database, to set up data and to check what the app saved."""
    return mongo_client[DATABASE]


@pytest.fixture
def login(client):
    """login(): register a test user and log the client in as that user."""

    def log_in(username: str = "tester", password: str = "correct-horse-battery-staple"):
        account = {"username": username, "password": password}
        client.post("/auth/register", data=account)
        return client.post("/auth/login", data=account)

    return log_in


# My own fixtures, for the tests of the reviews.


@pytest.fixture
def reader(client, login):
    """The client, logged in as a reader: only readers may review."""
    login()
    return client


@pytest.fixture
def shelve(db):
    """shelve(*reviews): put a book with these reviews in the database; return its id."""

    def put(*reviews: dict):
        book = {"title": "A Book To Test", "author": "Ada Example", "reviews": list(reviews)}
        return db.books.insert_one(book).inserted_id

    return put


@pytest.fixture
def stored_reviews(db):
    """stored_reviews(book_id): the reviews the database holds for that book."""

    def read(book_id) -> list[dict]:
        return db.books.find_one({"_id": book_id})["reviews"]

    return read
