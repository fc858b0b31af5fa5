"""Explore: one page whose JavaScript searches and reviews through the JSON API."""

from flask import Blueprint, make_response, render_template  # noqa: F401 (for explore)

bp = Blueprint("explore", __name__)

# Scripts, styles and requests from this site only: no CDN, no inline <script>, no eval.
# If an attacker ever slips HTML into the page, the browser still refuses to run it.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


# TODO (lesson 10, step 1): explore, for GET /explore: render "explore.html" into a response
# (make_response(render_template(...))), set its "Content-Security-Policy" header to
# CONTENT_SECURITY_POLICY, and return it.
