"""Production safety: a real secret key and no debugger or no start, security headers on
every answer, a trusted proxy's word on HTTPS, and an error page that gives nothing away."""

import contextlib

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import ClientDisconnected, InternalServerError, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import LimitedStream

# Keys printed in this course's files (.env.example, the tests): anyone can sign with them.
PUBLISHED_KEYS = frozenset({"dev", "dev-only-change-me", "test-secret-key", "change-me"})
MIN_KEY_LENGTH = 32
MIN_DIFFERENT_CHARACTERS = 8  # "aaaa…" is long, and guessed at once
MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_hex(32))"'

# What is left of a request's body is read, up to this much, before the answer goes out.
UNREAD_BODY_READ = 16 * 1024 * 1024
CHUNK = 64 * 1024

HEADERS = {
    "X-Content-Type-Options": "nosniff",  # a file is what its Content-Type says, nothing else
    "Referrer-Policy": "same-origin",  # our addresses (with their ids) stay with us
}
# No site may show our pages in a frame (clickjacking). A policy of its own: the browser
# enforces every Content-Security-Policy header, so a page's own policy (/explore) stays.
NO_FRAMING = "frame-ancestors 'none'"
# Over HTTPS in production: the browser uses nothing else for this site for a year.
STRICT_TRANSPORT = "max-age=31536000"


def secret_key_problem(key: object) -> str | None:
    """What makes this SECRET_KEY unfit for production, or None when nothing does."""
    key = str(key or "")
    if not key:
        return "is not set"
    if key in PUBLISHED_KEYS:
        return "is one printed in this course's files"
    if len(key) < MIN_KEY_LENGTH:
        return f"has {len(key)} characters, fewer than {MIN_KEY_LENGTH}"
    if len(set(key)) < MIN_DIFFERENT_CHARACTERS:
        return f"uses only {len(set(key))} different characters"
    return None


def refuse_unsafe_production(app: Flask) -> None:
    """Stop a production app that anyone could log in to, or run code on, from starting."""
    problem = secret_key_problem(app.config.get("SECRET_KEY"))
    if problem:
        raise RuntimeError(
            f"PRODUCTION is on, but SECRET_KEY {problem}: whoever knows or guesses the key "
            f"can sign a session cookie and log in as anyone. Make a random key with "
            f"{MAKE_A_KEY} and set SECRET_KEY in the environment, the same for every worker."
        )
    if app.debug:
        raise RuntimeError(
            "PRODUCTION is on, but so is the debugger (FLASK_DEBUG, or --debug): it runs any "
            "code typed into an error page. Unset FLASK_DEBUG in production."
        )


def init_app(app: Flask) -> None:
    """Check the production settings; add the headers and the error page everywhere."""
    if app.config["PRODUCTION"]:
        refuse_unsafe_production(app)
    if app.config["PROXY_COUNT"]:
        # Believe X-Forwarded-For/-Proto from that many proxies, so the app knows the
        # visitor's address and that the request came over HTTPS (url_for, Secure cookies).
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    app.after_request(add_security_headers)
    app.after_request(read_the_rest_of_the_body)
    app.register_error_handler(InternalServerError, apologise)


def add_security_headers(response):
    """The headers that tell the browser to be careful with what we send."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.add("Content-Security-Policy", NO_FRAMING)
    if request.is_secure and current_app.config["PRODUCTION"]:
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT)
    return response


def apologise(error):
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
