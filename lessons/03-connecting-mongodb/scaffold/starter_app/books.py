"""The books: the list of books on the shelf."""

from flask import Blueprint, render_template

from .db import load_sample_books

bp = Blueprint("books", __name__)

# In memory for now: read once when the app starts. Lesson 03 moves the books to MongoDB.
BOOKS = load_sample_books()


@bp.get("/books")
def list_books():
    """Every book on the shelf."""
    # TODO (lesson 03, step 1): read the books from the `books` collection on every
    # request: list(get_db().books.find()) (import get_db from .db), then delete BOOKS
    # and the load_sample_books import above.
    return render_template("books/list.html", books=BOOKS)
