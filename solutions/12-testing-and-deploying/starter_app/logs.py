"""Logging: one line per event, with time, level and where it came from, to stderr."""

import logging
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app, has_request_context, request

FORMAT = "%(asctime)s %(levelname)s %(name)s %(where)s%(message)s"
LOGIN_VIEWS = {"auth.login", "api.log_in"}  # the login form, and the API's JSON login


class RequestInfo(logging.Filter):
    """Adds the request's method, path and visitor address to each line logged in one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.where = (
            f"[{request.method} {request.path} from {request.remote_addr}] "
            if has_request_context()
            else ""
        )
        return True


def configure_logging(app: Flask) -> None:
    """Send the app's log to stderr (gunicorn and systemd collect it) at LOG_LEVEL."""
    level = app.config["LOG_LEVEL"]
    if not isinstance(logging.getLevelName(level), int):  # an unknown name gives a str
        raise RuntimeError(f"LOG_LEVEL={level!r}: use DEBUG, INFO, WARNING or ERROR.")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RequestInfo())
    app.logger.handlers[:] = [handler]  # instead of Flask's default handler, not besides it
    app.logger.setLevel(level)
    app.after_request(log_failed_logins)


def log_failed_logins(response):
    """A refused login is a warning: who tried (never with which password)."""
    refused = request.method == "POST" and response.status_code in (400, 401)
    if refused and request.endpoint in LOGIN_VIEWS:
        sent = request.get_json(silent=True) if request.is_json else request.form
        username = sent.get("username") if isinstance(sent, dict) else None
        # %r, and only a string: a name with a newline cannot forge a second log line.
        shown = username if isinstance(username, str) else "(not a name)"
        current_app.logger.warning("Failed login for %r.", shown)
    return response


def without_password(uri: str) -> str:
    """A database URI fit for a log: mongodb://user:***@host/db, never the password."""
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))
