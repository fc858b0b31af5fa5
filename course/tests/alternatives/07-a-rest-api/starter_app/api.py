"""The JSON API: books and their reviews, for programs and for the JavaScript front end."""

import json
from datetime import datetime, timezone
from http import HTTPStatus

from bson import ObjectId
from flask import Blueprint, Response, jsonify, request, url_for
from flask.views import MethodView
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError
from werkzeug.exceptions import Conflict, HTTPException, NotFound, default_exceptions

from . import payload
from .books import book_filter, find_page
from .db import get_db
from .reviews import average_rating

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


@bp.errorhandler(DuplicateKeyError)
def isbn_taken(error: DuplicateKeyError):
    """The unique index on isbn refused a write (a new book or a change): 409 Conflict."""
    return json_error(Conflict(DUPLICATE_ISBN))


def no_such_book(book_id: ObjectId) -> NotFound:
    """The 404 for an id that no book has."""
    return NotFound(f"No book has the id {book_id}.")


def book_or_404(book_id: ObjectId, projection: dict | None = None) -> dict:
    """The stored book with this id (only the fields of `projection`, if given), or a 404."""
    book = get_db().books.find_one({"_id": book_id}, projection)
    if book is None:
        raise no_such_book(book_id)
    return book


class BookCollection(MethodView):
    """/api/books: the list, a page at a time, and new books."""

    def get(self):
        """A page of books, filtered and sorted like /books, and where it is in the list."""
        found = find_page(book_filter())
        return jsonify(
            books=payload.to_json(found["books"]),
            page=found["page"],
            per_page=found["per_page"],
            total=found["total"],
            pages=found["pages"],
        )

    def post(self):
        """Add a book made of allow-listed fields: 201, the book, and a Location header."""
        fields = payload.checked(payload.json_object(), payload.BOOK_FIELDS, payload.BOOK_REQUIRED)
        book = payload.stored_fields(fields)
        book.update(reviews=[], created_at=datetime.now(timezone.utc))
        book_id = get_db().books.insert_one(book).inserted_id
        answer = jsonify(payload.to_json(book))
        answer.status_code = HTTPStatus.CREATED
        answer.location = url_for("api.book", book_id=book_id)
        return answer


class BookItem(MethodView):
    """/api/books/<id>: one book, to read, change in part, or delete."""

    def get(self, book_id: ObjectId):
        """The book, its reviews, and their average rating."""
        book = book_or_404(book_id)
        book["average_rating"] = average_rating(book.get("reviews"))
        return jsonify(payload.to_json(book))

    def patch(self, book_id: ObjectId):
        """$set the fields sent (an ISBN sent as null is removed); answer the whole book."""
        changes = payload.checked(payload.json_object(), payload.BOOK_FIELDS)
        book = get_db().books.find_one_and_update(
            {"_id": book_id},
            payload.partial_update(changes),
            return_document=ReturnDocument.AFTER,
        )
        if book is None:
            raise no_such_book(book_id)
        return jsonify(payload.to_json(book))

    def delete(self, book_id: ObjectId):
        """Delete the book: 204 and an empty body."""
        if get_db().books.find_one_and_delete({"_id": book_id}, {"_id": True}) is None:
            raise no_such_book(book_id)
        return Response(status=HTTPStatus.NO_CONTENT)


class ReviewCollection(MethodView):
    """/api/books/<id>/reviews: a book's reviews, and new ones."""

    def get(self, book_id: ObjectId):
        """The reviews, how many there are, and their average rating (null when none)."""
        reviews = book_or_404(book_id, {"reviews": True}).get("reviews") or []
        return jsonify(
            reviews=payload.to_json(reviews),
            count=len(reviews),
            average_rating=average_rating(reviews),
        )

    def post(self, book_id: ObjectId):
        """Append a checked review to the book's reviews: 201 and the review."""
        data = payload.json_object()
        review = payload.checked(data, payload.REVIEW_FIELDS, payload.REVIEW_REQUIRED)
        review["created_at"] = datetime.now(timezone.utc)
        reviewed = get_db().books.find_one_and_update(
            {"_id": book_id}, {"$push": {"reviews": review}}, {"_id": True}
        )
        if reviewed is None:
            raise no_such_book(book_id)
        return jsonify(payload.to_json(review)), HTTPStatus.CREATED


# The blueprint adds /api in front of each address.
bp.add_url_rule("/books", view_func=BookCollection.as_view("books"))
bp.add_url_rule("/books/<ObjectId:book_id>", view_func=BookItem.as_view("book"))
bp.add_url_rule("/books/<ObjectId:book_id>/reviews", view_func=ReviewCollection.as_view("reviews"))
