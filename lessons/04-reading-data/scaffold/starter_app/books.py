"""The books: the list (sorted, filtered, a page at a time) and a page for each book."""

from flask import Blueprint, render_template, request, url_for

from .db import get_db

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
    # TODO (lesson 04, step 3): for each of "genre" and "author", read the value with
    # request.args.get(field, "").strip(); when it is not empty, filters[field] = value.
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
    # TODO (lesson 04, step 2): read ?sort= with request.args.get("sort", "title"), and
    # use "title" when the value is not one of the keys of SORTS.
    sort = "title"
    books = get_db().books.find(filters, LIST_FIELDS)
    # TODO (lesson 04, step 2): sort the cursor: books = books.sort(SORTS[sort])
    total = get_db().books.count_documents(filters)
    page, per_page, last_page = 1, PER_PAGE, 1
    # TODO (lesson 04, step 4): per_page = int_arg("per_page", PER_PAGE), kept between 1 and
    # MAX_PER_PAGE; last_page from total and per_page (at least 1); page = int_arg("page", 1),
    # kept between 1 and last_page. Then books = books.skip(...).limit(per_page).
    return render_template(
        "books/list.html", books=list(books), total=total, filters=filters, sort=sort,
        sorts=SORTS, page=page, last_page=last_page, first=(page - 1) * per_page + 1,
    )  # fmt: skip


# TODO (lesson 04, step 1): add a `show_book` view for GET /books/<ObjectId:book_id>
# (the converter turns the address into an ObjectId, and answers 404 for a malformed one).
# Find the book with get_db().books.find_one_or_404({"_id": book_id}) and render
# templates/books/book.html with it.
