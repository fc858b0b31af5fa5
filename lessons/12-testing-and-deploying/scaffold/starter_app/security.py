"""Production safety: no start without a real secret key, security headers on every answer,
a trusted proxy's word on HTTPS, and an error page that gives nothing away."""

import contextlib

from flask import Flask, render_template, request
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


# TODO (lesson 12, step 3): check_secret_key(app). When app.config["PRODUCTION"] is on and
# the key (str(app.config.get("SECRET_KEY") or "")) is in KNOWN_KEYS or shorter than
# MIN_KEY_LENGTH, raise RuntimeError with a message that names SECRET_KEY and says how to
# make one (MAKE_A_KEY). Anyone who knows the key can sign a cookie and log in as anyone.


def init_app(app: Flask) -> None:
    """Apply the production settings, and the headers and error page everywhere."""
    # TODO (lesson 12, step 3): check_secret_key(app); then, in production, refuse to start
    # when the debugger is asked for (flask.helpers.get_debug_flag(): FLASK_DEBUG=1, or
    # `flask run --debug`, turns it on after create_app returns) with a RuntimeError that
    # says so, and set app.config["DEBUG"] = False (the debugger runs any code typed into
    # the browser).
    if app.config["PROXY_COUNT"]:
        # Believe X-Forwarded-For/-Proto from that many proxies, so the app knows the
        # visitor's address and that the request came over HTTPS (url_for, Secure cookies).
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    # TODO (lesson 12, step 6): an @app.after_request function that sets each of HEADERS on
    # every response (response.headers.setdefault(name, value)) and returns the response.

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
