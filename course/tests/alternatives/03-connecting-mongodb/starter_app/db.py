"""The database: the Flask-PyMongo extension, sample data and the `flask seed` command."""

import json
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import Flask, current_app
from flask_pymongo import PyMongo
from pymongo.database import Database

mongo = PyMongo()

SAMPLE_BOOKS = Path(__file__).parent / "sample_data" / "books.json"


def init_app(app: Flask) -> None:
    """Connect the app to MongoDB, register the database commands and the shell names."""
    if not app.config["MONGO_URI"]:
        if app.testing:
            raise RuntimeError("Tests must pass a MONGO_URI in their test config.")
        from . import embedded  # only when it is used: `python -m starter_app.embedded` stays clean

        app.config["MONGO_URI"] = embedded.ensure_server(app.instance_path)
        app.logger.info("Using the embedded database at %s", app.config["MONGO_URI"])
    mongo.init_app(app, serverSelectionTimeoutMS=app.config["MONGO_TIMEOUT_MS"])
    app.cli.add_command(seed_command)

    @app.shell_context_processor
    def database_in_the_shell() -> dict:
        """`flask shell` starts with `db`, the app's database."""
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


def empty_shelf(db: Database) -> int:
    """Delete every book; return how many there were."""
    return db.books.delete_many({}).deleted_count


@click.command("seed")
@click.option("--if-empty", is_flag=True, help="Only seed when there are no books at all.")
@click.option(
    "--reset",
    "start_over",
    is_flag=True,
    help="Empty the shelf before seeding, to start again from the sample books only.",
)
def seed_command(if_empty: bool, start_over: bool) -> None:
    """Load the sample books into the database (safe to run twice)."""
    db = get_db()
    if start_over:
        gone = empty_shelf(db)
        click.echo(f"Emptied the shelf: deleted {gone} book{'' if gone == 1 else 's'}.")
    elif if_empty and db.books.count_documents({}, limit=1):
        click.echo("The database already has books; not seeding.")
        return
    added, existing = seed_books(db)
    click.echo(f"Added {added} sample books ({existing} were already there).")
