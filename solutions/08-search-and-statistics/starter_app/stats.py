"""Statistics of the shelf, computed by MongoDB with aggregation pipelines."""

from flask import Blueprint, render_template

from .db import get_db

bp = Blueprint("stats", __name__)

TOP = 5

# Books and average rating per genre, in two $group stages. $unwind makes one document per
# review (a book with none is kept: preserveNullAndEmptyArrays), so a first $group by book
# puts each book back together; the second, by genre, can then count books with $sum: 1.
GENRES = [
    {"$match": {"genre": {"$exists": True, "$nin": [None, ""]}}},
    {"$unwind": {"path": "$reviews", "preserveNullAndEmptyArrays": True}},
    {"$group": {
        "_id": "$_id",
        "genre": {"$first": "$genre"},
        "rating_total": {"$sum": "$reviews.rating"},  # $sum skips a missing rating
        "reviews": {"$sum": {"$cond": [{"$ifNull": ["$reviews.rating", False]}, 1, 0]}},
    }},
    {"$group": {
        "_id": "$genre",
        "books": {"$sum": 1},
        "rating_total": {"$sum": "$rating_total"},
        "reviews": {"$sum": "$reviews"},
    }},
    {"$project": {
        "_id": 0, "genre": "$_id", "books": 1, "reviews": 1,
        # No reviews in a genre: no average (None), not 0.
        "average_rating": {"$cond": [
            {"$gt": ["$reviews", 0]}, {"$divide": ["$rating_total", "$reviews"]}, None,
        ]},
    }},
    {"$sort": {"books": -1, "genre": 1}},
]  # fmt: skip

# The best-rated books: the average of each book's reviews, best first; ties by count.
TOP_RATED = [
    {"$unwind": "$reviews"},
    {"$group": {
        "_id": "$_id",
        "title": {"$first": "$title"},
        "author": {"$first": "$author"},
        "average_rating": {"$avg": "$reviews.rating"},
        "reviews": {"$sum": 1},
    }},
    {"$sort": {"average_rating": -1, "reviews": -1, "title": 1}},
    {"$limit": TOP},
]  # fmt: skip

# Who wrote the most reviews.
REVIEWERS = [
    {"$unwind": "$reviews"},
    {"$group": {"_id": "$reviews.name", "reviews": {"$sum": 1}}},
    {"$sort": {"reviews": -1, "_id": 1}},
    {"$limit": TOP},
    {"$project": {"_id": 0, "name": "$_id", "reviews": 1}},
]  # fmt: skip


def rounded(rows: list[dict]) -> list[dict]:
    """The rows with average_rating rounded to two decimals (None stays None)."""
    for row in rows:
        if row.get("average_rating") is not None:
            row["average_rating"] = round(row["average_rating"], 2)
    return rows


def statistics() -> dict:
    """Every figure of the statistics page, one aggregation each."""
    books = get_db().books
    return {
        "genres": rounded(list(books.aggregate(GENRES))),
        "top_rated": rounded(list(books.aggregate(TOP_RATED))),
        "reviewers": list(books.aggregate(REVIEWERS)),
    }


@bp.get("/stats")
def stats_page():
    """The statistics page: genres, the best-rated books and the most active reviewers."""
    return render_template("stats.html", **statistics())
