"""My tests of the reviews: saving one, refusing a bad rating, showing them, the average."""

import pytest
from bson import ObjectId

GOOD_REVIEW = {"name": "Ann", "rating": "4", "text": "A good read."}


def add_book(db, reviews=()) -> ObjectId:
    """A book straight in the database, with these reviews."""
    book = {"title": "Test Book", "author": "Test Author", "reviews": list(reviews)}
    return db.books.insert_one(book).inserted_id


def review(name: str, rating: int, text: str) -> dict:
    return {"name": name, "rating": rating, "text": text}


def test_a_good_review_is_saved(client, db, login):
    login()
    book_id = add_book(db)
    response = client.post(f"/books/{book_id}/reviews", data=GOOD_REVIEW)
    assert response.status_code in (302, 303)
    reviews = db.books.find_one({"_id": book_id})["reviews"]
    assert [(r["name"], r["rating"], r["text"]) for r in reviews] == [("Ann", 4, "A good read.")]


@pytest.mark.parametrize("rating", ["9", "0", "five", "4.5", ""])
def test_a_bad_rating_is_refused(client, db, login, rating):
    login()
    book_id = add_book(db)
    response = client.post(f"/books/{book_id}/reviews", data={**GOOD_REVIEW, "rating": rating})
    assert response.status_code == 400
    assert db.books.find_one({"_id": book_id})["reviews"] == []


def test_the_book_page_shows_its_reviews(client, db):
    book_id = add_book(db, [review("Maya", 5, "Loved every page.")])
    page = client.get(f"/books/{book_id}").get_data(as_text=True)
    assert "Maya" in page and "Loved every page." in page


def test_the_average_has_one_decimal(client, db):
    book_id = add_book(db, [review("Maya", 4, "Good."), review("Tom", 5, "Great.")])
    page = client.get(f"/books/{book_id}").get_data(as_text=True)
    assert "4.5" in page


def test_reviewing_an_unknown_book_is_a_404(client, login):
    login()
    response = client.post(f"/books/{ObjectId()}/reviews", data=GOOD_REVIEW)
    assert response.status_code == 404
