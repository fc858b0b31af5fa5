"""The books: the list (sorted, filtered, a page at a time), a page for each, a form to add one."""

from datetime import datetime, timezone

from bson import ObjectId
from flask import Blueprint, flash, redirect, render_template, request, url_for

from .db import get_db
from .forms import BookForm

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
    book = get_db().books.find_one_or_404({"_id": book_id})
    return render_template("books/book.html", book=book)


@bp.get("/books/new")
def add_book_form():
    """The empty form to add a book."""
    return render_template("books/form.html", form=BookForm())


@bp.post("/books/new")
def add_book():
    """Store a valid book and go to its page; else show the form again with its errors."""
    # Only posted form fields fill the form in: a JSON body never counts as one.
    form = BookForm(request.form)
    if not form.validate():
        return render_template("books/form.html", form=form), 400
    document = form.to_document()
    document["created_at"] = datetime.now(timezone.utc)
    result = get_db().books.insert_one(document)
    flash(f"Book added: {document['title']}", "success")
    # 303 See Other: the browser fetches the book's page, so a reload does not post again.
    return redirect(url_for(".show_book", book_id=result.inserted_id), 303)
