"""Lesson 07, step 4: a book's reviews through the API."""

import pytest
from bson import ObjectId

from grading.api import expect_error, get_json, json_answer, send
from grading.books import insert_books, make_book

REVIEWS = [
    {"name": "Maya", "rating": 4, "text": "Quietly brilliant."},
    {"name": "Tom", "rating": 5, "text": "Read it twice."},
]


def _review(**changes) -> dict:
    review = {"name": "Ines", "rating": 5, "text": "Could not put it down.", **changes}
    return {name: value for name, value in review.items() if value is not None}


def test_api_lists_a_books_reviews(client, db):
    """GET /api/books/<id>/reviews answers the reviews, their count and average rating"""
    (book_id,) = insert_books(db, make_book("Reviewed", reviews=REVIEWS))
    data = get_json(client, f"/api/books/{book_id}/reviews")
    names = [review.get("name") for review in data.get("reviews") or []]
    assert names == ["Maya", "Tom"], f"The reviews came back as {data.get('reviews')!r}."
    assert data.get("count") == 2 and data.get("average_rating") == 4.5, (
        f"count {data.get('count')!r} and average_rating {data.get('average_rating')!r}; "
        "expected 2 and 4.5 (the average_rating filter of reviews.py computes it)."
    )


def test_api_lists_no_reviews_of_an_unreviewed_book(client, db):
    """GET /api/books/<id>/reviews of a book nobody reviewed yet: no reviews, count 0, not a 500"""
    (book_id,) = insert_books(db, make_book("Unread"))
    data = get_json(client, f"/api/books/{book_id}/reviews")
    found = {name: data.get(name) for name in ("reviews", "count", "average_rating")}
    assert found["reviews"] == [] and found["count"] == 0, (
        f"For a book with no reviews the answer was {found}; expected reviews [] and count 0."
    )
    assert found["average_rating"] in (None, 0), (
        f"For a book with no reviews average_rating was {found['average_rating']!r}; expected "
        "null (no average yet). An average of no ratings divides by zero: check for none first."
    )


def test_api_adds_a_review(client, auth, db):
    """POST /api/books/<id>/reviews stores the review inside the book and answers 201"""
    auth.login()
    (book_id,) = insert_books(db, make_book("To Review", reviews=REVIEWS))
    response = send(client, "POST", f"/api/books/{book_id}/reviews", _review(rating=3))
    data = json_answer(response, status=201, what="POST /api/books/<id>/reviews")
    stored = db.books.find_one({"_id": book_id})["reviews"]
    assert len(stored) == 3 and stored[-1].get("rating") == 3, (
        f"After the POST the book holds {stored!r}; expected the new review (rating 3) added "
        "after the others with $push."
    )
    assert data.get("name") == "Ines" and isinstance(data.get("created_at"), str), (
        f"POST answered {data!r}; expected the new review, created_at as a string."
    )


BAD_REVIEWS = {
    "rating-zero": _review(rating=0),
    "rating-six": _review(rating=6),
    "rating-fraction": _review(rating=4.5),
    "rating-text": _review(rating="5"),
    "rating-missing": _review(rating=None),
    "empty-name": _review(name=""),
    "long-text": _review(text="t" * 1001),
    "extra-field": {**_review(), "book_id": "x"},
    "operator": {**_review(), "$inc": {"rating": 100}},
    "not-an-object": ["Ines", 5, "Great"],
}


@pytest.mark.parametrize("body", list(BAD_REVIEWS.values()), ids=list(BAD_REVIEWS))
def test_api_refuses_a_bad_review(client, auth, db, body):
    """A review with a bad rating, name or text, or extra fields, is a 400 and is not stored"""
    auth.login()
    (book_id,) = insert_books(db, make_book("Strict"))
    response = send(client, "POST", f"/api/books/{book_id}/reviews", body)
    expect_error(response, 400, "POST /api/books/<id>/reviews with a bad review")
    assert not db.books.find_one({"_id": book_id}).get("reviews"), "A bad review was stored."


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("book_id", [str(ObjectId()), "not-an-id"], ids=["unknown", "malformed"])
def test_api_reviews_of_unknown_book_are_a_404(client, auth, method, book_id):
    """Reviews of a book that does not exist: 404 in JSON"""
    auth.login()
    response = send(client, method, f"/api/books/{book_id}/reviews", _review())
    expect_error(response, 404, f"{method} /api/books/{book_id}/reviews")
