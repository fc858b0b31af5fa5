"""The pages of the site."""

from flask import Blueprint, request, url_for
from markupsafe import escape

bp = Blueprint("pages", __name__)

MAX_TITLE_LENGTH = 200

# TODO (lesson 02, step 1): turn every view below into one that returns
# render_template("NAME.html", ...) with a template from starter_app/templates/.
# index.html and about.html are ready; finish hello.html, suggest.html and 404.html.
# Import render_template from flask (and drop escape: templates escape for you).


@bp.get("/")
def index():
    """The home page."""
    return f"""<!doctype html>
<title>Bookshelf</title>
<h1>Bookshelf</h1>
<p>Welcome! This app grows with every lesson of the course.</p>
<ul>
  <li><a href="{url_for("pages.about")}">About Bookshelf</a></li>
  <li><a href="{url_for("pages.suggest")}">Suggest a book</a></li>
  <li><a href="{url_for("health.health")}">Is the database up?</a></li>
</ul>
"""


@bp.get("/about")
def about():
    """What the site is."""
    return f"""<!doctype html>
<title>About Bookshelf</title>
<h1>About Bookshelf</h1>
<p>Bookshelf is a small catalogue of books and their reviews, built with Flask and MongoDB.</p>
<p><a href="{url_for("pages.index")}">Home</a></p>
"""


@bp.get("/hello/<name>")
def hello(name: str):
    """Greet the visitor by the name in the URL."""
    return f"<!doctype html><title>Hello</title><h1>Hello, {escape(name)}!</h1>"


@bp.route("/suggest", methods=["GET", "POST"])
def suggest():
    """Ask for a book suggestion, and thank the visitor for it."""
    if request.method == "GET":
        return """<!doctype html>
<title>Suggest a book</title>
<h1>Suggest a book</h1>
<form method="post">
  <label>Title <input name="title" maxlength="200" required></label>
  <button>Send</button>
</form>
"""
    title = (request.form.get("title") or "").strip()
    if not title or len(title) > MAX_TITLE_LENGTH:
        # TODO (lesson 02, step 4): render suggest.html again, with status 400, passing
        # the typed title and an error message, so the visitor sees what is wrong and
        # does not have to type the title again.
        return "<p>Please give a title of 1 to 200 characters.</p>", 400
    return (
        f"<!doctype html><title>Thank you</title><p>Thanks! We will consider {escape(title)}.</p>"
    )


@bp.app_errorhandler(404)
def page_not_found(error):
    """A friendly page for addresses that do not exist."""
    home = url_for("pages.index")
    return f'<h1>Page not found</h1><p><a href="{home}">Back to the home page</a></p>', 404
