"""Lesson 06: reviews kept inside the book, and the average rating."""

import pytest
from bson import ObjectId

from grading.books import insert_books, make_book
from grading.csrf import logged_in_client, send_form_with_token
from grading.expect import fetch, follow, redirect_path
from grading.page import new_words, post_forms, visible_text

REVIEWS = "add_review in starter_app/reviews.py"
PAGE = "templates/books/book.html"
TWO_REVIEWS = [
    {"name": "Maya", "rating": 4, "text": "Quietly brilliant."},
    {"name": "Tom", "rating": 5, "text": "I read it twice in a week."},
]


def _book(db, reviews=()) -> ObjectId:
    (book_id,) = insert_books(db, make_book("The Reviewed Book", reviews=list(reviews)))
    return book_id


def _review(**changes) -> dict:
    typed = {"name": "Ines", "rating": "5", "text": "Could not put it down.", **changes}
    return {name: value for name, value in typed.items() if value is not None}


# Step 3: reviews


def test_book_page_shows_its_reviews(client, db):
    """A book's page shows its reviews: who wrote each one, and what they said"""
    book_id = _book(db, TWO_REVIEWS)
    text = visible_text(fetch(client, f"/books/{book_id}", look_in=PAGE))
    for review in TWO_REVIEWS:
        assert review["name"] in text and review["text"] in text, (
            f"The book's page does not show the review by {review['name']} "
            f"({review['text']!r}). Loop over book.reviews in {PAGE}."
        )


def test_book_page_has_a_review_form(client, auth, db):
    """A book's page has a form to add a review: name, rating and text"""
    auth.login()  # from lesson 09 on, the form is for readers who are logged in
    book_id = _book(db)
    page = fetch(client, f"/books/{book_id}", look_in=PAGE)
    fields = next((f["fields"] for f in post_forms(page) if "rating" in f["fields"]), [])
    missing = [name for name in ("name", "rating", "text") if name not in fields]
    assert not missing, (
        f'The book\'s page has no <form method="post"> with the field(s) {", ".join(missing)}.'
        f" Render ReviewForm in {PAGE}, posting to /books/<id>/reviews."
    )


def test_adding_a_review_saves_it(client, auth, db):
    """POST /books/<id>/reviews adds the review inside the book, then shows the book"""
    auth.login()
    book_id = _book(db)
    response = client.post(f"/books/{book_id}/reviews", data=_review(rating="4"))
    assert redirect_path(response) == f"/books/{book_id}", (
        f"POST /books/{book_id}/reviews answered {response.status_code}; expected a redirect "
        f"to the book's page. Look in {REVIEWS}."
    )
    reviews = db.books.find_one({"_id": book_id}).get("reviews") or []
    assert len(reviews) == 1 and reviews[0].get("name") == "Ines", (
        f"After adding a review the book holds {reviews!r}; expected one review by Ines. "
        "Add it with update_one({'_id': book_id}, {'$push': {'reviews': review}})."
    )
    assert reviews[0].get("rating") == 4, (
        f"The stored rating is {reviews[0].get('rating')!r}; expected the number 4. "
        "Use an IntegerField for the rating."
    )
    assert "Could not put it down." in visible_text(follow(client, response)), (
        "After adding a review, the book's page does not show it."
    )


BAD_REVIEWS = {
    "rating-zero": {"rating": "0"},
    "rating-six": {"rating": "6"},
    "rating-words": {"rating": "five"},
    "rating-fraction": {"rating": "4.5"},
    "rating-empty": {"rating": ""},
    "rating-missing": {"rating": None},
    "empty-name": {"name": ""},
    "long-name": {"name": "n" * 51},
    "blank-text": {"text": "   "},
    "long-text": {"text": "t" * 1001},
}


@pytest.mark.parametrize("changes", list(BAD_REVIEWS.values()), ids=list(BAD_REVIEWS))
def test_bad_review_is_refused(client, auth, db, changes):
    """A review with a bad rating (not 1 to 5), name or text is refused with a message"""
    auth.login()
    book_id = _book(db)
    plain = client.get(f"/books/{book_id}")
    response = client.post(f"/books/{book_id}/reviews", data=_review(**changes))
    assert response.status_code < 500, (
        f"A bad review ({', '.join(changes)}) made the app fail ({response.status_code}). "
        f"Look in {REVIEWS}."
    )
    assert not db.books.find_one({"_id": book_id}).get("reviews"), (
        f"A bad review ({', '.join(changes)}) was stored anyway. The rating must be a whole "
        "number from 1 to 5; name and text are required (at most 50 and 1000 characters)."
    )
    assert new_words(follow(client, response), plain), (
        f"A bad review ({', '.join(changes)}) was refused without saying why. Show the "
        "book's page again with the form's errors (status 400), or flash a message."
    )


@pytest.mark.parametrize("book_id", [str(ObjectId()), "not-an-id"], ids=["unknown", "malformed"])
def test_reviewing_an_unknown_book_is_a_404(client, auth, book_id):
    """Reviewing a book that does not exist answers 404, never 500"""
    auth.login()
    fetch(client, f"/books/{book_id}/reviews", method="POST", data=_review(), status=404,
          look_in=f"{REVIEWS}: find the book with find_one_or_404 first")  # fmt: skip


def test_review_form_works_with_csrf_protection_on(csrf_app, db):
    """With the normal settings (CSRF on), sending the review form adds the review"""
    client = logged_in_client(csrf_app)
    book_id = _book(db)
    page, action = f"/books/{book_id}", f"/books/{book_id}/reviews"
    response = send_form_with_token(client, page, action, _review(), look_in=PAGE)
    reviews = db.books.find_one({"_id": book_id}).get("reviews") or []
    assert [review.get("text") for review in reviews] == [_review()["text"]], (
        f"Sending the review form of {page}, with its token, answered {response.status_code} "
        f"and the book holds {len(reviews)} review(s); expected the new one. Look in {REVIEWS}."
    )


# Step 4: the average rating


def test_book_page_shows_the_average_rating(client, db):
    """A book's page shows the average rating of its reviews, with one decimal (4.5)"""
    book_id = _book(db, TWO_REVIEWS)
    text = visible_text(fetch(client, f"/books/{book_id}", look_in=PAGE))
    assert "4.5" in text, (
        f"A book rated 4 and 5 should show the average 4.5; its page shows {text[:200]!r}. "
        "Compute the mean of the ratings and show it with one decimal: "
        '{{ "%.1f"|format(average) }}.'
    )


def test_average_rating_follows_new_reviews(client, auth, db):
    """The average rating counts every review, the new ones too (4, 5 and 5 make 4.7)"""
    auth.login()
    book_id = _book(db, TWO_REVIEWS)
    client.post(f"/books/{book_id}/reviews", data=_review(rating="5"))
    text = visible_text(client.get(f"/books/{book_id}"))
    assert "4.7" in text, (
        "After a review rated 5 was added to a book rated 4 and 5, its page should show the "
        "average 4.7. Compute it from all the reviews (or keep $inc counters that start "
        "right for books that already had reviews)."
    )


def test_book_without_reviews_shows_no_average(client, db):
    """A book with no reviews yet shows no average (no 0.0, nan or None)"""
    book_id = _book(db)
    words = set(visible_text(fetch(client, f"/books/{book_id}", look_in=PAGE)).lower().split())
    shown = words & {"0.0", "nan", "none", "0.0/5"}
    assert not shown, (
        f"A book with no reviews shows {', '.join(sorted(shown))}; show 'No reviews yet' "
        "instead. There is no average of nothing: check {% if book.reviews %} first."
    )
