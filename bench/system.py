"""One running system to measure: composed app + database (+ the ceiling app).

The database is the embedded server the app ships with, unless BENCH_MONGO_URI names a
MongoDB server of your own (mongodb://host:port, any database in it is ignored): then the
throughput and scaling figures are measured on it. The fault scenarios always use the
embedded server, since they stop and kill it.
"""

import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from pymongo import MongoClient
from pymongo.database import Database

from bench import books, endpoints
from bench.stack import (
    EmbeddedDB,
    ExternalDB,
    Gunicorn,
    app_server,
    ceiling_server,
    compose_latest,
)

EXTERNAL_ENV = "BENCH_MONGO_URI"


@dataclass
class System:
    folder: Path  # the composed app
    lesson: int  # the lesson whose finished state it is
    db: EmbeddedDB | ExternalDB
    app: Gunicorn
    ceiling: Gunicorn | None
    mongo: MongoClient

    @property
    def database(self) -> Database:
        return self.mongo.get_database()

    def params(self) -> dict:
        """Values the endpoint paths need, from the seeded data."""
        return endpoints.parameters(self.database)

    def database_description(self) -> str:
        """Which server the figures come from, for the report."""
        if isinstance(self.db, EmbeddedDB):
            return "the embedded server the app ships with (SecantusDB)"
        version = self.mongo.server_info().get("version", "?")
        return f"MongoDB {version} on {self.db.where} (BENCH_MONGO_URI)"

    def indexes(self) -> list[str]:
        """The names of the indexes on books (the app creates its own at start-up)."""
        return sorted(index["name"] for index in self.database.books.list_indexes())

    def restart_app(self, uri_options: str = "") -> None:
        """Start the app again on the same port, its MONGO_URI with these options (`?k=v`)."""
        self.app.stop()
        self.app.env["MONGO_URI"] = self.db.uri + uri_options
        self.app.start()


@contextmanager
def running(
    book_count: int, workers: int | None = None, ceiling: bool = False, embedded: bool = False
) -> Iterator[System]:
    """Compose the latest app, seed `book_count` books, serve it; stop everything after.

    On BENCH_MONGO_URI's server when it is set, unless `embedded` is asked for.
    """
    external = "" if embedded else os.environ.get(EXTERNAL_ENV, "")
    with tempfile.TemporaryDirectory(prefix="bookshelf-bench-") as scratch, ExitStack() as stop:
        root = Path(scratch)
        folder, lesson = compose_latest(root / "app")
        if external:
            db = ExternalDB(external)
        else:
            db = EmbeddedDB(folder, root / "data", root / "db.log")
            db.start()
            stop.callback(db.stop)
        mongo = MongoClient(db.uri, serverSelectionTimeoutMS=10_000)
        stop.callback(mongo.close)
        if external:
            stop.callback(mongo.drop_database, db.name)
        books.seed(mongo.get_database(), book_count)
        app = app_server(folder, db.uri, root / "app.log", workers)
        app.start()
        stop.callback(app.stop)
        other = None
        if ceiling:
            other = ceiling_server(db.uri, root / "ceiling.log", workers)
            other.start()
            stop.callback(other.stop)
        yield System(folder, lesson, db, app, other, mongo)
