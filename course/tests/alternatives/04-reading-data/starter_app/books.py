"""Books: the catalogue (ordered, filtered, paged) and a page for every book."""

import math

from bson import ObjectId
from flask import Blueprint, abort, render_template, request, url_for

from .db import get_db

bp = Blueprint("books", __name__, url_prefix="/books")

DEFAULT_PAGE_SIZE = 10
LARGEST_PAGE_SIZE = 50
DEFAULT_ORDER = "title"
# The orders a visitor may choose with ?sort=, as MongoDB sort keys.
ORDERS = {
    "title": [("title", 1)],
    "author": [("author", 1), ("title", 1)],
    "year": [("year", -1), ("title", 1)],
}
# The catalogue shows only these fields, so only these are fetched.
SUMMARY_FIELDS = ["title", "author", "year", "genre"]
FILTER_FIELDS = ("genre", "author")


def clamp(value: int, lowest: int, highest: int) -> int:
    """The value, moved into the range lowest..highest."""
    return max(lowest, min(value, highest))


def requested_filters() -> dict[str, str]:
    """Exact matches for ?genre= and ?author=, read as plain text; blank ones are left out."""
    wanted = {field: request.args.get(field, "").strip() for field in FILTER_FIELDS}
    return {field: value for field, value in wanted.items() if value}


@bp.route("", methods=["GET"])
def list_books():
    """One page of the catalogue, in the order and with the filters the visitor chose."""
    wanted = requested_filters()
    order = request.args.get("sort", DEFAULT_ORDER)
    if order not in ORDERS:
        order = DEFAULT_ORDER
    # type=int gives the default for anything that is not a whole number.
    size = request.args.get("per_page", DEFAULT_PAGE_SIZE, type=int)
    size = clamp(size, 1, LARGEST_PAGE_SIZE)

    collection = get_db().books
    total = collection.count_documents(wanted)
    page_count = max(1, math.ceil(total / size))
    current = clamp(request.args.get("page", 1, type=int), 1, page_count)
    books = collection.find(
        wanted,
        projection=SUMMARY_FIELDS,
        sort=ORDERS[order],
        skip=(current - 1) * size,
        limit=size,
    )

    # What links to other pages keep: the filters, and the order and size when not the defaults.
    keep = dict(wanted)
    if order != DEFAULT_ORDER:
        keep["sort"] = order
    if size != DEFAULT_PAGE_SIZE:
        keep["per_page"] = size

    def page_href(number: int) -> str | None:
        """The address of another page of this list, or None when there is no such page."""
        if 1 <= number <= page_count:
            return url_for(".list_books", page=number, **keep)
        return None

    return render_template(
        "books/list.html",
        books=list(books),
        total=total,
        wanted=wanted,
        keep=keep,
        order=order,
        orders=list(ORDERS),
        current=current,
        page_count=page_count,
        offset=(current - 1) * size,
        prev_href=page_href(current - 1),
        next_href=page_href(current + 1),
    )


@bp.route("/<book_id>", methods=["GET"])
def book_page(book_id: str):
    """One book, by the id in the address; anything that names no book is a 404."""
    if not ObjectId.is_valid(book_id):
        abort(404)
    book = next(get_db().books.find({"_id": ObjectId(book_id)}).limit(1), None)
    if book is None:
        abort(404)
    return render_template("books/book.html", book=book)
