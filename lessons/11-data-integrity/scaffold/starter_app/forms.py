"""The forms of the site, checked on the server, and CSRF protection for every form."""

from datetime import date

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

# Refuses any POST without the secret token that our own pages put in their forms.
csrf = CSRFProtect()

LATEST_YEAR = date.today().year + 1
DUPLICATE_ISBN = "A book with this ISBN is already on the shelf."


def strip(value: str | None) -> str | None:
    """Drop spaces around typed text, so '   ' counts as empty."""
    return value.strip() if isinstance(value, str) else value


class HtmlForm(FlaskForm):
    """A form a browser fills in: only posted form fields count, never a JSON body.

    Flask-WTF would also read a JSON body, where a field can hold a dict such as
    {"$ne": null}; and a form filled from stored data (the edit form) would "save" a
    request that sent no fields at all. JSON belongs to the API, which checks it.
    """

    class Meta:
        def wrap_formdata(self, form, formdata):
            return None if request.is_json else super().wrap_formdata(form, formdata)

    def validate_on_submit(self, extra_validators=None) -> bool:
        """True only for a submitted form whose fields a browser sent, all valid."""
        return bool(request.form) and super().validate_on_submit(extra_validators)


class BookForm(HtmlForm):
    """A book as a visitor types it in."""

    title = StringField(
        "Title",
        filters=[strip],
        validators=[DataRequired("Please give the title."), Length(max=200)],
    )
    author = StringField(
        "Author",
        filters=[strip],
        validators=[DataRequired("Please give the author."), Length(max=100)],
    )
    genre = StringField("Genre", filters=[strip], validators=[Optional(), Length(max=50)])
    year = IntegerField(
        "Year",
        validators=[
            Optional(),
            NumberRange(0, LATEST_YEAR, f"The year must be between 0 and {LATEST_YEAR}."),
        ],
    )
    description = TextAreaField(
        "Description", filters=[strip], validators=[Optional(), Length(max=2000)]
    )

    # TODO (lesson 11, step 2): isbn, a StringField("ISBN") with filters=[strip, digits]
    # (write digits(value): the text without "-" and " ") and validators=[Optional(),
    # Regexp(r"^[0-9]{10}([0-9]{3})?$", message="An ISBN has 10 or 13 digits.")].
    # [0-9], not \d: in Python, \d also takes other scripts' digits (٩٧٨), which the
    # database's schema refuses.

    def book_fields(self) -> dict:
        """The values to store: only the fields this form declares (an allow-list)."""
        # TODO (lesson 11, step 2): add "isbn" only when one was typed: an empty ISBN stored
        # as "" would clash with the next book that has none (the unique index).
        return {
            name: self[name].data for name in ("title", "author", "genre", "year", "description")
        }
