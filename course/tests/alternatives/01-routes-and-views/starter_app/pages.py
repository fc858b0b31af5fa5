"""The pages of the site, each wrapped in one small shared layout."""

from flask import Blueprint, Response, request, url_for
from markupsafe import Markup
from werkzeug.exceptions import NotFound

bp = Blueprint("pages", __name__)

TITLE_LIMIT = 200

# Markup.format escapes every value that is not Markup itself, so text from a visitor
# can go into {heading} or {body} pieces without ever becoming HTML.
LAYOUT = Markup("""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{heading} · Bookshelf</title>
</head>
<body>
  <h1>{heading}</h1>
  {body}
  <footer><a href="{home}">Bookshelf home page</a></footer>
</body>
</html>
""")


def render_page(heading: str, body: Markup, status: int = 200) -> Response:
    """A whole HTML page: the layout around a heading and a body."""
    page = LAYOUT.format(heading=heading, body=body, home=url_for("pages.index"))
    return Response(page, status=status, mimetype="text/html")


@bp.route("/")
def index():
    """The home page, with a menu of the other pages."""
    entry = Markup('<li><a href="{}">{}</a></li>')
    menu = Markup("").join(
        entry.format(url_for(endpoint), label)
        for endpoint, label in [
            ("pages.about", "What is Bookshelf?"),
            ("pages.suggest", "Suggest a title"),
            ("health.health", "Database status"),
        ]
    )
    body = Markup(
        "<p>A small catalogue of books that grows with every lesson.</p><nav><ol>{}</ol></nav>"
    )
    return render_page("Welcome to Bookshelf", body.format(menu))


@bp.route("/about")
def about():
    """A few words on what the site is for."""
    return render_page(
        "What is Bookshelf?",
        Markup(
            "<p>Bookshelf is a catalogue of books and what readers think of them. "
            "It runs on Flask and keeps its data in MongoDB.</p>"
        ),
    )


@bp.route("/hello/<name>")
def hello(name: str):
    """A greeting for the name given in the address."""
    return render_page("Greetings", Markup("<p>Hello, <strong>{}</strong>!</p>").format(name))


@bp.route("/suggest")
def suggest():
    """The form a visitor fills in to suggest a book."""
    return render_page(
        "Suggest a title",
        Markup(
            '<form method="post" action="{}">'
            '<p><label for="suggested">Book title</label> '
            '<input type="text" id="suggested" name="title" maxlength="{}" required></p>'
            '<p><input type="submit" value="Suggest it"></p>'
            "</form>"
        ).format(url_for("pages.suggest"), TITLE_LIMIT),
    )


@bp.route("/suggest", methods=["POST"])
def receive_suggestion():
    """Thank the visitor for a title, or refuse a missing, blank or too long one."""
    title = request.form.get("title", "").strip()
    if not 1 <= len(title) <= TITLE_LIMIT:
        refusal = Markup("<p>Please type a title, at most {} characters long.</p>")
        return render_page("Suggestion refused", refusal.format(TITLE_LIMIT), status=400)
    thanks = Markup("<p>Thank you: <em>{}</em> is on our list to consider.</p>")
    return render_page("Suggestion received", thanks.format(title))


@bp.app_errorhandler(NotFound)
def not_found(error: NotFound):
    """Any unknown address: say so, and point back home."""
    body = Markup('<p>Nothing here. Sorry! Try the <a href="{}">home page</a>.</p>')
    return render_page("Not found", body.format(url_for("pages.index")), status=error.code)
