"""Data integrity: the books' $jsonSchema, which the database itself enforces whatever code
writes to it, and the commands that show what the database checks and how it answers."""

import click  # noqa: F401
from flask import Flask, current_app  # noqa: F401
from flask.cli import with_appcontext  # noqa: F401
from pymongo.errors import OperationFailure, PyMongoError  # noqa: F401

from .db import create_indexes, get_db  # noqa: F401

# TODO (lesson 11, step 1): init_app(app): inside `with app.app_context():`,
# apply_schema(app); then app.cli.add_command(init_db_command).
# TODO (lesson 11, step 4): and app.cli.add_command(explain_command).


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


# TODO (lesson 11, step 1): apply_schema(app) -> bool. validator = {"$jsonSchema":
# BOOK_SCHEMA}. Try get_db().command("collMod", "books", validator=validator,
# validationLevel="strict"); when that raises OperationFailure with code 26 (no such
# collection yet), get_db().create_collection("books", validator=validator) instead.
# Return True. On PyMongoError (the database is down), log a warning and return False;
# on NotImplementedError or TypeError (mongomock has no validators), log it and return False.

# TODO (lesson 11, step 1): init_db_command, `flask init-db`: @click.command("init-db") and
# @with_appcontext; create_indexes(current_app), echo the index names
# (get_db().books.index_information()), then apply_schema and echo whether the database
# now checks the schema.


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


# TODO (lesson 11, step 4): plan_of(explained) -> str: from explained["queryPlanner"]
# ["winningPlan"] (newer servers nest it once more, under "queryPlan"), follow "inputStage"
# (or the first of "inputStages") until a stage is "IXSCAN" or "COLLSCAN"; return
# "IXSCAN <indexName>" or "COLLSCAN".

# TODO (lesson 11, step 4): explain_command, `flask explain`: for each name, (query, order)
# in QUERIES, explained = get_db().books.find(query).sort(order).explain(); echo
# f"{name}: {plan_of(explained)}". mongomock has no explain() (AttributeError): then echo
# that a real MongoDB server is needed, and stop.
