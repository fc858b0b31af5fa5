"""mongomock, as strict as pymongo about what a query sends: what BSON cannot hold is refused.

pymongo encodes every command as BSON before it sends it, so a filter holding a Decimal, a
datetime.date, a set, or a compiled pattern with a NUL character in it raises
bson.errors.InvalidDocument (and a view that lets it through answers 500) on any real
server. mongomock compares such values in Python and answers as if nothing were wrong.
It checks the documents it inserts already; these wrappers check the filters, updates and
pipelines the same way, so the default backend fails what a real server would.
"""

import functools
from collections.abc import Mapping

import bson

# The Collection methods whose arguments pymongo sends as BSON (insert_* are checked by
# mongomock itself).
QUERY_METHODS = ("find", "find_one", "count_documents", "distinct", "aggregate",
                 "update_one", "update_many", "replace_one", "delete_one", "delete_many",
                 "find_one_and_update", "find_one_and_replace", "find_one_and_delete")  # fmt: skip


def strict(method):
    """`method`, refusing first any argument that BSON cannot encode, as pymongo does."""

    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        for value in (*args, *kwargs.values()):
            if isinstance(value, Mapping | list | tuple):
                bson.encode({"value": value})  # raises bson.errors.InvalidDocument
        return method(self, *args, **kwargs)

    return checked


def make_strict(monkeypatch, collection_class) -> None:
    """For one test: every query method of mongomock's Collection checks its arguments."""
    for name in QUERY_METHODS:
        monkeypatch.setattr(collection_class, name, strict(getattr(collection_class, name)))
