"""The endpoints measured, each with the raw PyMongo query that does the same work.

An endpoint is measured only when the composed app serves it (a GET that answers 200);
one that does not exist yet is reported with the lesson that brings it. When a lesson
lands with a different address, change its `path` here: the scripts pick it up.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from bson import ObjectId
from pymongo.database import Database

from bench.books import SAMPLE_AUTHOR, SAMPLE_WORD
from bench.stack import http_status

PER_PAGE = 10
LIST_FIELDS = {"title": 1, "author": 1, "year": 1, "genre": 1}


def page_of(db: Database, query: dict) -> dict:
    """The first page of matching books by title, and their total (as the book list does)."""
    books = db.books.find(query, LIST_FIELDS).sort("title", 1).limit(PER_PAGE)
    return {"total": db.books.count_documents(query), "books": list(books)}


def list_page(db: Database, params: dict) -> dict:
    """The first page of every book."""
    return page_of(db, {})


def one_book(db: Database, params: dict) -> dict | None:
    """One whole book by its _id (what a book page shows)."""
    return db.books.find_one({"_id": ObjectId(params["book_id"])})


def search(db: Database, params: dict) -> dict:
    """Books whose title or author contains the word (an escaped, case-blind $regex)."""
    pattern = {"$regex": re.escape(params["q"]), "$options": "i"}
    return page_of(db, {"$or": [{"title": pattern}, {"author": pattern}]})


# The same three aggregations as the statistics of lesson 08: per genre, best rated, reviewers.
GENRES = [
    {"$match": {"genre": {"$exists": True, "$nin": [None, ""]}}},
    {"$unwind": {"path": "$reviews", "preserveNullAndEmptyArrays": True}},
    {"$group": {"_id": "$_id", "genre": {"$first": "$genre"},
                "total": {"$sum": "$reviews.rating"},
                "reviews": {"$sum": {"$cond": [{"$ifNull": ["$reviews.rating", False]}, 1, 0]}}}},
    {"$group": {"_id": "$genre", "books": {"$sum": 1}, "total": {"$sum": "$total"},
                "reviews": {"$sum": "$reviews"}}},
    {"$project": {"books": 1, "rating": {"$cond": [{"$gt": ["$reviews", 0]},
                                                   {"$divide": ["$total", "$reviews"]}, None]}}},
    {"$sort": {"books": -1, "_id": 1}},
]  # fmt: skip
TOP_RATED = [
    {"$unwind": "$reviews"},
    {"$group": {"_id": "$_id", "title": {"$first": "$title"},
                "rating": {"$avg": "$reviews.rating"}, "reviews": {"$sum": 1}}},
    {"$sort": {"rating": -1, "reviews": -1, "title": 1}},
    {"$limit": 5},
]  # fmt: skip
REVIEWERS = [
    {"$unwind": "$reviews"},
    {"$group": {"_id": "$reviews.name", "reviews": {"$sum": 1}}},
    {"$sort": {"reviews": -1, "_id": 1}},
    {"$limit": 5},
]


def statistics(db: Database, params: dict) -> dict:
    """Every statistic: one aggregation over all the books each."""
    return {name: list(db.books.aggregate(pipeline))
            for name, pipeline in (("genres", GENRES), ("top", TOP_RATED),
                                   ("reviewers", REVIEWERS))}  # fmt: skip


@dataclass(frozen=True)
class Endpoint:
    key: str  # short name, also the ceiling app's route: /ceiling/<key>
    name: str
    lesson: int  # the lesson that brings it
    path: str  # formatted with the parameters of the seeded data
    query: Callable[[Database, dict], object]


ENDPOINTS = (
    Endpoint("list", "book list page", 4, "/books", list_page),
    Endpoint("book", "book page", 4, "/books/{book_id}", one_book),
    Endpoint("api_list", "list API", 7, "/api/books", list_page),
    Endpoint("search", "search page", 8, "/books?q={q}", search),
    Endpoint("api_search", "search API", 8, "/api/books?q={q}", search),
    Endpoint("stats", "statistics page", 8, "/stats", statistics),
    Endpoint("api_stats", "statistics API", 8, "/api/stats", statistics),
)
BY_KEY = {endpoint.key: endpoint for endpoint in ENDPOINTS}


def parameters(db: Database) -> dict:
    """Values the paths need, taken from the seeded data (the first book by title)."""
    first = db.books.find_one({}, {"_id": 1}, sort=[("title", 1)])
    return {"book_id": str(first["_id"]), "q": SAMPLE_WORD, "author": SAMPLE_AUTHOR}


def app_path(endpoint: Endpoint, params: dict) -> str:
    """The address of the endpoint in the app."""
    return endpoint.path.format(**params)


def ceiling_path(endpoint: Endpoint, params: dict) -> str:
    """The address of the same query in the ceiling app."""
    return f"/ceiling/{endpoint.key}?{urlencode(params)}"


def available(base_url: str, lesson: int, params: dict) -> tuple[list[Endpoint], dict[str, str]]:
    """The endpoints the app serves, and why each other one is left out.

    An endpoint counts once the app has reached its lesson (before that, /books?q= answers
    200 but ignores q) and a GET of it answers 200.
    """
    present, missing = [], {}
    for endpoint in ENDPOINTS:
        status = http_status(base_url + app_path(endpoint, params), timeout=120.0)
        if endpoint.lesson <= lesson and status == 200:
            present.append(endpoint)
        elif endpoint.lesson > lesson:
            missing[endpoint.key] = f"not in the app yet (lesson {endpoint.lesson:02d})"
        else:
            missing[endpoint.key] = f"answers {status} (expected 200)"
    return present, missing
