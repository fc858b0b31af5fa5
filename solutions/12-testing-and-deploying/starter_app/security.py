"""Production safety: no start without a real secret key, security headers on every answer,
a trusted proxy's word on HTTPS, and an error page that gives nothing away."""

import contextlib

from flask import Flask, render_template, request
from flask.helpers import get_debug_flag
from werkzeug.exceptions import ClientDisconnected, InternalServerError, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import LimitedStream

# Keys that appear in this course's files: known to everyone, so no protection at all.
KNOWN_KEYS = {"", "dev", "dev-only-change-me", "test-secret-key", "change-me"}
MIN_KEY_LENGTH = 32
MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_hex(32))"'

# What is left of a request's body is read, up to this much, before the answer goes out.
UNREAD_BODY_READ = 16 * 1024 * 1024
CHUNK = 64 * 1024

HEADERS = {
    "X-Content-Type-Options": "nosniff",  # a file is what its Content-Type says, nothing else
    "X-Frame-Options": "DENY",  # no other site may show our pages in a frame (clickjacking)
    "Referrer-Policy": "same-origin",  # our addresses (with their ids) stay with us
}


def check_secret_key(app: Flask) -> None:
    """Refuse to start in production with a missing, known or short SECRET_KEY."""
    if not app.config["PRODUCTION"]:
        return
    key = str(app.config.get("SECRET_KEY") or "")
    if key in KNOWN_KEYS or len(key) < MIN_KEY_LENGTH:
        # Anyone who knows the key can sign a session cookie and log in as anyone.
        raise RuntimeError(
            f"PRODUCTION is on, but SECRET_KEY is missing, known or shorter than "
            f"{MIN_KEY_LENGTH} characters. Make one with {MAKE_A_KEY} and set it in the "
            "environment (the same key for every worker)."
        )


def check_debugger(app: Flask) -> None:
    """Refuse to start in production when the debugger is asked for. `flask run --debug`
    (or FLASK_DEBUG=1) turns it on after create_app returns, so DEBUG = False alone would
    not keep it off."""
    if app.config["PRODUCTION"] and get_debug_flag():
        raise RuntimeError(
            "PRODUCTION is on, but the debugger is asked for (FLASK_DEBUG=1, or "
            "`flask run --debug`): it runs any code typed into an error page. Unset "
            "FLASK_DEBUG and leave out --debug."
        )


def init_app(app: Flask) -> None:
    """Apply the production settings, and the headers and error page everywhere."""
    check_secret_key(app)
    check_debugger(app)
    if app.config["PRODUCTION"]:
        app.config["DEBUG"] = False  # the debugger runs any code typed into the browser
    if app.config["PROXY_COUNT"]:
        # Believe X-Forwarded-For/-Proto from that many proxies, so the app knows the
        # visitor's address and that the request came over HTTPS (url_for, Secure cookies).
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    @app.after_request
    def security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.after_request(read_the_rest_of_the_body)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        """A plain apology: the details go to the log, never to the visitor."""
        return render_template("500.html"), 500


def read_the_rest_of_the_body(response):
    """Read what the client is still sending (up to UNREAD_BODY_READ) before answering.

    Some answers come before the body was read: a 413 (too big), a 404, a login redirect, a
    401 from the API. A server that answers then and closes the connection with data still
    arriving makes the operating system reset it, and the browser or API client sees
    "connection reset" instead of the answer. Past the bound, the reset is the lesser evil.
    """
    length = request.content_length or 0
    if not 0 < length <= UNREAD_BODY_READ:
        return response
    try:
        stream = request.stream  # werkzeug's: it knows what the view has read already
    except RequestEntityTooLarge:  # over MAX_CONTENT_LENGTH, so nothing has read from it
        stream = LimitedStream(request.environ["wsgi.input"], length)
    with contextlib.suppress(OSError, ClientDisconnected):  # gone: nobody left to answer
        while stream.read(CHUNK):
            pass
    return response
