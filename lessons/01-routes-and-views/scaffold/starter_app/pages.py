"""The pages of the site."""

from flask import Blueprint

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    """The home page."""
    # TODO (lesson 01, step 5): link to the about and suggest pages, building each
    # address with url_for("pages.about") and url_for("pages.suggest").
    return """<!doctype html>
<title>Bookshelf</title>
<h1>Bookshelf</h1>
<p>Welcome! This app grows with every lesson of the course.</p>
<p>Start with <code>lessons/00-getting-started/README.md</code>.</p>
<p><a href="/health">Is the database up?</a></p>
"""


# TODO (lesson 01, step 1): add an `about` view for GET /about that returns a short
# HTML page saying what Bookshelf is.


# TODO (lesson 01, step 2): add a `hello` view for GET /hello/<name> that greets the
# visitor by name. Escape the name with markupsafe.escape before you put it in HTML.


# TODO (lesson 01, step 3): add a `suggest` view for /suggest that accepts GET and POST.
# GET shows a form (method="post") with a "title" field. POST reads the title, strips
# spaces, answers 400 when it is empty or longer than 200 characters, and otherwise
# thanks the visitor, naming the book.


# TODO (lesson 01, step 4): register an error handler for 404 with
# @bp.app_errorhandler(404) that returns a friendly "Page not found" page with a link
# back home, and the status code 404.
