"""Figures about the shelf: one aggregation, split three ways with $facet."""

from flask import Blueprint, render_template

from .db import get_db

bp = Blueprint("stats", __name__)

LEADERS = 5


def _each(field: str) -> dict:
    """An expression for one field of every review of a book ([] when it has none)."""
    reviews = {"$ifNull": ["$reviews", []]}
    return {"$map": {"input": reviews, "as": "review", "in": f"$$review.{field}"}}


# Each book is first reduced to the fields the figures need, with its ratings and its
# reviewers' names as plain lists; $facet then runs three pipelines over those documents.
FIGURES = [
    {"$project": {"title": 1, "author": 1, "genre": 1,
                  "ratings": _each("rating"), "readers": _each("name")}},
    {"$facet": {
        # Still one document per book here, so {"$sum": 1} counts books, not reviews.
        "genres": [
            {"$match": {"genre": {"$type": "string", "$ne": ""}}},
            {"$group": {"_id": "$genre", "books": {"$sum": 1},
                        "points": {"$sum": {"$sum": "$ratings"}},
                        "reviews": {"$sum": {"$size": "$ratings"}}}},
            {"$sort": {"books": -1, "_id": 1}},
        ],
        "top_rated": [
            {"$match": {"ratings.0": {"$exists": True}}},  # at least one review
            {"$project": {"title": 1, "author": 1, "reviews": {"$size": "$ratings"},
                          "average_rating": {"$divide": [{"$sum": "$ratings"},
                                                         {"$size": "$ratings"}]}}},
            {"$sort": {"average_rating": -1, "reviews": -1, "title": 1}},
            {"$limit": LEADERS},
        ],
        "reviewers": [
            {"$unwind": "$readers"},
            {"$group": {"_id": "$readers", "reviews": {"$sum": 1}}},
            {"$sort": {"reviews": -1, "_id": 1}},
            {"$limit": LEADERS},
        ],
    }},
]  # fmt: skip


def _genre(row: dict) -> dict:
    """A genre's figures; its average is None while nobody has reviewed one of its books."""
    count = row["reviews"]
    average = round(row["points"] / count, 2) if count else None
    return {"genre": row["_id"], "books": row["books"], "average_rating": average,
            "reviews": count}  # fmt: skip


def _book(row: dict) -> dict:
    """A best-rated book, its average rounded here (where mongomock and MongoDB agree)."""
    return {**row, "average_rating": round(row["average_rating"], 2)}


def _reader(row: dict) -> dict:
    """A reviewer and how many reviews they wrote."""
    return {"name": row["_id"], "reviews": row["reviews"]}


def statistics() -> dict:
    """Genres, the best-rated books and the busiest reviewers, from one aggregation."""
    (figures,) = get_db().books.aggregate(FIGURES)
    return {
        "genres": [_genre(row) for row in figures["genres"]],
        "top_rated": [_book(row) for row in figures["top_rated"]],
        "reviewers": [_reader(row) for row in figures["reviewers"]],
    }


@bp.get("/stats")
def statistics_page():
    """The statistics page, built from the same figures as /api/stats."""
    return render_template("statistics.html", figures=statistics())
