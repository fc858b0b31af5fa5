"""The app's log: one line per event on stderr, at LOG_LEVEL, never with a secret in it."""

import logging
import sys
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request

FORMAT = "%(asctime)s %(levelname)s %(name)s %(request_line)s%(message)s"
# The two ways to log in: the form, and the API's JSON session.
LOGIN_ENDPOINTS = frozenset({"auth.login", "api.log_in"})
REFUSED = frozenset({400, 401})
LONGEST_NAME = 100  # characters of a username written to the log


class RequestFormatter(logging.Formatter):
    """Writes "[METHOD /path from address]" before a message logged during a request."""

    def format(self, record: logging.LogRecord) -> str:
        record.request_line = (
            f"[{request.method} {request.path} from {request.remote_addr}] "
            if has_request_context()
            else ""
        )
        return super().format(record)


def configure_logging(app: Flask) -> None:
    """Write the app's log to stderr (where gunicorn, Docker and systemd read it) at
    LOG_LEVEL, and warn of every refused login."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RequestFormatter(FORMAT))
    for old in list(app.logger.handlers):  # Flask's own, or one from an earlier app
        app.logger.removeHandler(old)
    app.logger.addHandler(handler)
    app.logger.setLevel(app.config["LOG_LEVEL"])
    app.after_request(warn_of_refused_logins)


def warn_of_refused_logins(response):
    """After each answer: a refused login is a warning that names the username tried."""
    tried_to_log_in = request.method == "POST" and request.endpoint in LOGIN_ENDPOINTS
    if tried_to_log_in and response.status_code in REFUSED:
        current_app.logger.warning("Failed login for %r.", username_sent())
    return response


def username_sent() -> str:
    """The username of the login form or JSON body, cut short; the password is never read."""
    sent = request.get_json(silent=True) if request.is_json else request.form
    name = sent.get("username") if hasattr(sent, "get") else None
    # Logged with %r: a newline in the name cannot start a forged line of its own.
    return name[:LONGEST_NAME] if isinstance(name, str) else "(no username)"


def without_password(uri: str) -> str:
    """The database URI as the log may show it: mongodb://user:***@host/db."""
    password = urlsplit(uri).password
    if password is None:
        return uri
    # The first ":password@" is the one after the username: neither may hold ":" or "@".
    return uri.replace(f":{password}@", ":***@", 1)
