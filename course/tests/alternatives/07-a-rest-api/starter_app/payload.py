"""What API clients send and get back: JSON objects, checked against an allow-list of fields."""

from datetime import datetime, timezone
from functools import singledispatch

from bson import ObjectId
from flask import abort, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

from .forms import LATEST_YEAR

ISBN_DIGITS = (10, 13)
# A book or a review is an object of plain values; no client needs more levels than this.
MAX_DEPTH = 10


def text(max_length: int, required: bool = False):
    """A check for a text field: a string of at most max_length characters."""

    def check(value):
        if value is None and not required:
            return None, ""
        if not isinstance(value, str) or (required and not value.strip()):
            return None, "must be a text" + (" that is not empty" if required else " or null")
        value = value.strip()
        if len(value) > max_length:
            return None, f"must be at most {max_length} characters"
        return value, ""

    return check


def whole_number(low: int, high: int, required: bool = False):
    """A check for a number field: a whole number from low to high (true/false are not)."""

    def check(value):
        if value is None and not required:
            return None, ""
        # bool is a subclass of int in Python: refuse it explicitly.
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            return None, f"must be a whole number from {low} to {high}"
        return value, ""

    return check


def isbn(value):
    """An ISBN: 10 or 13 digits (hyphens and spaces allowed, dropped); null or "" for none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""  # no ISBN, as an empty ISBN field in the book form means
    digits = value.replace("-", "").replace(" ", "") if isinstance(value, str) else ""
    # isdigit() alone takes any script's digits (١٢٣, ２), which MongoDB's schema refuses.
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in ISBN_DIGITS:
        return None, "must be a text of 10 or 13 digits"
    return digits, ""


# The allow-lists: the only fields a client may send, and how each is checked.
BOOK_FIELDS = {
    "title": text(200, required=True),
    "author": text(100, required=True),
    "genre": text(50),
    "year": whole_number(0, LATEST_YEAR),
    "description": text(2000),
    "isbn": isbn,
}
BOOK_REQUIRED = ("title", "author")
# A book without an ISBN has no isbn field at all, as the book form stores it: the unique
# index leaves such books out (two books with isbn null would clash), and the schema of
# lesson 11 wants text there. So an ISBN sent as null is left out, or removed.
LEFT_OUT_WHEN_EMPTY = ("isbn",)
# A review sent to the API: the same three fields as the review form, every one needed.
REVIEW_REQUIRED = ("name", "rating", "text")
REVIEW_FIELDS = {
    "name": text(50, required=True),
    "rating": whole_number(1, 5, required=True),
    "text": text(1000, required=True),
}

UNUSABLE_JSON = "The body is not JSON this API can use: broken, null, or nested too deep."
NOT_AN_OBJECT = 'The body must be a JSON object such as {"title": "Dune"}, not a list or a value.'


def json_object() -> dict:
    """The body as a JSON object with no $-keys, ready for checked(); else 415 or 400."""
    if not request.is_json:
        raise UnsupportedMediaType("This address takes JSON: send Content-Type: application/json.")
    body = parsed_body()
    if body is None:
        raise BadRequest(UNUSABLE_JSON)
    if not isinstance(body, dict):
        raise BadRequest(NOT_AN_OBJECT)
    operators = operator_keys(body)
    if operators:
        # In a MongoDB filter or update a $-key is an operator, so none may come from a client.
        listed = ", ".join(sorted(set(operators)))
        raise BadRequest(f"Keys that start with $ are MongoDB operators, refused here: {listed}.")
    return body


def parsed_body():
    """The request's JSON, or None when it is broken, or JSON no book or review could be:
    nested deeper than MAX_DEPTH (Python's parser gives up a few thousand levels down with
    a RecursionError, a 500), or holding text that is not Unicode (a lone "\\ud800", which
    MongoDB cannot store)."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        return None
    return data if _plain(data) else None


def refuse_cut_off_body() -> None:
    """413 for a body sent without a Content-Length (chunked) that reaches MAX_CONTENT_LENGTH.

    werkzeug refuses a body whose Content-Length is too big, but one that comes in chunks is
    read only up to the limit and handed over cut short, without a word: it would then look
    like broken JSON (a 400), or a form with its end cut off. Reaching the limit means there
    was more. api.py runs this before every request, forms included.
    """
    limit = request.max_content_length
    sent_in_chunks = request.content_length is None and limit is not None
    # get_data() keeps the body: get_json() and the form parser read it from there.
    if sent_in_chunks and len(request.get_data()) >= limit:
        raise RequestEntityTooLarge()


def _plain(data) -> bool:
    """Whether `data` is at most MAX_DEPTH levels deep and all its text is valid Unicode."""
    waiting = [(data, 1)]  # a list, not recursion: a body of any depth is looked at safely
    while waiting:
        value, depth = waiting.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(value, dict):
            waiting += [(key, depth) for key in value]
            waiting += [(item, depth + 1) for item in value.values()]
        elif isinstance(value, list):
            waiting += [(item, depth + 1) for item in value]
        elif isinstance(value, str) and not _encodable(value):
            return False
    return True


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def operator_keys(value) -> list[str]:
    """Every key that starts with $, at any depth of a JSON value (a loop, not recursion)."""
    found, waiting = [], [value]
    while waiting:
        item = waiting.pop()
        if isinstance(item, dict):
            found += [key for key in item if key.startswith("$")]
            waiting += item.values()
        elif isinstance(item, list):
            waiting += item
    return found


def checked(data: dict, fields: dict, required: tuple[str, ...] = ()) -> dict:
    """The values of `data`, checked field by field; 400 with every problem otherwise."""
    unknown = sorted(set(data) - set(fields))
    if unknown:
        allowed = ", ".join(fields)
        abort(400, f"Unknown field(s): {', '.join(unknown)}. The fields are: {allowed}.")
    values, problems = {}, []
    for name, check in fields.items():
        if name not in data:
            if name in required:
                problems.append(f"{name} is required")
            continue
        values[name], problem = check(data[name])
        if problem:
            problems.append(f"{name} {problem}")
    if problems:
        abort(400, "Please fix: " + "; ".join(problems) + ".")
    if not values:
        abort(400, f"Send at least one of the fields: {', '.join(fields)}.")
    return values


def stored_fields(fields: dict) -> dict:
    """The checked fields of a new book as it is stored: an ISBN sent as null is left out."""
    return {name: value for name, value in fields.items() if not _cleared(name, value)}


def partial_update(changes: dict) -> dict:
    """The update for checked changes: $set the values sent, and $unset an ISBN sent as null
    (the book then has no isbn field, as when it is cleared in the edit form)."""
    update = {}
    if stored_fields(changes):  # an empty $set is an error before MongoDB 5.0
        update["$set"] = stored_fields(changes)
    cleared = [name for name, value in changes.items() if _cleared(name, value)]
    if cleared:
        update["$unset"] = dict.fromkeys(cleared, "")
    return update


def _cleared(name: str, value) -> bool:
    return name in LEFT_OUT_WHEN_EMPTY and value is None


@singledispatch
def to_json(value):
    """A value from MongoDB made ready for JSON. Text, numbers, true/false and null stay as
    they are; the types registered below are converted, at any depth."""
    return value


@to_json.register
def _document(value: dict) -> dict:
    # Clients get "id": MongoDB's "_id" is none of their business.
    return {"id" if key == "_id" else key: to_json(item) for key, item in value.items()}


@to_json.register
def _array(value: list) -> list:
    return [to_json(item) for item in value]


@to_json.register
def _object_id(value: ObjectId) -> str:
    return str(value)


@to_json.register
def _moment(value: datetime) -> str:
    # MongoDB keeps dates in UTC, and pymongo hands them back without a time zone.
    return value.replace(tzinfo=value.tzinfo or timezone.utc).isoformat()
