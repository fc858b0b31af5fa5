"""Fixtures for the graded tests: the app under test, its client, and its database.

Choose the database with `--backend mock|wire` (or COURSE_BACKEND) and the app with
`--target FOLDER` (or COURSE_TARGET): a folder that holds a `starter_app/` package.
"""

import os
from pathlib import Path

import pytest

from grading import backends, gunicorn, target, tracebacks
from grading.auth import AuthActions

KIT_ROOT = Path(__file__).resolve().parent.parent

# The settings every test app gets; MONGO_URI is added per test.
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,
    "MONGO_TIMEOUT_MS": 2000,
    # The cheapest real password hash, so tests that create users do not pay scrypt's cost
    # (nor 1,000 rounds of pbkdf2: 0.3 ms a hash, 380 hashes a finished course); lesson 09
    # proves the normal settings store a real scrypt hash.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
}


def pytest_addoption(parser):
    group = parser.getgroup("course", "Flask + MongoDB course")
    group.addoption(
        "--backend",
        choices=backends.BACKENDS,
        default=os.environ.get("COURSE_BACKEND", "mock"),
        help="database for the tests: mock (mongomock, default) or wire (a real server)",
    )
    group.addoption(
        "--target",
        default=os.environ.get("COURSE_TARGET", str(KIT_ROOT)),
        help="folder holding the starter_app/ to test (default: this repository)",
    )


def pytest_configure(config):
    # pytest-timeout may stop a loop where Python 3.11 knows no line: see grading.tracebacks.
    config.pluginmanager.register(tracebacks, "grading-tracebacks")


def pytest_report_header(config):
    return (
        f"course: app from {config.getoption('--target')}, backend {config.getoption('--backend')}"
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--backend") == "wire":
        return
    needs_wire = pytest.mark.skip(reason="needs a real MongoDB server: run with --backend wire")
    for item in items:
        if item.get_closest_marker("wire_only"):
            item.add_marker(needs_wire)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before the first test's fixtures: no app or database server runs in this process yet.
    gunicorn.start_ahead(item)


@pytest.fixture(scope="session")
def target_folder(pytestconfig) -> Path:
    return Path(pytestconfig.getoption("--target")).resolve()


@pytest.fixture(scope="session")
def create_app(target_folder):
    """The `create_app` factory of the app under test."""
    return target.load_app_factory(target_folder)


@pytest.fixture(scope="session")
def wire_server_uri(pytestconfig):
    """The real server for the wire backend: TEST_MONGO_URI, else an embedded one."""
    if os.environ.get("TEST_MONGO_URI"):
        yield os.environ["TEST_MONGO_URI"]
        return
    server = backends.EmbeddedServer()
    yield server.uri
    server.stop()


@pytest.fixture
def database(request, pytestconfig, monkeypatch):
    """A fresh, empty database for one test, on the chosen backend."""
    if pytestconfig.getoption("--backend") == "wire":
        fresh = backends.WireDatabase(request.getfixturevalue("wire_server_uri"))
    else:
        fresh = backends.MockDatabase(monkeypatch)
    yield fresh
    fresh.close()


@pytest.fixture
def app(create_app, database):
    """The app under test, on a fresh database."""
    return create_app({**TEST_CONFIG, "MONGO_URI": database.uri})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth(client):
    """`auth.login()` logs a test user in once the app has users; before that, does nothing."""
    return AuthActions(client)


@pytest.fixture
def csrf_app(create_app, database):
    """The app as it normally runs: CSRF protection on (the tests' config turns it off)."""
    return create_app({**TEST_CONFIG, "WTF_CSRF_ENABLED": True, "MONGO_URI": database.uri})


@pytest.fixture
def db(database):
    """The test's own view of the app's database, to set up data and check what was saved."""
    return database.db


@pytest.fixture
def offline_app(create_app, monkeypatch, pytestconfig):
    """The app when its database cannot be reached."""
    if pytestconfig.getoption("--backend") == "mock":
        monkeypatch.setattr(backends.flask_pymongo, "MongoClient", backends.UnreachableClient)
        monkeypatch.setattr(backends.pymongo, "MongoClient", backends.UnreachableClient)
    clients = backends.track_real_clients(monkeypatch)
    yield create_app(
        {**TEST_CONFIG, "MONGO_URI": backends.unreachable_uri(), "MONGO_TIMEOUT_MS": 300}
    )
    # An unreachable client keeps retrying in the background until it is closed.
    for client in clients:
        client.close()
