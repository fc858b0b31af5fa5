"""The explore page: served by Flask, drawn in the browser by static/explore.js."""

from flask import Blueprint, render_template

bp = Blueprint("frontend", __name__)

# What the browser may load on this blueprint's pages: files of this site, nothing else.
# No inline script, no eval, no CDN; forms post here only and no other site may frame us.
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
CSP_HEADER = "; ".join(f"{directive} {sources}" for directive, sources in POLICY.items())


@bp.after_request
def add_content_security_policy(response):
    """Every answer of this blueprint carries the policy, whichever view made it."""
    response.headers["Content-Security-Policy"] = CSP_HEADER
    return response


@bp.route("/explore", methods=["GET"])
def explore_page():
    """An empty shell: the script fills it from the JSON API."""
    return render_template("explore.html")
