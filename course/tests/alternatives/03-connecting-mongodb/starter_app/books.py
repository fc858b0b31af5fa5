"""Book pages, read from the `books` collection of the database."""

from flask import Blueprint, render_template

from . import db

bp = Blueprint("books", __name__, url_prefix="/books")


@bp.route("", methods=["GET"])
def list_books():
    """The shelf as it is right now: asked of MongoDB on every request."""
    shelf = db.get_db()["books"].find()
    return render_template("books/list.html", books=[*shelf])
