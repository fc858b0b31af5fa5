"""The books: the list of books on the shelf."""

from flask import Blueprint, render_template  # noqa: F401 (you use it in step 3)

from .db import load_sample_books

bp = Blueprint("books", __name__)

# In memory for now: read once when the app starts. Lesson 03 moves the books to MongoDB.
BOOKS = load_sample_books()


# TODO (lesson 02, step 3): add a `list_books` view for GET /books that returns
# render_template("books/list.html", books=BOOKS).
