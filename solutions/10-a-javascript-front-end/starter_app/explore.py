"""Explore: one page whose JavaScript searches and reviews through the JSON API."""

from flask import Blueprint, make_response, render_template

bp = Blueprint("explore", __name__)

# Scripts, styles and requests from this site only: no CDN, no inline <script>, no eval.
# If an attacker ever slips HTML into the page, the browser still refuses to run it.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


@bp.get("/explore")
def explore():
    """The page; static/explore.js does the rest in the browser."""
    response = make_response(render_template("explore.html"))
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response
