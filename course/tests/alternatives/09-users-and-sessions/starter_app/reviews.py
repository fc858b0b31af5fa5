"""Reviews: readers rate a book from 1 to 5 and say why; kept inside the book's document."""

from datetime import datetime, timezone

from bson import ObjectId
from flask import Blueprint, flash, redirect, render_template, url_for
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from .auth import readers_only
from .db import get_db
from .forms import HtmlForm, strip

bp = Blueprint("reviews", __name__)


class ReviewForm(HtmlForm):
    """A review as a reader types it in."""

    name = StringField(
        "Your name",
        filters=[strip],
        validators=[DataRequired("Please give your name."), Length(max=50)],
    )
    rating = IntegerField(
        "Rating (1 to 5)",
        validators=[
            InputRequired("Please give a rating."),
            NumberRange(1, 5, "The rating must be a whole number from 1 to 5."),
        ],
    )
    text = TextAreaField(
        "Your review",
        filters=[strip],
        validators=[DataRequired("Please say a few words."), Length(max=1000)],
    )


@bp.app_template_filter()
def average_rating(reviews: list[dict] | None) -> float | None:
    """The mean rating of these reviews, or None when there are none."""
    # Recomputed from the reviews themselves, so it is right for every book, seeded or not.
    ratings = [
        review["rating"] for review in reviews or [] if isinstance(review.get("rating"), int)
    ]
    return sum(ratings) / len(ratings) if ratings else None


# This address takes only POSTs: a visitor sent to log in comes back to the book's page.
@bp.post("/books/<ObjectId:book_id>/reviews")
@readers_only(return_to="books.show_book")
def add_review(book_id: ObjectId):
    """Add a review to a book; a refused one shows the book again with the errors."""
    book = get_db().books.find_one_or_404({"_id": book_id})
    form = ReviewForm()
    if not form.validate_on_submit():
        return render_template("books/book.html", book=book, review_form=form), 400
    review = {
        "name": form.name.data,
        "rating": form.rating.data,
        "text": form.text.data,
        "created_at": datetime.now(timezone.utc),
    }
    # $push appends to the array inside the document, in one atomic update.
    get_db().books.update_one({"_id": book_id}, {"$push": {"reviews": review}})
    flash("Thank you: your review was added.")
    return redirect(url_for("books.show_book", book_id=book_id), code=303)
