"""The forms of the site, checked on the server, and CSRF protection for every form."""

from datetime import date

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

# Refuses any POST without the secret token that our own pages put in their forms.
csrf = CSRFProtect()

LATEST_YEAR = date.today().year + 1
DUPLICATE_ISBN = "A book with this ISBN is already on the shelf."


def strip(value: str | None) -> str | None:
    """Drop spaces around typed text, so '   ' counts as empty."""
    return value.strip() if isinstance(value, str) else value


def digits(value: str | None) -> str | None:
    """An ISBN as typed ('978-0-14-143951-8') with its hyphens and spaces dropped."""
    return value.replace("-", "").replace(" ", "") if isinstance(value, str) else value


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

    isbn = StringField(
        "ISBN",
        filters=[strip, digits],
        validators=[
            Optional(),
            Regexp(r"^[0-9]{10}([0-9]{3})?$", message="An ISBN has 10 or 13 digits."),
        ],
    )

    def book_fields(self) -> dict:
        """The values to store: only the fields this form declares (an allow-list)."""
        fields = {
            name: self[name].data for name in ("title", "author", "genre", "year", "description")
        }
        if self.isbn.data:  # no ISBN is no field at all: the unique index skips the book
            fields["isbn"] = self.isbn.data
        return fields
