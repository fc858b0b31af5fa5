"""The books: the list (sorted, filtered, a page at a time), each book's page, and the
forms to add, edit and delete a book."""

import re
from datetime import datetime, timezone

from bson import ObjectId
from flask import Blueprint, flash, redirect, render_template, request, url_for

from .db import get_db
from .forms import BookForm
from .reviews import ReviewForm

bp = Blueprint("books", __name__)

PER_PAGE = 10
MAX_PER_PAGE = 50
# The orders a visitor may ask for (?sort=...); anything else gets the first one.
SORTS = {
    "title": [("title", 1)],
    "author": [("author", 1), ("title", 1)],
    "year": [("year", -1), ("title", 1)],
}
# The list needs only these fields: no need to fetch descriptions and reviews.
LIST_FIELDS = {"title": 1, "author": 1, "year": 1, "genre": 1}
# The choices a link to another page or order of the list carries over.
KEPT_CHOICES = frozenset({"q", "genre", "author", "sort", "per_page"})
# A search is cut to this many characters: a long pattern only costs the database time.
SEARCH_LIMIT = 100


def int_arg(name: str, default: int) -> int:
    """A whole number from the query string, or the default when it is not one."""
    try:
        return int(request.args.get(name, ""))
    except ValueError:
        return default


def book_filter() -> dict:
    """The MongoDB filter for ?genre= and ?author= (exact matches; empty means any)."""
    filters = {}
    for field in ("genre", "author"):
        value = request.args.get(field, "").strip()
        if value:
            filters[field] = value
    return filters


def searched_words() -> str:
    """The ?q= text, trimmed and cut to SEARCH_LIMIT characters. Control characters become
    spaces: MongoDB refuses a pattern with a NUL in it, and nobody types one on purpose."""
    raw = request.args.get("q", "")
    text = "".join(char if char.isprintable() else " " for char in raw)
    return text.strip()[:SEARCH_LIMIT]


def list_query(filters: dict, words: str) -> dict:
    """The query of the list: the exact filters, and, for a search, books whose title or
    author contains the words in any case (escaped, so "a.c" is not a pattern)."""
    if not words:
        return filters
    literal = re.compile(re.escape(words), re.IGNORECASE)
    return {**filters, "$or": [{"title": literal}, {"author": literal}]}


@bp.app_template_global()
def list_link(**changes) -> str:
    """The address of the book list with the visitor's choices, some changed (None drops one)."""
    choices = {key: value for key, value in request.args.items() if key in KEPT_CHOICES}
    choices.update(changes)
    return url_for("books.list_books", **{key: value for key, value in choices.items() if value})


def find_page(filters: dict) -> dict:
    """One page of the books that match, in the order and page size the query string asks."""
    sort = request.args.get("sort", "title")
    if sort not in SORTS:
        sort = "title"
    per_page = min(max(int_arg("per_page", PER_PAGE), 1), MAX_PER_PAGE)
    total = get_db().books.count_documents(filters)
    pages = max((total + per_page - 1) // per_page, 1)
    # Clamped, so a huge ?page= never reaches the database as a huge skip.
    page = min(max(int_arg("page", 1), 1), pages)
    books = (
        get_db()
        .books.find(filters, LIST_FIELDS)
        .sort(SORTS[sort])
        .skip((page - 1) * per_page)
        .limit(per_page)
    )
    return {"books": list(books), "total": total, "page": page, "pages": pages,
            "per_page": per_page, "sort": sort}  # fmt: skip


@bp.get("/books")
def list_books():
    """The books, searched, filtered, sorted and a page at a time."""
    filters, words = book_filter(), searched_words()
    found = find_page(list_query(filters, words))
    return render_template("books/list.html", **found, filters=filters, words=words, sorts=SORTS)


@bp.get("/books/<ObjectId:book_id>")
def show_book(book_id: ObjectId):
    """One book, by its id; the converter and find_one_or_404 answer 404 for no such book."""
    book = get_db().books.find_one_or_404({"_id": book_id})
    return render_template("books/book.html", book=book, review_form=ReviewForm())


@bp.route("/books/new", methods=["GET", "POST"])
def new_book():
    """A form to add a book; once it is valid, store the book and show its page."""
    form = BookForm()
    if not form.validate_on_submit():
        # A refused form comes back with its errors and what was typed (400: not saved).
        status = 400 if form.is_submitted() else 200
        return render_template("books/form.html", form=form, heading="Add a book"), status
    book = {**form.book_fields(), "reviews": [], "created_at": datetime.now(timezone.utc)}
    book_id = get_db().books.insert_one(book).inserted_id
    flash(f"Book added: {book['title']}.")
    # Post/Redirect/Get: reloading the next page does not send the form again.
    return redirect(url_for("books.show_book", book_id=book_id), code=303)


@bp.route("/books/<ObjectId:book_id>/edit", methods=["GET", "POST"])
def edit_book(book_id: ObjectId):
    """The form to change a book, filled in; only the form's fields are ever updated."""
    book = get_db().books.find_one_or_404({"_id": book_id})
    form = BookForm(data=book)
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        page = render_template(
            "books/form.html", form=form, heading=f"Edit {book['title']}",
            cancel_url=url_for("books.show_book", book_id=book_id),
        )  # fmt: skip
        return page, status
    # $set of the allowed fields only: _id, reviews and anything else stay as they are.
    get_db().books.update_one({"_id": book_id}, {"$set": form.book_fields()})
    flash(f"Book updated: {form.title.data}.")
    return redirect(url_for("books.show_book", book_id=book_id), code=303)


@bp.route("/books/<ObjectId:book_id>/delete", methods=["GET", "POST"])
def delete_book(book_id: ObjectId):
    """GET asks to confirm; only a POST (from that page's form) deletes the book."""
    book = get_db().books.find_one_or_404({"_id": book_id}, {"title": 1})
    if request.method == "GET":
        return render_template("books/delete.html", book=book)
    get_db().books.delete_one({"_id": book_id})
    flash(f"Book deleted: {book['title']}.")
    return redirect(url_for("books.list_books"), code=303)
