"""How gunicorn serves Bookshelf in production. From the project's folder:

    gunicorn -c python:starter_app.gunicorn_conf "starter_app:create_app()"

PORT, WEB_CONCURRENCY, LOG_LEVEL and FORWARDED_ALLOW_IPS come from the environment; an
empty variable counts as unset.
"""

import os


def from_environment(name: str, default: str) -> str:
    """An environment variable, or `default` when it is unset or empty."""
    return os.environ.get(name, "").strip() or default


# Every interface of the server or container, on the port the platform names.
bind = [f"0.0.0.0:{from_environment('PORT', '8000')}"]

# Worker processes, each serving one request at a time: (2 x cores) + 1 unless told.
workers = int(from_environment("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))

# No preloading: each worker imports the app and calls create_app() after the fork, so
# each has a MongoClient of its own (a pymongo client must never cross a fork).
preload_app = False

# A worker silent this long is replaced; on a redeploy, requests in flight get this long.
timeout = 30
graceful_timeout = 20
keepalive = 5

# The console ("-"): a line per request on stdout, gunicorn's own messages on stderr with
# the app's log, where Docker or systemd collect them.
accesslog = "-"
errorlog = "-"
loglevel = from_environment("LOG_LEVEL", "info").lower()

# Only a proxy on this machine may say which address and scheme the visitor used.
forwarded_allow_ips = from_environment("FORWARDED_ALLOW_IPS", "127.0.0.1")

# The control socket (for gunicornc) is one per user, in the home folder: two apps on one
# machine would share it. This app has no use for it.
control_socket_disable = True
