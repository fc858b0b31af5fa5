"""The forms of the site, checked on the server, and CSRF protection for every form."""

from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import IntegerField, StringField, TextAreaField  # noqa: F401 (for your fields)
from wtforms.validators import DataRequired, Length, NumberRange, Optional  # noqa: F401

# Refuses any POST without the secret token that our own pages put in their forms.
csrf = CSRFProtect()

LATEST_YEAR = date.today().year + 1


def strip(value: str | None) -> str | None:
    """Drop spaces around typed text, so '   ' counts as empty."""
    return value.strip() if isinstance(value, str) else value


class BookForm(FlaskForm):
    """A book as a visitor types it in."""

    title = StringField(
        "Title",
        filters=[strip],
        validators=[DataRequired("Please give the title."), Length(max=200)],
    )
    # TODO (lesson 05, step 1): add the fields `author` (a StringField), `genre` (a
    # StringField), `year` (an IntegerField: the stored year is a number) and
    # `description` (a TextAreaField), each with filters=[strip] except the year.
    # TODO (lesson 05, step 3): give each field its validators: the author is required
    # (DataRequired) and at most 100 characters (Length); genre and description are
    # optional (Optional()) and at most 50 and 2000 characters; the year is optional and
    # between 0 and LATEST_YEAR (NumberRange).

    def book_fields(self) -> dict:
        """The values to store: only the fields this form declares (an allow-list)."""
        # TODO (lesson 05, step 2): return {name: self[name].data for name in (...)} for
        # the five fields, and nothing else from the request.
        return {}
