"""gunicorn's settings for Bookshelf in production. Start it from the project's folder:

    gunicorn -c python:starter_app.gunicorn_conf "starter_app:create_app()"

Every value can be changed from the environment: PORT, WEB_CONCURRENCY, LOG_LEVEL (an
empty variable counts as not set).
"""

import multiprocessing  # noqa: F401 (for workers)
import os

# TODO (lesson 12, step 4): bind = "0.0.0.0:" + the PORT from the environment (default 8000):
# every interface of the container or server; hosting platforms set PORT.

# TODO (lesson 12, step 4): workers = int(os.environ.get("WEB_CONCURRENCY") or ...), by default
# multiprocessing.cpu_count() * 2 + 1 (gunicorn's advice): each serves one request at a time.

# TODO (lesson 12, step 4): preload_app = False. Each worker then imports the app and calls
# create_app() itself, after the fork, so each gets its own MongoClient (pymongo's clients
# must not cross a fork).

# A worker silent for this long is killed and replaced; a redeploy waits this long for
# requests in flight to finish.
timeout = 30
graceful_timeout = 20
keepalive = 5

# TODO (lesson 12, step 4): accesslog = "-" and errorlog = "-": one line per request on the
# console (stdout), and gunicorn's own messages on stderr, next to the app's log.
loglevel = (os.environ.get("LOG_LEVEL") or "info").lower()

# Only a proxy on this machine may say which address and scheme the visitor used.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"

# gunicorn's control socket (for its gunicornc tool) is one per user by default, in the
# home folder: two apps on one machine would fight over it. This app does not use it.
control_socket_disable = True
