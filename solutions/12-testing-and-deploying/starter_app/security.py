"""Production safety: no start without a real secret key, security headers on every answer,
a trusted proxy's word on HTTPS, and an error page that gives nothing away."""

from flask import Flask, render_template, request
from werkzeug.exceptions import InternalServerError
from werkzeug.middleware.proxy_fix import ProxyFix

# Keys that appear in this course's files: known to everyone, so no protection at all.
KNOWN_KEYS = {"", "dev", "dev-only-change-me", "test-secret-key", "change-me"}
MIN_KEY_LENGTH = 32
MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_hex(32))"'

# A refused upload is read to its end, up to this much, before the 413 goes out (see below).
REFUSED_UPLOAD_READ = 16 * 1024 * 1024
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


def init_app(app: Flask) -> None:
    """Apply the production settings, and the headers and error page everywhere."""
    check_secret_key(app)
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

    app.after_request(read_the_rest_of_a_refused_upload)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        """A plain apology: the details go to the log, never to the visitor."""
        return render_template("500.html"), 500


def read_the_rest_of_a_refused_upload(response):
    """After a 413, read what the client is still sending (up to REFUSED_UPLOAD_READ).

    A server that answers before the body has arrived and then closes the connection makes
    the operating system reset it, and the browser shows "connection reset" instead of the
    413 page. Reading the rest first lets the answer arrive; past the bound, the reset is
    the lesser evil.
    """
    length = request.content_length or 0
    if response.status_code == 413 and 0 < length <= REFUSED_UPLOAD_READ:
        stream = request.environ["wsgi.input"]
        while length > 0 and (chunk := stream.read(min(CHUNK, length))):
            length -= len(chunk)
    return response
