"""The database: the Flask-PyMongo extension, indexes, sample data, the `flask` commands,
and the answer when the database is down."""

import json
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import Flask, current_app, render_template, request
from flask_pymongo import PyMongo
from pymongo.database import Database
from pymongo.errors import ConnectionFailure, PyMongoError

mongo = PyMongo()

SAMPLE_BOOKS = Path(__file__).parent / "sample_data" / "books.json"

# The indexes of the books' queries: sorted by title; by author or genre, then by title;
# newest first. A search (a regex that ignores case) cannot use them: it reads every book.
INDEXES = [
    [("title", 1)],
    [("author", 1), ("title", 1)],
    [("genre", 1), ("title", 1)],
    [("year", -1), ("title", 1)],
]


def init_app(app: Flask) -> None:
    """Connect the app to MongoDB and register the database commands."""
    if not app.config["MONGO_URI"]:
        if app.testing:
            raise RuntimeError("Tests must pass a MONGO_URI in their test config.")
        from . import embedded  # only when it is used: `python -m starter_app.embedded` stays clean

        app.config["MONGO_URI"] = embedded.ensure_server(app.instance_path)
        app.logger.info("Using the embedded database at %s", app.config["MONGO_URI"])
    mongo.init_app(app, **client_options(app))
    with app.app_context():
        create_indexes(app)
    # Any request that cannot reach the database ends here: a quick 503, not a hang or a 500.
    app.register_error_handler(ConnectionFailure, database_down)
    app.cli.add_command(seed_command)
    app.shell_context_processor(shell_context)


def client_options(app: Flask) -> dict:
    """How the app's MongoClient is made."""
    return {
        # No connection until the first query, so it is opened by the process that queries:
        # each gunicorn worker, after the fork. Sockets and threads opened before a fork()
        # would be shared by every worker: pymongo's clients are not fork-safe.
        "connect": False,
        # How long a query waits for the database before a 503.
        "serverSelectionTimeoutMS": app.config["MONGO_TIMEOUT_MS"],
    }


def create_indexes(app: Flask) -> None:
    """Create the indexes the app relies on (creating one that exists does nothing)."""
    try:
        books = get_db().books
        # Unique: a second book with the same ISBN is refused by the database itself.
        # Sparse: books without an ISBN (most added by hand) are left out of the index.
        books.create_index("isbn", unique=True, sparse=True)
        # One index per question the book list asks: each filter, then its sort order.
        for keys in INDEXES:
            books.create_index(keys)
        # One account per username, even when two people register it at the same moment.
        get_db().users.create_index("username", unique=True)
    except PyMongoError as error:
        # The app still starts, so /health can say what is wrong; restart once it is fixed.
        app.logger.warning("Could not create the indexes: %s", error.__class__.__name__)


def database_down(error: ConnectionFailure):
    """503 Service Unavailable: JSON for the API, a page for people; try again soon."""
    current_app.logger.error("The database is not reachable: %s", error.__class__.__name__)
    headers = {"Retry-After": "30"}
    if request.path.startswith("/api/"):
        message = "The database is not reachable right now; try again in a minute."
        return {"error": "Service Unavailable", "message": message}, 503, headers
    return render_template("503.html"), 503, headers


def shell_context() -> dict:
    """What `flask shell` starts with: the database, to try queries by hand."""
    return {"db": get_db()}


def get_db() -> Database:
    """The app's database: the one named in MONGO_URI, else MONGO_DBNAME."""
    if mongo.db is not None:
        return mongo.db
    return mongo.cx[current_app.config["MONGO_DBNAME"]]


def load_sample_books() -> list[dict]:
    """The sample books shipped with the app, as a list of documents."""
    return json.loads(SAMPLE_BOOKS.read_text(encoding="utf-8"))


def seed_books(db: Database) -> tuple[int, int]:
    """Add the sample books that are not there yet; return (added, already there)."""
    added = 0
    books = load_sample_books()
    for book in books:
        book["created_at"] = datetime.now(timezone.utc)
        # Upsert by ISBN so seeding twice never duplicates a book.
        result = db.books.update_one({"isbn": book["isbn"]}, {"$setOnInsert": book}, upsert=True)
        added += result.upserted_id is not None
    return added, len(books) - added


@click.command("seed")
@click.option("--if-empty", is_flag=True, help="Only seed when there are no books at all.")
@click.option("--reset", is_flag=True, help="Delete every book first, then load the samples.")
def seed_command(if_empty: bool, reset: bool) -> None:
    """Load the sample books into the database (safe to run twice)."""
    db = get_db()
    if reset:
        removed = db.books.delete_many({}).deleted_count
        click.echo(f"Removed {removed} books.")
    if if_empty and db.books.count_documents({}, limit=1):
        click.echo("The database already has books; not seeding.")
        return
    added, existing = seed_books(db)
    click.echo(f"Added {added} sample books ({existing} were already there).")
