"""The books: the list (sorted, filtered, a page at a time), each book's page, and the
forms to add, edit and delete a book."""

import re
from datetime import datetime, timezone

from bson import ObjectId
from flask import Blueprint, flash, redirect, render_template, request, url_for
from pymongo.errors import DuplicateKeyError

from .auth import current_user, login_required, require_owner
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
# Query string values that links to other pages of the list keep.
LIST_ARGS = ("q", "genre", "author", "sort", "per_page")
# Longer searches are cut: nobody types more, and a huge pattern costs the database time.
MAX_SEARCH_LENGTH = 100


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


def search_text() -> str:
    """What the visitor searches for (?q=), without spaces around it, at most 100 characters."""
    # Without NUL characters: MongoDB refuses a pattern that holds one (an error, not "no
    # books"), and nobody searches for one.
    return request.args.get("q", "").replace("\0", "").strip()[:MAX_SEARCH_LENGTH]


def search_filter(text: str) -> dict:
    """Books whose title or author contains `text`, ignoring case; {} when it is empty."""
    if not text:
        return {}
    # re.escape: "a.c" means those three characters, not a pattern ("." is any character).
    pattern = {"$regex": re.escape(text), "$options": "i"}
    return {"$or": [{"title": pattern}, {"author": pattern}]}


@bp.app_template_global()
def list_url(**changes) -> str:
    """The address of the book list with the current choices, some of them changed."""
    args = {name: request.args[name] for name in LIST_ARGS if request.args.get(name)}
    args.update(changes)
    return url_for("books.list_books", **{k: v for k, v in args.items() if v})


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
    """The books, sorted, filtered and a page at a time."""
    filters, search = book_filter(), search_text()
    found = find_page({**filters, **search_filter(search)})
    first = (found["page"] - 1) * found["per_page"] + 1
    return render_template(
        "books/list.html", **found, filters=filters, search=search, sorts=SORTS,
        last_page=found["pages"], first=first,
    )  # fmt: skip


@bp.get("/books/<ObjectId:book_id>")
def show_book(book_id: ObjectId):
    """One book, by its id; the converter and find_one_or_404 answer 404 for no such book."""
    book = get_db().books.find_one_or_404({"_id": book_id})
    # The review form only for a reader who may send it: for a visitor, its CSRF token would
    # start a session (a cookie) on every page view.
    review_form = ReviewForm() if current_user() else None
    return render_template("books/book.html", book=book, review_form=review_form)


@bp.route("/books/new", methods=["GET", "POST"])
@login_required
def new_book():
    """A form to add a book; once it is valid and its ISBN is free, store it and show it."""
    form = BookForm()
    if form.validate_on_submit():
        book = {**form.document(), "reviews": [], "created_at": datetime.now(timezone.utc)}
        book["owner"] = current_user()["_id"]  # from the session, never from the form
        try:
            book_id = get_db().books.insert_one(book).inserted_id
        except DuplicateKeyError:  # only the unique index can tell, without a race
            form.isbn_is_taken()
        else:
            flash(f"Book added: {book['title']}.")
            # Post/Redirect/Get: reloading the next page does not send the form again.
            return redirect(url_for("books.show_book", book_id=book_id), code=303)
    # A refused form comes back with its errors and what was typed (400: not saved).
    status = 400 if form.is_submitted() else 200
    return render_template("books/form.html", form=form, heading="Add a book"), status


@bp.route("/books/<ObjectId:book_id>/edit", methods=["GET", "POST"])
@login_required
def edit_book(book_id: ObjectId):
    """The form to change a book, filled in; only the form's fields are ever updated."""
    book = get_db().books.find_one_or_404({"_id": book_id})
    require_owner(book)
    form = BookForm(data=book)
    if form.validate_on_submit():
        # MongoDB stamps updated_at itself; _id, reviews and created_at stay as they are.
        update = {**form.changes(), "$currentDate": {"updated_at": True}}
        try:
            get_db().books.update_one({"_id": book_id}, update)
        except DuplicateKeyError:
            form.isbn_is_taken()
        else:
            flash(f"Book updated: {form.title.data}.")
            return redirect(url_for("books.show_book", book_id=book_id), code=303)
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "books/form.html", form=form, heading=f"Edit {book['title']}",
        cancel_url=url_for("books.show_book", book_id=book_id),
    )  # fmt: skip
    return page, status


@bp.route("/books/<ObjectId:book_id>/delete", methods=["GET", "POST"])
@login_required
def delete_book(book_id: ObjectId):
    """GET asks to confirm; only a POST (from that page's form) deletes the book."""
    book = get_db().books.find_one_or_404({"_id": book_id}, {"title": 1, "owner": 1})
    require_owner(book)
    if request.method == "GET":
        return render_template("books/delete.html", book=book)
    get_db().books.delete_one({"_id": book_id})
    flash(f"Book deleted: {book['title']}.")
    return redirect(url_for("books.list_books"), code=303)
