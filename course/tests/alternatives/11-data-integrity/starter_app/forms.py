"""The forms of the site, checked on the server, and CSRF protection for every form."""

import re
from datetime import date

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

# Refuses any POST without the secret token that our own pages put in their forms.
csrf = CSRFProtect()

LATEST_YEAR = date.today().year + 1
ISBN_TAKEN = "A book with this ISBN is already on the shelf."


def strip(value: str | None) -> str | None:
    """Drop spaces around typed text, so '   ' counts as empty."""
    return value.strip() if isinstance(value, str) else value


def isbn_digits(value: str | None) -> str | None:
    """An ISBN without the hyphens and spaces printed in it; None when nothing was typed."""
    if not isinstance(value, str):
        return value
    return re.sub(r"[\s-]", "", value) or None


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
    isbn = StringField("ISBN", filters=[isbn_digits], validators=[Optional()])

    def validate_isbn(self, field) -> None:
        """10 or 13 digits 0-9 (str.isdigit alone would take ٩ or ９, which MongoDB refuses)."""
        digits = field.data or ""  # "-" alone leaves nothing: not an ISBN either
        if not (digits.isascii() and digits.isdigit() and len(digits) in (10, 13)):
            raise ValidationError("An ISBN is 10 or 13 digits, like 978-0-14-143951-8.")

    def isbn_is_taken(self) -> None:
        """Show next to the ISBN field that another book on the shelf already has it."""
        self.isbn.errors.append(ISBN_TAKEN)

    def document(self) -> dict:
        """The book to store: only this form's fields, and no isbn at all when none was typed."""
        names = ("title", "author", "genre", "year", "description", "isbn")
        typed = {name: self[name].data for name in names}
        if typed["isbn"] is None:
            del typed["isbn"]  # the unique index is sparse: a book without the field is skipped
        return typed

    def changes(self) -> dict:
        """The update for an edit: $set the typed fields, $unset an ISBN that was emptied."""
        update = {"$set": self.document()}
        if self.isbn.data is None:
            update["$unset"] = {"isbn": ""}
        return update
