"""The mock backend refuses the queries pymongo could not send to a real server."""

import datetime
import decimal
import re

import pytest
from bson.errors import InvalidDocument

from grading.backends import MockDatabase


@pytest.fixture
def books(monkeypatch):
    database = MockDatabase(monkeypatch)
    database.db.books.insert_one({"title": "Dune", "price": 9.5, "year": 1965})
    yield database.db.books
    database.close()


@pytest.mark.parametrize(
    "query",
    [
        {"price": decimal.Decimal("9.5")},
        {"added": datetime.date(2026, 1, 1)},
        {"year": {"$in": {1965, 1966}}},
        {"title": re.compile("Du\0ne")},
    ],
    ids=["decimal", "date", "set", "nul-in-pattern"],
)
def test_a_query_bson_cannot_hold_is_refused(books, query):
    with pytest.raises(InvalidDocument):
        books.find_one(query)
    with pytest.raises(InvalidDocument):
        books.count_documents(query)
    with pytest.raises(InvalidDocument):
        books.update_one(query, {"$set": {"seen": True}})


def test_updates_and_pipelines_are_checked_too(books):
    with pytest.raises(InvalidDocument):
        books.update_one({"title": "Dune"}, {"$set": {"price": decimal.Decimal("1")}})
    with pytest.raises(InvalidDocument):
        list(books.aggregate([{"$match": {"price": decimal.Decimal("9.5")}}]))


def test_queries_bson_can_hold_still_work(books):
    assert books.find_one({"title": re.compile("^du", re.IGNORECASE)})["year"] == 1965
    assert books.count_documents({"year": {"$in": [1965, 1966]}}) == 1
    books.update_one({"title": "Dune"}, {"$set": {"price": 10.0}})
    assert [book["price"] for book in books.find({}, {"price": 1})] == [10.0]
    assert books.distinct("title", {"year": 1965}) == ["Dune"]
