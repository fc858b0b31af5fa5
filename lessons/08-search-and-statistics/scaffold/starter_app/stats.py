"""Statistics of the shelf, computed by MongoDB with aggregation pipelines."""

from flask import Blueprint, render_template  # noqa: F401 (render_template: step 3)

from .db import get_db  # noqa: F401 (for statistics)

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

# TODO (lesson 08, step 2): TOP_RATED, the best-rated books: $unwind "$reviews" (books with
# no review drop out: good); $group by "$_id" with "title": {"$first": "$title"}, "author"
# the same, "average_rating": {"$avg": "$reviews.rating"} and "reviews": {"$sum": 1}; $sort
# by average_rating, then reviews (both -1), then title (1); $limit TOP.

# TODO (lesson 08, step 2): REVIEWERS, who wrote the most reviews: $unwind "$reviews";
# $group by "$reviews.name" with "reviews": {"$sum": 1}; $sort by reviews (-1), then _id;
# $limit TOP; $project {"_id": 0, "name": "$_id", "reviews": 1}.


def rounded(rows: list[dict]) -> list[dict]:
    """The rows with average_rating rounded to two decimals (None stays None)."""
    for row in rows:
        if row.get("average_rating") is not None:
            row["average_rating"] = round(row["average_rating"], 2)
    return rows


# TODO (lesson 08, step 2): statistics() -> dict: {"genres": ..., "top_rated": ...,
# "reviewers": ...}, each list(get_db().books.aggregate(PIPELINE)); pass genres and
# top_rated through rounded().

# TODO (lesson 08, step 3): stats_page, for GET /stats: render_template("stats.html",
# **statistics()).
