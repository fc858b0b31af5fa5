"""The form to add a book, with every rule checked on the server."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

# The fields a book may lack: stored only when they were filled in.
OPTIONAL_FIELDS = ("genre", "year", "description")


def trimmed(text: str | None) -> str | None:
    """Typed text without the spaces around it; no text at all stays as it is."""
    if isinstance(text, str):
        return text.strip()
    return text


class BookForm(FlaskForm):
    """Title, author, genre, year and description of a new book."""

    title = StringField(
        "Title",
        filters=(trimmed,),
        validators=(DataRequired("A book needs a title."), Length(max=200)),
    )
    author = StringField(
        "Author",
        filters=(trimmed,),
        validators=(DataRequired("Who wrote it? Fill in the author."), Length(max=100)),
    )
    genre = StringField("Genre", filters=(trimmed,), validators=(Length(max=50),))
    # A plain text box, so a mistyped year is shown back as it was typed.
    year = IntegerField(
        "Year first published",
        widget=TextInput(),
        validators=(
            Optional(),
            NumberRange(
                min=0,
                max=date.today().year + 1,
                message="Enter a year from %(min)s to %(max)s.",
            ),
        ),
    )
    description = TextAreaField("Description", filters=(trimmed,), validators=(Length(max=2000),))

    def to_document(self) -> dict:
        """The new book as stored: the form's own fields, the empty optional ones left out."""
        document = {"title": self.title.data, "author": self.author.data}
        for name in OPTIONAL_FIELDS:
            value = getattr(self, name).data
            if value not in (None, ""):
                document[name] = value
        return document
