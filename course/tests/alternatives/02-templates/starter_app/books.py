"""The shelf: every book, kept in memory until lesson 03 moves it to MongoDB."""

from operator import itemgetter

from flask import Blueprint, render_template

from .db import load_sample_books

bp = Blueprint("books", __name__, url_prefix="/books")

# Read once, when the app starts, and kept in alphabetical order of title.
SHELF = sorted(load_sample_books(), key=itemgetter("title"))


@bp.route("")
def list_books():
    """The whole shelf, as a table."""
    return render_template("books/list.html", shelf=SHELF)
