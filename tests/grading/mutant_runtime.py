"""Apply one mutant to every app the student's tests build (runs in the tests' own process).

`break_factory` replaces `create_app` in the loaded `starter_app` module, so whatever the
student's conftest builds comes out broken in the same way; `use` chooses the mutant, and
every app built so far follows (the tests are collected once, and an app their files build
at import is built before any run chooses its mutant). `intercept_mongomock` routes
the app's mongomock calls through the mutant, but only while the app serves a request the
mutant's route names: the tests' own setup and checks (`db.books.insert_one(...)`, outside
any request) always reach the real database. The documents the app reads are noted however
it asks for them (find_one, a find() cursor, an aggregation): students write both.
"""

import functools
import threading
from types import ModuleType

import flask
import mongomock
import mongomock.command_cursor

from grading.mutations import Change, Mutant, WriteCall, route_matches

EXTENSION = "course_mutant"  # app.extensions key: this app is a broken version
READ = "course.mutant.read"  # environ key: a changed request, and the documents it read
WRITES = ("insert_one", "insert_many", "update_one", "update_many", "replace_one",
          "delete_one", "delete_many", "find_one_and_update", "find_one_and_replace",
          "find_one_and_delete")  # fmt: skip

_inside = threading.local()  # set while a mutant's own database calls run
_chosen = [Change()]  # the change of the mutant this process runs (none: the unchanged app)
# flask.request and flask.current_app are named through `flask` on purpose: a module-level
# proxy would be touched (outside any request) by code that inspects this module.


class Stats:
    """What the broken factory saw: how many apps the tests built with it."""

    apps_built = 0


def use(mutant: Mutant | None) -> None:
    """Break every app built by the factory, before or after, as `mutant` says."""
    _chosen[0] = mutant.change if mutant else Change()


def break_factory(package: ModuleType) -> Stats:
    """Make `package.create_app` build apps changed by the mutant in `use`."""
    stats, real = Stats(), package.create_app

    @functools.wraps(real)
    def create_app(*args, **kwargs):
        app = real(*args, **kwargs)
        stats.apps_built += 1
        if isinstance(app, flask.Flask):
            attach(app)
        return app

    package.create_app = create_app
    return stats


def attach(app: flask.Flask) -> None:
    """Route this app's requests, and its responses, through the chosen change."""
    app.extensions[EXTENSION] = True
    serve = app.wsgi_app

    def wsgi_app(environ, start_response):
        change = _chosen[0]
        if route_matches(getattr(change, "route", ""), environ):
            environ[READ] = []
            change.request(environ)
        return serve(environ, start_response)

    def after_request(response):
        read = flask.request.environ.get(READ)
        if read is not None:
            _chosen[0].response(response, read)
        return response

    app.wsgi_app = wsgi_app
    app.after_request(after_request)


def _changing() -> Change | None:
    """The change to apply to a database call made now, if any."""
    if getattr(_inside, "active", False) or not flask.has_request_context():
        return None
    if READ not in flask.request.environ:
        return None
    return _chosen[0] if flask.current_app.extensions.get(EXTENSION) else None


def _write(name: str, real):
    @functools.wraps(real)
    def method(self, *args, **kwargs):
        change = _changing()
        if change is None:
            return real(self, *args, **kwargs)
        bound = functools.partial(real, self)
        call = WriteCall(self, name, args, kwargs, flask.request.environ, bound)
        _inside.active = True
        try:
            return change.write(call)
        finally:
            _inside.active = False

    return method


def _reading(real):
    """A cursor's __next__ that notes each document it hands the app (find_one uses it too)."""

    @functools.wraps(real)
    def next_document(self):
        document = real(self)
        if _changing() is not None and isinstance(document, dict):
            flask.request.environ[READ].append(document)
        return document

    return next_document


def intercept_mongomock() -> None:
    """Send mongomock's writes through the current request's change, and note its reads."""
    collection = mongomock.collection.Collection
    for name in WRITES:
        setattr(collection, name, _write(name, getattr(collection, name)))
    for cursor in (mongomock.collection.Cursor, mongomock.command_cursor.CommandCursor):
        cursor.__next__ = cursor.next = _reading(cursor.__next__)
