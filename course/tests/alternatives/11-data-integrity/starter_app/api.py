"""The JSON API: books and their reviews, for programs and for the JavaScript front end."""

import json
from datetime import datetime, timezone

from bson import ObjectId
from flask import Blueprint, abort, current_app, request, session, url_for
from pymongo import ReturnDocument
from pymongo.errors import ConnectionFailure, DuplicateKeyError
from werkzeug.exceptions import (
    Conflict,
    HTTPException,
    NotFound,
    ServiceUnavailable,
    default_exceptions,
)

from . import payload
from .auth import check_credentials, current_user, login_required, require_owner, start_session
from .books import book_filter, find_page, search_filter, search_text
from .db import RETRY_AFTER_SECONDS, get_db
from .forms import ISBN_TAKEN
from .reviews import average_rating
from .stats import statistics

bp = Blueprint("api", __name__, url_prefix="/api")


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


@bp.errorhandler(DuplicateKeyError)
def isbn_taken(error: DuplicateKeyError):
    """409 Conflict when the unique index refuses a write (isbn: the API's only unique key)."""
    return json_error(Conflict(ISBN_TAKEN))


@bp.errorhandler(ConnectionFailure)
def database_unreachable(error: ConnectionFailure):
    """503 in JSON, with Retry-After, when MongoDB cannot be reached (the pages get 503.html)."""
    current_app.logger.error("API request without a database: %s", type(error).__name__)
    message = "The database is not answering; please try again in a minute."
    return json_error(ServiceUnavailable(message, retry_after=RETRY_AFTER_SECONDS))


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
@login_required
def create_book():
    """Add a book from a JSON object of allowed fields: 201 and where to find it."""
    fields = payload.checked(payload.json_object(), payload.BOOK_FIELDS, payload.BOOK_REQUIRED)
    book = {
        **payload.stored_fields(fields),
        "reviews": [],
        "created_at": datetime.now(timezone.utc),
    }
    book["owner"] = current_user()["_id"]
    get_db().books.insert_one(book)  # a taken ISBN raises DuplicateKeyError: isbn_taken
    location = url_for("api.get_book", book_id=book["_id"])
    return payload.to_json(book), 201, {"Location": location}


@bp.patch("/books/<ObjectId:book_id>")
@login_required
def update_book(book_id: ObjectId):
    """Change only the fields sent (a partial update with $set); answer the whole book."""
    require_owner(get_db().books.find_one_or_404({"_id": book_id}, {"owner": 1}))
    changes = payload.checked(payload.json_object(), payload.BOOK_FIELDS)
    book = get_db().books.find_one_and_update(
        {"_id": book_id},
        {**payload.partial_update(changes), "$currentDate": {"updated_at": True}},
        return_document=ReturnDocument.AFTER,
    )
    if book is None:
        abort(404, "There is no book with this id.")
    return payload.to_json(book)


@bp.delete("/books/<ObjectId:book_id>")
@login_required
def delete_book(book_id: ObjectId):
    """Delete a book: 204 and no body, or 404 when there was no such book."""
    require_owner(get_db().books.find_one_or_404({"_id": book_id}, {"owner": 1}))
    if not get_db().books.delete_one({"_id": book_id}).deleted_count:
        abort(404, "There is no book with this id.")
    return "", 204


@bp.get("/books/<ObjectId:book_id>/reviews")
def list_reviews(book_id: ObjectId):
    """A book's reviews, how many there are, and their average rating."""
    book = get_db().books.find_one_or_404({"_id": book_id}, {"reviews": 1})
    reviews = book.get("reviews") or []
    count, average = len(reviews), average_rating(reviews)
    return {"reviews": payload.to_json(reviews), "count": count, "average_rating": average}


@bp.post("/books/<ObjectId:book_id>/reviews")
@login_required
def add_review(book_id: ObjectId):
    """Add a review to a book with $push: 201 and the review."""
    data = payload.json_object()
    fields = payload.checked(data, payload.REVIEW_FIELDS, payload.REVIEW_REQUIRED)
    review = {**fields, "created_at": datetime.now(timezone.utc)}
    pushed = get_db().books.update_one({"_id": book_id}, {"$push": {"reviews": review}})
    if not pushed.matched_count:
        abort(404, "There is no book with this id.")
    return payload.to_json(review), 201


@bp.post("/session")
def log_in():
    """Log in with JSON {"username": ..., "password": ...}: 200 and who, or 401."""
    data = payload.json_object()  # a {"$ne": null} is refused here already (400)
    user = check_credentials(data.get("username"), data.get("password"))
    if user is None:
        abort(401, "Wrong username or password.")
    start_session(user)
    return {"username": user["username"]}


@bp.get("/session")
def who_am_i():
    """Who is logged in: 200 {"username": ...}, or 401."""
    if current_user() is None:
        abort(401, "Nobody is logged in.")
    return {"username": current_user()["username"]}


@bp.delete("/session")
def log_out():
    """Log out: 204."""
    session.clear()
    return "", 204
