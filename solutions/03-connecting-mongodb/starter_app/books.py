"""The books: the list of books on the shelf."""

from flask import Blueprint, render_template

from .db import get_db

bp = Blueprint("books", __name__)


@bp.get("/books")
def list_books():
    """Every book on the shelf, from the `books` collection."""
    books = list(get_db().books.find())
    return render_template("books/list.html", books=books)
