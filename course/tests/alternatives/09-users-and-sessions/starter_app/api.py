"""The JSON API: books and their reviews, for programs and for the JavaScript front end."""

import json
from datetime import datetime, timezone
from typing import NoReturn

from bson import ObjectId
from flask import Blueprint, abort, g, request, session, url_for
from flask.views import MethodView
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError
from werkzeug.exceptions import HTTPException, NotFound, default_exceptions

from . import payload
from .auth import log_reader_in, reader_with
from .books import book_filter, find_page, search_filter, search_text
from .db import get_db
from .reviews import average_rating
from .stats import statistics

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

# What a visitor may do besides reading: log in, and log out.
OPEN_TO_VISITORS = {"api.session"}


@bp.before_request
def writes_need_a_reader():
    """401 for a visitor's POST, PATCH or DELETE, before any view runs: a program cannot
    fill in the login page, so it gets no redirect there."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.endpoint in OPEN_TO_VISITORS:
        return
    if g.reader is None:
        abort(401, "Log in first: POST /api/session with your username and password.")


def missing_or_not_yours(book_id: ObjectId) -> NoReturn:
    """After a change that matched none of the reader's books: 404 when there is no such
    book at all, else 403 (another reader added it)."""
    if get_db().books.count_documents({"_id": book_id}, limit=1):
        abort(403, "Only the reader who added this book may change it.")
    abort(404, "There is no book with this id.")


@bp.get("/books")
def list_books():
    """A page of books (searched, filtered and sorted like /books), and where it is in the list."""
    found = find_page({**book_filter(), **search_filter(search_text())})
    meta = {name: found[name] for name in ("page", "per_page", "total", "pages")}
    return {"books": payload.to_json(found["books"]), **meta}


@bp.get("/stats")
def stats():
    """The statistics page's figures: genres, best-rated books, most active reviewers."""
    return payload.to_json(statistics())


@bp.get("/books/<ObjectId:book_id>")
def get_book(book_id: ObjectId):
    """One book, with its reviews and their average rating."""
    book = get_db().books.find_one_or_404({"_id": book_id})
    return payload.to_json({**book, "average_rating": average_rating(book.get("reviews"))})


@bp.post("/books")
def create_book():
    """Add a book from a JSON object of allowed fields: 201 and where to find it."""
    fields = payload.checked(payload.json_object(), payload.BOOK_FIELDS, payload.BOOK_REQUIRED)
    book = {
        **payload.stored_fields(fields),
        "reviews": [],
        "created_at": datetime.now(timezone.utc),
        "owner": g.reader["_id"],
    }
    try:
        get_db().books.insert_one(book)
    except DuplicateKeyError:
        abort(409, DUPLICATE_ISBN)
    location = url_for("api.get_book", book_id=book["_id"])
    return payload.to_json(book), 201, {"Location": location}


@bp.patch("/books/<ObjectId:book_id>")
def update_book(book_id: ObjectId):
    """Change only the fields sent (a partial update with $set); answer the whole book.
    The filter holds the owner too: no other reader's request can match the book."""
    changes = payload.checked(payload.json_object(), payload.BOOK_FIELDS)
    mine = {"_id": book_id, "owner": g.reader["_id"]}
    try:
        book = get_db().books.find_one_and_update(
            mine, payload.partial_update(changes), return_document=ReturnDocument.AFTER
        )
    except DuplicateKeyError:
        abort(409, DUPLICATE_ISBN)
    if book is None:
        missing_or_not_yours(book_id)
    return payload.to_json(book)


@bp.delete("/books/<ObjectId:book_id>")
def delete_book(book_id: ObjectId):
    """Delete one of the reader's books: 204 and no body (404 or 403 as for a change)."""
    if not get_db().books.delete_one({"_id": book_id, "owner": g.reader["_id"]}).deleted_count:
        missing_or_not_yours(book_id)
    return "", 204


@bp.get("/books/<ObjectId:book_id>/reviews")
def list_reviews(book_id: ObjectId):
    """A book's reviews, how many there are, and their average rating."""
    book = get_db().books.find_one_or_404({"_id": book_id}, {"reviews": 1})
    reviews = book.get("reviews") or []
    count, average = len(reviews), average_rating(reviews)
    return {"reviews": payload.to_json(reviews), "count": count, "average_rating": average}


@bp.post("/books/<ObjectId:book_id>/reviews")
def add_review(book_id: ObjectId):
    """Add a review to a book with $push: 201 and the review."""
    data = payload.json_object()
    fields = payload.checked(data, payload.REVIEW_FIELDS, payload.REVIEW_REQUIRED)
    review = {**fields, "created_at": datetime.now(timezone.utc)}
    pushed = get_db().books.update_one({"_id": book_id}, {"$push": {"reviews": review}})
    if not pushed.matched_count:
        abort(404, "There is no book with this id.")
    return payload.to_json(review), 201


class SessionResource(MethodView):
    """/api/session, the login of programs: who is logged in, log in, log out."""

    def get(self):
        """200 {"username": ...} for the logged-in reader, else 401."""
        if g.reader is None:
            abort(401, "Nobody is logged in.")
        return {"username": g.reader["username"]}

    def post(self):
        """Log in with {"username": ..., "password": ...}: 200 and who, else 401. A $-key
        ({"$ne": null}) is a 400 in json_object, and reader_with takes only texts."""
        credentials = payload.json_object()
        reader = reader_with(credentials.get("username"), credentials.get("password"))
        if reader is None:
            abort(401, "Wrong username or password.")
        log_reader_in(reader)
        return {"username": reader["username"]}

    def delete(self):
        """Log out: 204, no body."""
        session.clear()
        return "", 204


bp.add_url_rule("/session", view_func=SessionResource.as_view("session"))
