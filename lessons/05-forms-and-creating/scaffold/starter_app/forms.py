"""The forms of the site, checked on the server, and CSRF protection for every form."""

from datetime import date

from flask import request
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
