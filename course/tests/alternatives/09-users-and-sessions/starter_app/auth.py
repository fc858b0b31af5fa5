"""Reader accounts: signing up, logging in and out, and who may change a book."""

import functools
import re
import secrets
from datetime import datetime, timezone

from bson import ObjectId
from bson.errors import InvalidId
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from pymongo.errors import DuplicateKeyError
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import PasswordField, StringField, ValidationError
from wtforms.validators import InputRequired, Length

from .db import get_db
from .forms import HtmlForm

bp = Blueprint("auth", __name__, url_prefix="/auth")

# The session holds the reader's id (as text) under this key, and nothing else of theirs.
READER_KEY = "reader_id"
# 3 to 30 characters, lower case (the form lowers them), starting with a letter or digit.
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,29}")
# A path on this site: one "/" not followed by "/" or "\" (both lead to another host), and
# no backslash or control character anywhere (browsers turn "\" into "/" and drop tabs).
LOCAL_PATH = re.compile(r"/(?![/\\])[^\\\x00-\x1f\x7f]*")
# Requests that never need the reader: they must work even when the database does not.
NO_READER_NEEDED = {"static", "health.health"}


def tidy_username(value: str | None) -> str | None:
    """Trimmed and in lower case: " Maya " and "maya" are one account."""
    return value.strip().lower() if isinstance(value, str) else value


class SignUpForm(HtmlForm):
    """A new account: a username nobody has yet, and a password."""

    username = StringField(
        "Choose a username",
        filters=[tidy_username],
        validators=[InputRequired("Every account needs a username.")],
    )
    password = PasswordField(
        "Choose a password",
        validators=[
            InputRequired("Every account needs a password."),
            Length(8, 200, "A password has 8 to 200 characters."),
        ],
    )

    def validate_username(self, field) -> None:
        """Letters, digits, dots, dashes and underscores only, so it is safe in any address."""
        if not USERNAME.fullmatch(field.data or ""):
            raise ValidationError(
                "Use 3 to 30 letters, digits, dots, dashes or underscores, starting with a "
                "letter or a digit."
            )


class LogInForm(HtmlForm):
    """An existing account's username and password: checked against the database, not here."""

    username = StringField(
        "Username", filters=[tidy_username], validators=[InputRequired("Type your username.")]
    )
    password = PasswordField("Password", validators=[InputRequired("Type your password.")])


@bp.before_app_request
def load_reader() -> None:
    """Put the logged-in reader in g.reader (without the password hash), or None."""
    g.reader = None
    reader_id = session.get(READER_KEY)
    if reader_id is None or request.endpoint in NO_READER_NEEDED:
        return
    try:
        g.reader = get_db().users.find_one({"_id": ObjectId(reader_id)}, {"password_hash": 0})
    except (InvalidId, TypeError):
        session.pop(READER_KEY)  # not an id we wrote: forget it


@bp.app_template_global()
def may_change(book: dict) -> bool:
    """Whether the logged-in reader added this book (the sample books belong to nobody)."""
    return g.reader is not None and g.reader["_id"] == book.get("owner")


def forbid_unless_owner(book: dict) -> None:
    """Answer 403 Forbidden unless the logged-in reader added this book."""
    if not may_change(book):
        abort(403, "This book was added by another reader: only they may change it.")


def readers_only(return_to: str | None = None):
    """Make a view for logged-in readers: a visitor is sent to the login page first.

    After logging in they come back to this address; for a view that takes only POSTs,
    to the page `return_to` names instead (with the same arguments), where its form is.
    """

    def decorate(view):
        @functools.wraps(view)
        def guarded(**kwargs):
            if g.reader is not None:
                return view(**kwargs)
            flash("Log in first, please: then you can carry on.")
            back = url_for(return_to, **kwargs) if return_to else request.full_path.rstrip("?")
            return redirect(url_for("auth.login", next=back))

        return guarded

    return decorate


def reader_with(username, password) -> dict | None:
    """The account with this username and password, or None.

    Anything but two texts is refused before the query: JSON can send {"$ne": null}. The
    password is checked in Python, never in the query, and against a decoy hash when the
    username is unknown, so that both answers take as long.
    """
    if not isinstance(username, str) or not isinstance(password, str):
        return None
    reader = get_db().users.find_one({"username": tidy_username(username)})
    matches = check_password_hash(reader["password_hash"] if reader else decoy_hash(), password)
    return reader if reader is not None and matches else None


def decoy_hash() -> str:
    """A hash of a random password nobody knows, made once per app with its hash method."""
    extensions = current_app.extensions
    if "decoy_password_hash" not in extensions:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        extensions["decoy_password_hash"] = generate_password_hash(secrets.token_hex(), method)
    return extensions["decoy_password_hash"]


def log_reader_in(reader: dict) -> None:
    """Start a new session for this reader: nothing from before the login is kept."""
    session.clear()
    session[READER_KEY] = str(reader["_id"])


def onwards():
    """Redirect to ?next= when it is a path on this site, else to the home page."""
    target = request.args.get("next") or ""
    return redirect(target if LOCAL_PATH.fullmatch(target) else url_for("pages.index"), 303)


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Sign up; the unique index on username, not a lookup first, refuses a taken one."""
    form = SignUpForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        reader = {
            "username": form.username.data,
            "password_hash": generate_password_hash(
                form.password.data, method=current_app.config["PASSWORD_HASH_METHOD"]
            ),
            "created_at": datetime.now(timezone.utc),
        }
        try:
            get_db().users.insert_one(reader)
        except DuplicateKeyError:
            form.username.errors.append("Someone already has this username. Try another one.")
            status = 409
        else:
            log_reader_in(reader)
            flash(f"Welcome to the Bookshelf, {reader['username']}!")
            return onwards()
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in, then go on to ?next=. One message for any wrong pair: no hint which part."""
    form = LogInForm()
    if form.validate_on_submit():
        reader = reader_with(form.username.data, form.password.data)
        if reader is not None:
            log_reader_in(reader)
            flash(f"Good to see you again, {reader['username']}.")
            return onwards()
        form.form_errors.append("This username and password do not match any account.")
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Log out: a POST with the CSRF token, so no link or image on another page can."""
    session.clear()
    flash("You have logged out. See you soon!")
    return redirect(url_for("books.list_books"), 303)


@bp.app_errorhandler(403)
def not_allowed(error):
    """Say why the reader may not do this, on a page of the site."""
    return render_template("403.html", message=error.description), 403
