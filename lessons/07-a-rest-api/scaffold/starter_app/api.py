"""The JSON API: books and their reviews, for programs and for the JavaScript front end."""

import json
from datetime import datetime, timezone  # noqa: F401 (for created_at)

from bson import ObjectId  # noqa: F401 (for your views)
from flask import Blueprint, abort, request, url_for  # noqa: F401
from pymongo import ReturnDocument  # noqa: F401 (for the partial update)
from pymongo.errors import DuplicateKeyError  # noqa: F401 (for step 5)
from werkzeug.exceptions import HTTPException, NotFound, default_exceptions

from . import payload  # checks what clients send; turns documents into JSON
from .books import book_filter, find_page  # noqa: F401 (the book list's own query)
from .db import get_db  # noqa: F401
from .reviews import average_rating  # noqa: F401

bp = Blueprint("api", __name__, url_prefix="/api")

DUPLICATE_ISBN = "A book with this ISBN is already on the shelf."


def json_error(error: HTTPException):
    """Any HTTP error as JSON: {"error": "Not Found", "message": "..."}, same status."""
    response = error.get_response()  # keeps headers such as Allow on a 405
    response.data = json.dumps({"error": error.name, "message": _message(error)})
    response.content_type = "application/json"
    return response


def _message(error: HTTPException) -> str:
    """The error's own words; for a book that is not there (find_one_or_404 gives werkzeug's
    general 404 text), the words a client needs."""
    unknown_book = "book_id" in (request.view_args or {}) and isinstance(error, NotFound)
    if unknown_book and error.description == NotFound.description:
        return "There is no book with this id."
    return error.description


# A blueprint's handlers for a status code come before the app's (the HTML 404 page).
for code in default_exceptions:
    bp.register_error_handler(code, json_error)


@bp.before_app_request
def json_routing_errors():
    """Unknown API addresses, methods and malformed ids answer in JSON too: no view runs."""
    error = request.routing_exception
    is_api = request.path.startswith(f"{bp.url_prefix}/")
    if is_api and isinstance(error, HTTPException) and error.code >= 400:
        return json_error(error)
    return None


# MAX_CONTENT_LENGTH holds for every request, the forms' too. A body sent in chunks has no
# size to check first, and comes in cut short at the limit: refuse it before any view reads it.
bp.before_app_request(payload.refuse_cut_off_body)


# TODO (lesson 07, step 1): list_books, for GET /books (the blueprint adds /api in front).
# Call find_page(book_filter()) (from books.py: the same filters, sort and paging as the
# HTML list) and return a dict: "books" (the page's books, through payload.to_json), and
# "page", "per_page", "total" and "pages" from what find_page returned.

# TODO (lesson 07, step 1): get_book, for GET /books/<ObjectId:book_id>: the book
# (find_one_or_404), through payload.to_json, with "average_rating" added
# (average_rating(book.get("reviews"))).

# TODO (lesson 07, step 2): create_book, for POST /books. fields = payload.checked(
# payload.json_object(), payload.BOOK_FIELDS, payload.BOOK_REQUIRED); store
# {**payload.stored_fields(fields), "reviews": [], "created_at": datetime.now(timezone.utc)}
# with insert_one (stored_fields, given, leaves out an ISBN sent as null), then return the
# book as JSON, 201, and {"Location": url_for("api.get_book", book_id=...)}.
# TODO (lesson 07, step 5): in create_book, catch DuplicateKeyError: abort(409, DUPLICATE_ISBN).

# TODO (lesson 07, step 3): update_book, for PATCH /books/<ObjectId:book_id>. Check the body
# with payload.checked (nothing required: a partial update), then find_one_and_update with
# the update payload.partial_update(changes) (given: {"$set": the fields sent}, and an ISBN
# sent as null or "" is $unset: the book then has none) and
# return_document=ReturnDocument.AFTER; None means no such book: abort(404, ...). Return
# the whole book as JSON (step 5: a DuplicateKeyError is a 409).

# TODO (lesson 07, step 3): delete_book, for DELETE /books/<ObjectId:book_id>: delete_one;
# when its deleted_count is 0, abort(404, ...); else return "", 204.

# TODO (lesson 07, step 4): list_reviews, for GET /books/<ObjectId:book_id>/reviews:
# {"reviews": [...], "count": ..., "average_rating": ...}, reviews through payload.to_json.

# TODO (lesson 07, step 4): add_review, for POST /books/<ObjectId:book_id>/reviews. Check the
# body against payload.REVIEW_FIELDS (all required), add "created_at", $push it into the
# book with update_one; a matched_count of 0 means no such book (404). Return it, 201.
