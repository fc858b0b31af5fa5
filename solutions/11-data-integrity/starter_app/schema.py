"""Data integrity: the books' $jsonSchema, which the database itself enforces whatever code
writes to it, and the commands that show what the database checks and how it answers."""

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from pymongo.errors import OperationFailure, PyMongoError

from .db import create_indexes, get_db


def init_app(app: Flask) -> None:
    """Set the schema when the app starts, and add `flask init-db` and `flask explain`."""
    with app.app_context():
        apply_schema(app)
    app.cli.add_command(init_db_command)
    app.cli.add_command(explain_command)


def text(max_length: int, required: bool = True) -> dict:
    """A string of 1 to max_length characters (or null, when not required)."""
    if required:
        return {"bsonType": "string", "minLength": 1, "maxLength": max_length}
    return {"bsonType": ["string", "null"], "maxLength": max_length}


def whole_number(low: int, high: int, required: bool = True) -> dict:
    """A whole number from low to high (or null, when not required)."""
    kinds = ["int", "long"] if required else ["int", "long", "null"]
    return {"bsonType": kinds, "minimum": low, "maximum": high}


REVIEW_SCHEMA = {
    "bsonType": "object",
    "required": ["name", "rating", "text"],
    "properties": {
        "name": text(50),
        "rating": whole_number(1, 5),
        "text": text(1000),
        "created_at": {"bsonType": "date"},
    },
}

# The same rules as the forms and the API, once more, where no code path can skip them.
BOOK_SCHEMA = {
    "bsonType": "object",
    "required": ["title", "author"],
    "properties": {
        "title": text(200),
        "author": text(100),
        "genre": text(50, required=False),
        "year": whole_number(0, 9999, required=False),
        "description": text(2000, required=False),
        "isbn": {"bsonType": "string", "pattern": "^[0-9]{10}([0-9]{3})?$"},
        "owner": {"bsonType": "objectId"},
        "reviews": {"bsonType": "array", "items": REVIEW_SCHEMA},
        "created_at": {"bsonType": "date"},
        "updated_at": {"bsonType": "date"},
    },
}


def apply_schema(app: Flask) -> bool:
    """Make the database refuse books that break BOOK_SCHEMA; return whether it now does."""
    validator = {"$jsonSchema": BOOK_SCHEMA}
    database = get_db()
    try:
        try:  # collMod changes the rules of a collection that exists...
            database.command("collMod", "books", validator=validator, validationLevel="strict")
        except OperationFailure as error:
            if error.code != 26:  # 26: NamespaceNotFound
                raise
            database.create_collection("books", validator=validator)  # ...or creates it
    except PyMongoError as error:
        app.logger.warning("Could not set the books' schema: %s", error.__class__.__name__)
        return False
    except (NotImplementedError, TypeError):
        # mongomock, the tests' stand-in database, has no validators: the app runs without.
        app.logger.info("This database does not check schemas; MongoDB does.")
        return False
    return True


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the indexes and the books' schema, and say what the database now checks."""
    create_indexes(current_app)
    click.echo(f"Indexes: {', '.join(sorted(get_db().books.index_information()))}.")
    if apply_schema(current_app):
        click.echo("Schema: the database now refuses books that break BOOK_SCHEMA.")
    else:
        click.echo("Schema: this database does not check schemas (the app still does).")


# The questions the app asks most, to see how the database answers each (`flask explain`).
QUERIES = {
    "all books, by title": ({}, [("title", 1)]),
    "one author's books, by title": ({"author": "Jane Austen"}, [("title", 1)]),
    "one genre's books, by title": ({"genre": "Classics"}, [("title", 1)]),
    "newest first": ({}, [("year", -1), ("title", 1)]),
    "a search for 'austen'": (
        {"$or": [{f: {"$regex": "austen", "$options": "i"}} for f in ("title", "author")]},
        [("title", 1)],
    ),
}


def plan_of(explained: dict) -> str:
    """'IXSCAN author_1_title_1' or 'COLLSCAN': how explain() says the query was answered."""
    stage = explained.get("queryPlanner", {}).get("winningPlan", {})
    stage = stage.get("queryPlan", stage)  # newer servers nest the plan one level deeper
    while stage:
        if stage.get("stage") in ("IXSCAN", "COLLSCAN"):
            return f"{stage['stage']} {stage.get('indexName', '')}".strip()
        stage = stage.get("inputStage") or (stage.get("inputStages") or [{}])[0]
    return "unknown"


@click.command("explain")
@with_appcontext
def explain_command() -> None:
    """Show, for each of the app's main queries, the index it uses (or COLLSCAN: none)."""
    for name, (query, order) in QUERIES.items():
        try:
            explained = get_db().books.find(query).sort(order).explain()
        except (PyMongoError, AttributeError, NotImplementedError) as error:
            # mongomock, the tests' stand-in, cannot explain: only a real server plans queries.
            click.echo(f"explain needs a real MongoDB server ({error.__class__.__name__}).")
            return
        click.echo(f"{name}: {plan_of(explained)}")
