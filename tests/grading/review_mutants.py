"""Broken versions of lesson 06's reviews: adding a review, rated 1 to 5, the average shown.

They grade a student's own tests of the reviews (see grading.student_tests), and show how
to describe the mutants of any feature: what goes wrong, in a user's words, and the kind
of test that would notice.
"""

import html
import re

from markupsafe import escape

from grading.mutations import AcceptBadInput, ChangeStatus, DropWrites, Mutant, RewritePage

ADD_REVIEW = "POST /books/<id>/reviews"
BOOK_PAGE = "GET /books/<id>"
GOOD_RATINGS = {"1", "2", "3", "4", "5"}


def is_bad_rating(value: str) -> bool:
    """Anything but a whole number from 1 to 5, as typed in the form."""
    return str(value).strip() not in GOOD_RATINGS


def hide_review_texts(page: str, read: list[dict]) -> str:
    """The page without the text of any review of the books the app read."""
    for review in _reviews(read):
        text = str(review.get("text") or "").strip()
        if text:
            for shown in sorted({text, str(escape(text)), html.escape(text)}, key=len)[::-1]:
                page = page.replace(shown, "")
    return page


def round_average_down(page: str, read: list[dict]) -> str:
    """The page with each book's average rating rounded down to a whole number (4.5 -> 4.0)."""
    for book in read:
        ratings = [r.get("rating") for r in book.get("reviews") or [] if isinstance(r, dict)]
        ratings = [r for r in ratings if isinstance(r, int | float) and not isinstance(r, bool)]
        if not ratings:
            continue
        right = sum(ratings) / len(ratings)
        wrong = float(sum(ratings) // len(ratings))
        for shown_right, shown_wrong in _ways_to_show(right, wrong):
            pattern = rf"(?<![\d.]){re.escape(shown_right)}(?!\d)"
            page = re.sub(pattern, shown_wrong, page)
    return page


def _ways_to_show(right: float, wrong: float) -> list[tuple[str, str]]:
    """(right, wrong) as a page may print them: 4.5, 4.50, 4.666666666666667; longest first."""
    shapes = [repr, "{:.2f}".format, "{:.1f}".format, lambda x: repr(round(x, 2)),
              lambda x: repr(round(x, 1))]  # fmt: skip
    wrong_for = {}  # the first shape that prints `right` this way decides the wrong text,
    for shape in shapes:  # so the mutant is the same in every run (a set's order is not)
        wrong_for.setdefault(shape(right), shape(wrong))
    pairs = [(shown, wrong) for shown, wrong in wrong_for.items() if shown != wrong]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def _reviews(read: list[dict]) -> list[dict]:
    return [r for book in read for r in book.get("reviews") or [] if isinstance(r, dict)]


SAVES_BAD_RATING = Mutant(
    name="saves_bad_rating",
    description=(
        "a version of your app that saves a review even when its rating is not a whole "
        'number from 1 to 5 (9, 0 or "five")'
    ),
    catch_with=(
        "a test that posts a review rated 9 and checks that the book in the database still "
        "has no reviews"
    ),
    change=AcceptBadInput(ADD_REVIEW, "rating", is_bad_rating, stand_in="3"),
)
FORGETS_REVIEWS = Mutant(
    name="forgets_reviews",
    description="a version of your app that thanks the reader for a review but never saves it",
    catch_with=(
        "a test that posts a good review, then checks that the book in the database "
        "(db.books.find_one) holds it, or that the book's page shows it"
    ),
    change=DropWrites(ADD_REVIEW, "books"),
)
HIDES_REVIEWS = Mutant(
    name="hides_reviews",
    description="a version of your app that saves reviews but never shows their text",
    catch_with=(
        "a test that stores a book with a review in the database, then checks that the "
        "book's page (GET /books/<id>) shows the review's text"
    ),
    change=RewritePage(BOOK_PAGE, hide_review_texts),
)
AVERAGE_ROUNDS_DOWN = Mutant(
    name="average_rounds_down",
    description=(
        "a version of your app that rounds the average rating down to a whole number "
        "(a book rated 4 and 5 shows 4.0 instead of 4.5)"
    ),
    catch_with=(
        "a test that stores a book with reviews rated 4 and 5, then checks that its page shows 4.5"
    ),
    change=RewritePage(BOOK_PAGE, round_average_down),
)
UNKNOWN_BOOK_CRASHES = Mutant(
    name="unknown_book_crashes",
    description=(
        "a version of your app that crashes (error 500) when someone reviews a book that "
        "does not exist"
    ),
    catch_with=(
        "a test that posts a review to /books/<an id no book has>/reviews and checks that "
        "the answer is 404"
    ),
    change=ChangeStatus(ADD_REVIEW, old=404, new=500),
)

REVIEW_MUTANTS = [SAVES_BAD_RATING, FORGETS_REVIEWS, HIDES_REVIEWS, AVERAGE_ROUNDS_DOWN,
                  UNKNOWN_BOOK_CRASHES]  # fmt: skip
