"""The books: the list of books on the shelf."""

from flask import Blueprint, render_template

from .db import load_sample_books

bp = Blueprint("books", __name__)

# In memory for now: read once when the app starts. Lesson 03 moves the books to MongoDB.
BOOKS = load_sample_books()


@bp.get("/books")
def list_books():
    """Every book on the shelf."""
    return render_template("books/list.html", books=BOOKS)
