"""The pages of the site."""

from flask import Blueprint

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    """The home page."""
    return """<!doctype html>
<title>Bookshelf</title>
<h1>Bookshelf</h1>
<p>Welcome! This app grows with every lesson of the course.</p>
<p>Start with <code>lessons/00-getting-started/README.md</code>.</p>
<p><a href="/health">Is the database up?</a></p>
"""
