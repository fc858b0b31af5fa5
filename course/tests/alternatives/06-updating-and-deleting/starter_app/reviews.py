"""Reviews live inside their book's document; this module adds them and sums them up."""

from datetime import datetime, timezone
from statistics import fmean
from typing import NamedTuple

from bson import ObjectId
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from .db import get_db
from .forms import HtmlForm, strip

bp = Blueprint("reviews", __name__)


class ReviewForm(HtmlForm):
    """What a reader sends about a book: who they are, a rating and a few words."""

    name = StringField(
        "Your name",
        filters=[strip],
        validators=[DataRequired("Tell us who you are."), Length(max=50)],
    )
    rating = IntegerField(
        "Rating (1 to 5)",
        validators=[
            InputRequired("Choose a rating."),
            NumberRange(min=1, max=5, message="Ratings go from 1 to 5, in whole stars."),
        ],
    )
    text = TextAreaField(
        "Your review",
        filters=[strip],
        validators=[DataRequired("Write a few words about the book."), Length(max=1000)],
    )


class Rating(NamedTuple):
    """A book's average rating and how many reviews it is the average of."""

    average: float
    count: int


def rating_of(reviews: list[dict] | None) -> Rating | None:
    """Sum up the reviews' ratings; None when no review holds one."""
    scores = [review.get("rating") for review in reviews or ()]
    scores = [score for score in scores if isinstance(score, int)]
    if not scores:
        return None
    return Rating(fmean(scores), len(scores))


def book_page(book: dict, form: ReviewForm | None = None):
    """The book's page, with its rating worked out from the reviews it holds now."""
    return render_template(
        "books/book.html",
        book=book,
        rating=rating_of(book.get("reviews")),
        review_form=form or ReviewForm(),
    )


@bp.route("/books/<ObjectId:book_id>/reviews", methods=["POST"])
def post_review(book_id: ObjectId):
    """Append a valid review to the book; show the book again with the errors otherwise."""
    form = ReviewForm()
    if not form.validate_on_submit():
        return book_page(get_db().books.find_one_or_404({"_id": book_id}), form), 400
    review = {
        "name": form.name.data,
        "rating": form.rating.data,
        "text": form.text.data,
        "created_at": datetime.now(timezone.utc),
    }
    pushed = get_db().books.update_one({"_id": book_id}, {"$push": {"reviews": review}})
    if not pushed.matched_count:
        abort(404)
    flash(f"Thanks, {review['name']}: your review is on the page.")
    return redirect(url_for("books.show_book", book_id=book_id, _anchor="reviews"), 303)
