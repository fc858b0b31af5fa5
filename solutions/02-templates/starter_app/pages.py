"""The pages of the site."""

from flask import Blueprint, render_template, request

bp = Blueprint("pages", __name__)

MAX_TITLE_LENGTH = 200


@bp.get("/")
def index():
    """The home page."""
    return render_template("index.html")


@bp.get("/about")
def about():
    """What the site is."""
    return render_template("about.html")


@bp.get("/hello/<name>")
def hello(name: str):
    """Greet the visitor by the name in the URL."""
    return render_template("hello.html", name=name)


@bp.route("/suggest", methods=["GET", "POST"])
def suggest():
    """Ask for a book suggestion, and thank the visitor for it."""
    if request.method == "GET":
        return render_template("suggest.html", title="", max_length=MAX_TITLE_LENGTH)
    title = (request.form.get("title") or "").strip()
    if not title or len(title) > MAX_TITLE_LENGTH:
        error = f"Please give a title of 1 to {MAX_TITLE_LENGTH} characters."
        # Show the form again with what was typed, so nothing is lost.
        page = render_template(
            "suggest.html", title=title, error=error, max_length=MAX_TITLE_LENGTH
        )
        return page, 400
    return render_template("suggest.html", thanks_for=title)


@bp.app_errorhandler(404)
def page_not_found(error):
    """A friendly page for addresses that do not exist."""
    return render_template("404.html"), 404
