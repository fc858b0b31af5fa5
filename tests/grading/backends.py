"""The two database backends the graded tests run on.

mock: mongomock, in-process, a fresh database for every test. Flask-PyMongo builds
its client from the name `flask_pymongo.MongoClient` when `init_app` runs, so
pointing that name at mongomock (before the app is created) is enough; see MONGO.md.
Its queries are refused where pymongo could not send them (grading.strict_mock).
wire: a real MongoDB wire-protocol server (TEST_MONGO_URI, or an embedded one).
"""

import functools
import socket
import uuid

import flask_pymongo
import flask_pymongo.wrappers
import mongomock
import pymongo
from mongomock.store import ServerStore

from grading.strict_mock import make_strict

BACKENDS = ("mock", "wire")


def fresh_database_name() -> str:
    """A database name no other test uses."""
    return f"course_test_{uuid.uuid4().hex[:12]}"


class MockDatabase:
    """A fresh mongomock database that the app and the test both see."""

    def __init__(self, monkeypatch):
        self.name = fresh_database_name()
        self.uri = f"mongodb://localhost:27017/{self.name}"
        store = ServerStore()
        client_factory = functools.partial(mongomock.MongoClient, _store=store)
        # The app's client and the test's client share one in-memory store.
        monkeypatch.setattr(flask_pymongo, "MongoClient", client_factory)
        monkeypatch.setattr(pymongo, "MongoClient", client_factory)
        monkeypatch.setattr(
            mongomock.collection.Collection,
            "find_one_or_404",
            flask_pymongo.wrappers.Collection.find_one_or_404,
            raising=False,
        )
        make_strict(monkeypatch, mongomock.collection.Collection)
        self.client = mongomock.MongoClient(_store=store)
        self.db = self.client[self.name]

    def close(self) -> None:
        self.client.close()


class WireDatabase:
    """A fresh database on a real server, dropped after the test."""

    def __init__(self, server_uri: str):
        self.name = fresh_database_name()
        self.client = pymongo.MongoClient(server_uri, serverSelectionTimeoutMS=5000)
        self.uri = _with_database(server_uri, self.name)
        self.db = self.client[self.name]

    def close(self) -> None:
        self.client.drop_database(self.name)
        self.client.close()


class EmbeddedServer:
    """A throw-away wire server for one test session (SecantusDB, in memory)."""

    def __init__(self):
        from secantus import SecantusDBServer  # imported only when the wire backend is used

        self._server = SecantusDBServer(host="127.0.0.1", port=0, storage_path=":memory:")
        self._server.start()
        self.uri = self._server.uri

    def stop(self) -> None:
        self._server.stop()


class UnreachableClient:
    """A client, database or collection of a server that does not answer (mock backend).

    Every call raises ServerSelectionTimeoutError at once, as pymongo does after its
    timeout; the wire backend uses a real closed port instead, so timing is tested there.
    """

    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return UnreachableClient()

    def __getitem__(self, name):
        return UnreachableClient()

    def close(self) -> None:
        """Closing works even when the server is down."""

    def __call__(self, *args, **kwargs):
        raise pymongo.errors.ServerSelectionTimeoutError(
            "127.0.0.1:27017: [Errno 111] Connection refused"
        )


def track_real_clients(monkeypatch) -> list:
    """Record every real client the app creates from now on, so the test can close them."""
    created = []
    real_client = flask_pymongo.MongoClient

    def tracked(*args, **kwargs):
        created.append(real_client(*args, **kwargs))
        return created[-1]

    monkeypatch.setattr(flask_pymongo, "MongoClient", tracked)
    return created


def free_port() -> int:
    """A local port where nothing listens (the system's choice, free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_uri() -> str:
    """A URI on a local port where nothing listens: the database is 'down'."""
    return f"mongodb://127.0.0.1:{free_port()}/course_offline?serverSelectionTimeoutMS=300"


def _with_database(server_uri: str, name: str) -> str:
    base, _, options = server_uri.partition("?")
    scheme, _, rest = base.partition("://")
    hosts = rest.split("/", 1)[0]
    uri = f"{scheme}://{hosts}/{name}"
    return f"{uri}?{options}" if options else uri
