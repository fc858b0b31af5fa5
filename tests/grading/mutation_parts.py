"""The parts of a request and of a write that mutants change (see grading.mutations)."""

import io
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from bson import ObjectId
from mongomock.results import DeleteResult, InsertManyResult, InsertOneResult, UpdateResult


def read_body(environ: dict) -> tuple[dict | None, Callable[[dict], bytes]]:
    """The fields of a form or JSON body, and how to encode changed fields the same way."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    write_body(environ, body)  # put it back: the app reads it next
    kind = environ.get("CONTENT_TYPE", "")
    if kind.startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(body.decode(), keep_blank_values=True)), _encode_form
    if kind.startswith("application/json"):
        try:
            data = json.loads(body or b"null")
        except ValueError:
            data = None
        if isinstance(data, dict):
            return data, _encode_json
    return None, _encode_form


def _encode_form(fields: dict) -> bytes:
    return urlencode(fields).encode()


def _encode_json(fields: dict) -> bytes:
    return json.dumps(fields).encode()


def write_body(environ: dict, body: bytes) -> None:
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))


def as_stored(value: Any) -> Any:
    """The bad value as the app would store it: a whole number as an int, else as typed."""
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return value


def replace_key(data: Any, key: str, value: Any) -> None:
    """Set every `key` in nested dicts, lists and tuples to `value`, in place.

    In place, because the app may read the document after the write (pymongo adds its _id).
    """
    if isinstance(data, dict):
        for name, inner in data.items():
            if name == key:
                data[name] = value
            else:
                replace_key(inner, key, value)
    elif isinstance(data, list | tuple):
        for item in data:
            replace_key(item, key, value)


def pretend(call) -> Any:
    """What a write (a mutations.WriteCall) would have answered, without writing anything."""
    first = call.args[0] if call.args else None
    if call.method == "insert_one":
        inserted = first.setdefault("_id", ObjectId()) if isinstance(first, dict) else ObjectId()
        return InsertOneResult(inserted, acknowledged=True)
    if call.method == "insert_many":
        return InsertManyResult([doc.setdefault("_id", ObjectId()) for doc in first or []], True)
    if call.method.startswith("delete"):
        return DeleteResult({"n": 1, "ok": 1.0}, acknowledged=True)
    if call.method.startswith("find_one_and"):
        return call.collection.find_one(first)
    return UpdateResult({"n": 1, "nModified": 1, "ok": 1.0, "updatedExisting": True}, True)
