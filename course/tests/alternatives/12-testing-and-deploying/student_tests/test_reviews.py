"""The reviews, tested as a reader meets them: the review form and the book's page."""

import pytest
from bson import ObjectId

FORM = {"name": "Priya", "rating": "5", "text": "Could not put it down."}


def review(name: str, rating: int, text: str = "Worth a read.") -> dict:
    """A review as the database keeps it."""
    return {"name": name, "rating": rating, "text": text}


def send_review(client, book_id, **changes):
    """Send the review form of this book, with some of its fields changed."""
    return client.post(f"/books/{book_id}/reviews", data={**FORM, **changes})


def book_page(client, book_id) -> str:
    """The book's page as a visitor sees it."""
    response = client.get(f"/books/{book_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


class TestTheReviewForm:
    def test_a_good_review_is_stored_with_its_rating_as_a_number(
        self, reader, shelve, stored_reviews
    ):
        book_id = shelve()
        send_review(reader, book_id)
        (stored,) = stored_reviews(book_id)
        assert {field: stored[field] for field in FORM} == {**FORM, "rating": 5}

    def test_the_reader_is_sent_back_to_the_book(self, reader, shelve):
        book_id = shelve()
        response = send_review(reader, book_id)
        assert response.status_code in (302, 303)
        assert response.headers["Location"].endswith(f"/books/{book_id}")

    def test_the_book_page_then_shows_the_new_review(self, reader, shelve):
        book_id = shelve()
        response = send_review(reader, book_id, text="A twist I never saw coming.")
        page = reader.get(response.headers["Location"]).get_data(as_text=True)
        assert "A twist I never saw coming." in page

    def test_a_new_review_joins_those_already_there(self, reader, shelve, stored_reviews):
        book_id = shelve(review("Tom", 3, "Slow start."))
        send_review(reader, book_id)
        assert [r["name"] for r in stored_reviews(book_id)] == ["Tom", "Priya"]

    @pytest.mark.parametrize("rating", ["9", "6", "0", "-1", "five", "4.5", ""])
    def test_a_rating_that_is_not_1_to_5_is_refused(self, reader, shelve, stored_reviews, rating):
        book_id = shelve()
        response = send_review(reader, book_id, rating=rating)
        assert response.status_code == 400
        assert stored_reviews(book_id) == []

    @pytest.mark.parametrize("left_out", ["name", "rating", "text"])
    def test_every_field_is_needed(self, reader, shelve, stored_reviews, left_out):
        book_id = shelve()
        form = {field: value for field, value in FORM.items() if field != left_out}
        response = reader.post(f"/books/{book_id}/reviews", data=form)
        assert response.status_code == 400
        assert stored_reviews(book_id) == []

    def test_a_refused_review_keeps_what_the_reader_wrote(self, reader, shelve):
        response = send_review(reader, shelve(), rating="9", text="Keep these words.")
        assert "Keep these words." in response.get_data(as_text=True)

    def test_a_visitor_is_asked_to_log_in_and_nothing_is_stored(
        self, client, shelve, stored_reviews
    ):
        book_id = shelve()
        response = send_review(client, book_id)
        assert response.status_code in (302, 303)
        assert "/auth/login" in response.headers["Location"]
        assert stored_reviews(book_id) == []

    @pytest.mark.parametrize("book_id", [ObjectId(), "not-an-id"], ids=["unknown", "malformed"])
    def test_reviewing_a_book_that_does_not_exist_is_a_404(self, reader, book_id):
        assert send_review(reader, book_id).status_code == 404


class TestTheBookPage:
    def test_it_shows_who_wrote_each_review_and_what_they_said(self, client, shelve):
        book_id = shelve(review("Maya", 4, "Sharp and funny."), review("Leo", 2, "Not for me."))
        page = book_page(client, book_id)
        for shown in ("Maya", "Sharp and funny.", "Leo", "Not for me."):
            assert shown in page

    def test_markup_in_a_review_is_shown_as_text(self, client, shelve):
        page = book_page(client, shelve(review("Eve", 1, "<b>Boo</b>")))
        assert "&lt;b&gt;Boo&lt;/b&gt;" in page
        assert "<b>Boo</b>" not in page

    @pytest.mark.parametrize(
        ("ratings", "average"),
        [((4, 5), "4.5"), ((1, 2, 2), "1.7"), ((3, 3, 4, 5), "3.8")],
    )
    def test_the_average_rating_has_one_decimal(self, client, shelve, ratings, average):
        book_id = shelve(*(review(f"Reader {n}", rating) for n, rating in enumerate(ratings)))
        assert average in book_page(client, book_id)

    def test_a_book_nobody_reviewed_shows_no_average(self, client, shelve):
        assert "out of 5" not in book_page(client, shelve())

    def test_an_unknown_book_is_a_404(self, client):
        assert client.get(f"/books/{ObjectId()}").status_code == 404
