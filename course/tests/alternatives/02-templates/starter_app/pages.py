"""The pages of the site, rendered from the templates in starter_app/templates/."""

from flask import Blueprint, render_template, request
from werkzeug.exceptions import NotFound

bp = Blueprint("pages", __name__)

TITLE_LIMIT = 200


@bp.route("/")
def index():
    """The home page."""
    return render_template("index.html")


@bp.route("/about")
def about():
    """What Bookshelf is."""
    return render_template("about.html")


@bp.route("/hello/<name>")
def hello(name: str):
    """Greet the visitor by the name in the address."""
    return render_template("hello.html", visitor=name)


@bp.route("/suggest")
def suggest():
    """The empty suggestion form."""
    return render_template("suggest.html", limit=TITLE_LIMIT)


@bp.route("/suggest", methods=["POST"])
def receive_suggestion():
    """Thank the visitor for a title; show a refused one again, saying what is wrong."""
    title = request.form.get("title", "").strip()
    problem = title_problem(title)
    if problem:
        page = render_template("suggest.html", limit=TITLE_LIMIT, typed=title, problem=problem)
        return page, 400
    return render_template("suggest_thanks.html", title=title)


def title_problem(title: str) -> str | None:
    """Why a suggested title cannot be taken, or None when it can."""
    if not title:
        return "Type the title of the book you would like to find here."
    if len(title) > TITLE_LIMIT:
        return f"That title has {len(title)} characters; the limit is {TITLE_LIMIT}."
    return None


@bp.app_errorhandler(NotFound)
def not_found(error: NotFound):
    """Any unknown address: name it, and point the way back."""
    return render_template("404.html", path=request.path), error.code
