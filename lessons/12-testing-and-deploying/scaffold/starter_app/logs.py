"""Logging: one line per event, with time, level and where it came from, to stderr."""

import logging
from urllib.parse import urlsplit, urlunsplit  # noqa: F401 (for without_password)

from flask import has_request_context, request

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


# TODO (lesson 12, step 5): configure_logging(app). level = app.config["LOG_LEVEL"]; refuse
# an unknown one (logging.getLevelName(level) gives a str for those) with a RuntimeError
# that lists DEBUG, INFO, WARNING and ERROR. Make a logging.StreamHandler() (stderr) with
# logging.Formatter(FORMAT) and the RequestInfo() filter; make it app.logger's only handler
# (app.logger.handlers[:] = [handler]), and app.logger.setLevel(level). Last,
# app.after_request(log_failed_logins).

# TODO (lesson 12, step 5): log_failed_logins(response), run after every request: when it
# was a POST to one of LOGIN_VIEWS (request.endpoint) answered 400 or 401, log a warning
# with the username that was sent (request.form, or request.get_json(silent=True) for
# JSON; only if it is a string), never the password. Return the response.

# TODO (lesson 12, step 5): without_password(uri) -> str: with urlsplit(uri), when there is a
# password, rebuild the URI with "user:***@host" in place of "user:password@host".
