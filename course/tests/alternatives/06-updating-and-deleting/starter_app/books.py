"""The books: the list (sorted, filtered, a page at a time), each book's page, adding a
book, correcting one and, once confirmed, deleting it."""

from datetime import datetime, timezone

from bson import ObjectId
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .db import get_db
from .forms import BookForm
from .reviews import book_page

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
LIST_ARGS = ("genre", "author", "sort", "per_page")


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


@bp.app_template_global()
def list_url(**changes) -> str:
    """The address of the book list with the current choices, some of them changed."""
    args = {name: request.args[name] for name in LIST_ARGS if request.args.get(name)}
    args.update(changes)
    return url_for("books.list_books", **{k: v for k, v in args.items() if v})


@bp.get("/books")
def list_books():
    """The books, sorted, filtered and a page at a time."""
    filters = book_filter()
    sort = request.args.get("sort", "title")
    if sort not in SORTS:
        sort = "title"
    per_page = min(max(int_arg("per_page", PER_PAGE), 1), MAX_PER_PAGE)
    total = get_db().books.count_documents(filters)
    last_page = max((total + per_page - 1) // per_page, 1)
    # Clamped, so a huge ?page= never reaches the database as a huge skip.
    page = min(max(int_arg("page", 1), 1), last_page)
    books = (
        get_db()
        .books.find(filters, LIST_FIELDS)
        .sort(SORTS[sort])
        .skip((page - 1) * per_page)
        .limit(per_page)
    )
    return render_template(
        "books/list.html", books=list(books), total=total, filters=filters, sort=sort,
        sorts=SORTS, page=page, last_page=last_page, first=(page - 1) * per_page + 1,
    )  # fmt: skip


@bp.get("/books/<ObjectId:book_id>")
def show_book(book_id: ObjectId):
    """One book, by its id; the converter and find_one_or_404 answer 404 for no such book."""
    return book_page(get_db().books.find_one_or_404({"_id": book_id}))


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


def render_edit_form(book: dict, form: BookForm):
    """The book form, titled after the book, with a way back to its page."""
    return render_template(
        "books/form.html",
        form=form,
        heading=f"Correct “{book['title']}”",
        cancel_url=url_for("books.show_book", book_id=book["_id"]),
    )


@bp.get("/books/<ObjectId:book_id>/edit")
def edit_book(book_id: ObjectId):
    """The form filled in with what is stored for the book."""
    book = get_db().books.find_one_or_404({"_id": book_id})
    return render_edit_form(book, BookForm(data=book))


@bp.post("/books/<ObjectId:book_id>/edit")
def update_book(book_id: ObjectId):
    """Save the form's fields that differ from the stored book; nothing else is touched."""
    book = get_db().books.find_one_or_404({"_id": book_id})
    form = BookForm(data=book)
    if not form.validate_on_submit():
        return render_edit_form(book, form), 400
    changes = {name: value for name, value in form.book_fields().items() if book.get(name) != value}
    if changes:
        get_db().books.update_one({"_id": book_id}, {"$set": changes})
    flash(f"Book updated ({', '.join(changes) or 'nothing changed'}).")
    return redirect(url_for("books.show_book", book_id=book_id), 303)


@bp.get("/books/<ObjectId:book_id>/delete")
def confirm_delete(book_id: ObjectId):
    """Ask first: following a link must never delete anything."""
    book = get_db().books.find_one_or_404({"_id": book_id})
    return render_template("books/delete.html", book=book)


@bp.post("/books/<ObjectId:book_id>/delete")
def delete_book(book_id: ObjectId):
    """Delete the book the confirmation form was sent for, then go back to the list."""
    gone = get_db().books.find_one_and_delete({"_id": book_id}, projection={"title": 1})
    if gone is None:
        abort(404)
    flash(f"Book deleted: “{gone['title']}” is off the shelf.")
    return redirect(url_for("books.list_books"), 303)
