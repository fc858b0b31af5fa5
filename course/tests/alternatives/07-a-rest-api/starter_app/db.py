"""The database: the Flask-PyMongo extension, sample data and the `flask seed` command."""

import json
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import Flask, current_app
from flask_pymongo import PyMongo
from pymongo import ASCENDING, IndexModel
from pymongo.database import Database
from pymongo.errors import PyMongoError

mongo = PyMongo()

SAMPLE_BOOKS = Path(__file__).parent / "sample_data" / "books.json"

# The indexes each collection needs. One ISBN per book on the whole shelf: the database
# refuses a duplicate even when two requests add it at the same moment. Sparse, because a
# book without an ISBN has no isbn field, and those must not clash with each other.
INDEXES = {
    "books": [IndexModel([("isbn", ASCENDING)], unique=True, sparse=True)],
}


def init_app(app: Flask) -> None:
    """Connect the app to MongoDB and register the database commands."""
    if not app.config["MONGO_URI"]:
        if app.testing:
            raise RuntimeError("Tests must pass a MONGO_URI in their test config.")
        from . import embedded  # only when it is used: `python -m starter_app.embedded` stays clean

        app.config["MONGO_URI"] = embedded.ensure_server(app.instance_path)
        app.logger.info("Using the embedded database at %s", app.config["MONGO_URI"])
    mongo.init_app(app, serverSelectionTimeoutMS=app.config["MONGO_TIMEOUT_MS"])
    create_indexes(app)
    app.cli.add_command(seed_command)
    app.shell_context_processor(shell_context)


def create_indexes(app: Flask) -> None:
    """Make sure every index in INDEXES exists; MongoDB skips the ones already there."""
    with app.app_context():
        database = get_db()
        try:
            for collection, indexes in INDEXES.items():
                database[collection].create_indexes(indexes)
        except PyMongoError as error:
            # Start anyway, so that /health can tell what is wrong; restart once it is fixed.
            reason = type(error).__name__
            app.logger.warning("The indexes were not created (%s); restart the app.", reason)


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
