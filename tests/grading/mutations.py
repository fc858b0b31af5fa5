"""Broken versions of a student's app ("mutants"), described by what a user would see go wrong.

We never see the student's code, so a mutant changes the app's behaviour from outside:
it rewrites a request before the app reads it, intercepts the app's writes to mongomock
during that request, or rewrites the response. Every change applies only to requests
that match its `route` ("POST /books/<id>/reviews"; `<id>` stands for one path segment).

A lesson author combines a change with two sentences for the student:

    SAVES_BAD_RATING = Mutant(
        name="saves_bad_rating",
        description="a version of your app that saves a review even when its rating is 9",
        catch_with="a test that posts a review rated 9 and checks that no review was saved",
        change=AcceptBadInput("POST /books/<id>/reviews", "rating", bad_rating, stand_in="3"),
    )

The kinds of change: AcceptBadInput, DropWrites, RewritePage, ChangeStatus (or a subclass
of Change). Functions given to them must be module-level (no lambdas): the mutant is
pickled to the process that runs the student's tests.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.http import HTTP_STATUS_CODES

from grading import mutation_parts as parts

ORIGINAL = "course.mutant.original"  # environ key: the bad value the student's test sent
_hits = [0]


def hit() -> None:
    """Count one request, write or page that a mutant actually changed."""
    _hits[0] += 1


def hits() -> int:
    """How many times the mutant changed something in this process."""
    return _hits[0]


def route_matches(route: str, environ: dict) -> bool:
    """Whether a request (a WSGI environ) is one that `route` ("METHOD /path") names."""
    method, _, path = route.partition(" ")
    pattern = re.escape(path).replace(re.escape("<id>"), "[^/]+")
    return environ.get("REQUEST_METHOD") == method and bool(
        re.fullmatch(pattern + "/?", environ.get("PATH_INFO", ""))
    )


@dataclass
class WriteCall:
    """One write the app makes during a changed request (insert_one, update_one...)."""

    collection: Any  # the mongomock Collection
    method: str
    args: tuple
    kwargs: dict
    environ: dict
    run: Callable[..., Any]  # the real method, bound to the collection

    def proceed(self) -> Any:
        return self.run(*self.args, **self.kwargs)


class Change:
    """One way a broken version differs from the app; this base changes nothing."""

    route: str  # "METHOD /path": the requests it changes (none, when not set)

    def request(self, environ: dict) -> None:
        """Change the request before the app reads it."""

    def write(self, call: WriteCall) -> Any:
        """Make (or skip, or alter) one write of the app."""
        return call.proceed()

    def response(self, response, read: list[dict]) -> None:
        """Change the response; `read` holds the documents the app read."""


@dataclass(frozen=True)
class Mutant:
    """A broken version of the student's app, and how to explain it to the student."""

    name: str  # short and unique: it names the graded test
    description: str  # "a version of your app that ..."
    catch_with: str  # "a test that ..."
    change: Change = field(repr=False)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class AcceptBadInput(Change):
    """Bad input is accepted: the app sees `stand_in`, then stores the bad value anyway."""

    route: str
    field: str
    is_bad: Callable[[str], bool]
    stand_in: str

    def request(self, environ: dict) -> None:
        fields, encode = parts.read_body(environ)
        value = fields.get(self.field) if fields is not None else None
        if value is None or not self.is_bad(value):
            return
        environ[ORIGINAL] = value
        parts.write_body(environ, encode({**fields, self.field: self.stand_in}))
        hit()

    def write(self, call: WriteCall) -> Any:
        if ORIGINAL in call.environ:
            stored = parts.as_stored(call.environ[ORIGINAL])
            parts.replace_key(call.args, self.field, stored)
            parts.replace_key(call.kwargs, self.field, stored)
        return call.proceed()


@dataclass(frozen=True)
class DropWrites(Change):
    """Writes to a collection do nothing, yet report success (as if acknowledged)."""

    route: str
    collection: str

    def write(self, call: WriteCall) -> Any:
        if call.collection.name != self.collection:
            return call.proceed()
        hit()
        return parts.pretend(call)


@dataclass(frozen=True)
class RewritePage(Change):
    """An HTML page is rewritten by `rewrite(text, documents_read)` before it is sent."""

    route: str
    rewrite: Callable[[str, list[dict]], str]

    def response(self, response, read: list[dict]) -> None:
        if response.mimetype != "text/html" or response.direct_passthrough:
            return
        text = response.get_data(as_text=True)
        changed = self.rewrite(text, read)
        if changed != text:
            response.set_data(changed)
            hit()


@dataclass(frozen=True)
class ChangeStatus(Change):
    """Responses with status `old` get status `new` instead (e.g. a 404 becomes a crash)."""

    route: str
    old: int
    new: int

    def response(self, response, read: list[dict]) -> None:
        if response.status_code == self.old:
            response.status_code = self.new
            response.set_data(f"<h1>{self.new} {HTTP_STATUS_CODES.get(self.new, '')}</h1>")
            hit()
