"""A live Bookshelf for the browser tests: a composed app, a real database, a real server."""

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from grading import backends, target

HOST = "127.0.0.1"  # loopback only: the test server is never reachable from outside
APP_CONFIG = {"SECRET_KEY": "browser-tests", "MONGO_TIMEOUT_MS": 3000}


@contextmanager
def imported_app(folder: Path, mongo_uri: str) -> Iterator[Flask]:
    """The app in `folder`, imported in this process and removed from sys.modules after."""
    before = {name for name in sys.modules if name.split(".")[0] == target.APP_PACKAGE}
    try:
        yield target.load_app_factory(folder)({**APP_CONFIG, "MONGO_URI": mongo_uri})
    finally:
        # Later imports of `starter_app` (in this test run) must not get the composed copy.
        for name in [n for n in sys.modules if n.split(".")[0] == target.APP_PACKAGE]:
            if name not in before:
                del sys.modules[name]


def seed(app: Flask) -> str:
    """Load the sample books with the app's own `flask seed` command; return what it said."""
    result = app.test_cli_runner().invoke(args=["seed"])
    if result.exit_code != 0:
        raise RuntimeError(f"`flask seed` failed ({result.exit_code}): {result.output}")
    return result.output.strip()


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve the app on a free loopback port in a background thread; yield its base URL."""
    server: BaseWSGIServer = make_server(HOST, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-app", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@contextmanager
def live_app(folder: Path) -> Iterator[str]:
    """The app in `folder` on an embedded in-memory database, seeded and served."""
    server = backends.EmbeddedServer()
    database = backends.WireDatabase(server.uri)
    try:
        with imported_app(folder, database.uri) as app:
            seed(app)
            with serving(app) as url:
                yield url
    finally:
        database.close()
        server.stop()
