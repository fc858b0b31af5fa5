"""Data integrity: the rules MongoDB itself checks on every book, whatever code writes it,
and the commands that show what the database checks and how it answers the app's queries."""

import click
from flask import Flask, current_app
from pymongo.errors import CollectionInvalid, PyMongoError

from .books import SORTS, search_filter
from .db import create_indexes, get_db

REVIEW_SCHEMA = {
    "bsonType": "object",
    "required": ["name", "rating", "text"],
    "properties": {
        "name": {"bsonType": "string", "minLength": 1, "maxLength": 50},
        "rating": {"bsonType": ["int", "long"], "minimum": 1, "maximum": 5},
        "text": {"bsonType": "string", "minLength": 1, "maxLength": 1000},
        "created_at": {"bsonType": "date"},
    },
}

# The forms' and the API's rules once more, written out as MongoDB reads them. Fields not
# named here (pages, say) are allowed: a safety net, not a straitjacket.
BOOK_SCHEMA = {
    "bsonType": "object",
    "required": ["title", "author"],
    "properties": {
        "title": {"bsonType": "string", "minLength": 1, "maxLength": 200},
        "author": {"bsonType": "string", "minLength": 1, "maxLength": 100},
        "genre": {"bsonType": ["string", "null"], "maxLength": 50},
        "year": {"bsonType": ["int", "long", "null"], "minimum": 0, "maximum": 9999},
        "description": {"bsonType": ["string", "null"], "maxLength": 2000},
        # Text of 10 or 13 digits 0-9; a book without an ISBN has no isbn field at all.
        "isbn": {"bsonType": "string", "pattern": "^([0-9]{10}|[0-9]{13})$"},
        "owner": {"bsonType": "objectId"},
        "reviews": {"bsonType": "array", "items": REVIEW_SCHEMA},
        "created_at": {"bsonType": "date"},
        "updated_at": {"bsonType": "date"},
    },
}

# The questions the book list asks most, built as books.py builds them (`flask explain`).
QUERIES = [
    ("all books, by title", {}, SORTS["title"]),
    ("one author's books, by title", {"author": "Jane Austen"}, SORTS["title"]),
    ("one genre's books, by title", {"genre": "Classics"}, SORTS["title"]),
    ("newest first", {}, SORTS["year"]),
    ("a search for 'austen'", search_filter("austen"), SORTS["title"]),
]


def setup(app: Flask) -> None:
    """Have the database check books from the start; add `flask init-db` and `flask explain`."""
    with app.app_context():
        apply_schema()
    app.cli.command("init-db")(init_db)
    app.cli.command("explain")(explain_queries)


def apply_schema() -> bool:
    """Put BOOK_SCHEMA on the books collection, strictly; False when the database cannot."""
    rules = {"validator": {"$jsonSchema": BOOK_SCHEMA}, "validationLevel": "strict"}
    database = get_db()
    try:
        try:
            database.create_collection("books", **rules)
        except CollectionInvalid:  # it exists (creating the indexes made it): change its rules
            database.command({"collMod": "books", **rules})
    except NotImplementedError:
        # mongomock, the quick tests' database, has no validators; the app still checks input.
        current_app.logger.info("This database does not enforce schemas; MongoDB does.")
        return False
    except PyMongoError as error:
        current_app.logger.warning("The books' schema was not set: %s", type(error).__name__)
        return False
    return True


def init_db() -> None:
    """Create the indexes and the books' validator, and say what the database now checks."""
    create_indexes(current_app)
    for name in ("books", "users"):
        indexes = sorted(set(get_db()[name].index_information()) - {"_id_"})
        click.echo(f"Indexes on {name}: {', '.join(indexes) or 'none'}.")
    if apply_schema():
        click.echo("Validator: MongoDB now checks every book written against BOOK_SCHEMA.")
    else:
        click.echo("Validator: this database cannot check a schema; only the app checks books.")


def first_scan(stage) -> dict | None:
    """The first IXSCAN or COLLSCAN in a query plan (searched depth first), or None."""
    if isinstance(stage, list):
        return next(filter(None, map(first_scan, stage)), None)
    if not isinstance(stage, dict):
        return None
    if stage.get("stage") in ("IXSCAN", "COLLSCAN"):
        return stage
    return first_scan(list(stage.values()))


def explain_queries() -> None:
    """Show, for each of the app's main queries, the index MongoDB uses (COLLSCAN: none)."""
    for label, query, order in QUERIES:
        cursor = get_db().books.find(query).sort(order)
        if not hasattr(cursor, "explain"):  # mongomock plans nothing: only a server can say
            click.echo("Only a real MongoDB server can explain its queries; this one cannot.")
            return
        try:
            explained = cursor.explain()
        except PyMongoError as error:
            raise click.ClickException(f"MongoDB did not explain {label!r}: {error}") from error
        scan = first_scan(explained.get("queryPlanner", {}).get("winningPlan")) or {}
        click.echo(f"{label}: {scan.get('stage', 'unknown')} {scan.get('indexName', '')}".rstrip())
