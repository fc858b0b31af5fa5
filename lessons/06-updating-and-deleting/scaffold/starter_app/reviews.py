"""Reviews: readers rate a book from 1 to 5 and say why; kept inside the book's document."""

from datetime import datetime, timezone  # noqa: F401 (for created_at)

from bson import ObjectId  # noqa: F401 (for your views)
from flask import Blueprint, flash, redirect, render_template, url_for  # noqa: F401
from wtforms import IntegerField, StringField, TextAreaField  # noqa: F401
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange  # noqa: F401

from .db import get_db  # noqa: F401
from .forms import HtmlForm, strip

bp = Blueprint("reviews", __name__)


class ReviewForm(HtmlForm):
    """A review as a reader types it in."""

    name = StringField(
        "Your name",
        filters=[strip],
        validators=[DataRequired("Please give your name."), Length(max=50)],
    )
    # TODO (lesson 06, step 3): add `rating`, an IntegerField("Rating (1 to 5)") that is
    # required (InputRequired) and between 1 and 5 (NumberRange), and `text`, a
    # TextAreaField("Your review") that is required and at most 1000 characters.


@bp.app_template_filter()
def average_rating(reviews: list[dict] | None) -> float | None:
    """The mean rating of these reviews, or None when there are none."""
    # Recomputed from the reviews themselves, so it is right for every book, seeded or not.
    ratings = [
        review["rating"] for review in reviews or [] if isinstance(review.get("rating"), int)
    ]
    return sum(ratings) / len(ratings) if ratings else None


# TODO (lesson 06, step 3): add an `add_review` view for POST
# /books/<ObjectId:book_id>/reviews. Find the book (find_one_or_404). When the ReviewForm
# is not valid, render books/book.html again with book=book, review_form=form, and
# status 400. Otherwise push the review (name, rating, text, created_at) into the book:
# update_one({"_id": book_id}, {"$push": {"reviews": review}}); flash a thank-you, and
# redirect to the book's page.
