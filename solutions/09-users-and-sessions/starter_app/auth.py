"""Accounts: register, log in and out, and who may change what."""

import functools
from datetime import datetime, timezone
from urllib.parse import urlsplit

from bson import ObjectId
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
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from .db import get_db
from .forms import HtmlForm, strip

bp = Blueprint("auth", __name__, url_prefix="/auth")


def lower(value: str | None) -> str | None:
    """Usernames ignore case: 'Reader' and 'reader' are one account."""
    return value.lower() if isinstance(value, str) else value


class AccountForm(HtmlForm):
    """A username and a password, to register or to log in."""

    username = StringField(
        "Username", filters=[strip, lower],
        validators=[DataRequired("Please choose a username."), Length(3, 30),
                    Regexp(r"^[a-z0-9_.-]+$", message="Use letters, digits, _ . and - only.")],
    )  # fmt: skip
    password = PasswordField(
        "Password", validators=[DataRequired("Please give a password."), Length(8, 200)]
    )


def current_user() -> dict | None:
    """The logged-in user's document (without the password hash), or None."""
    if "user" not in g:
        # Read once per request, and only when asked: /health and static files skip it.
        user_id = session.get("user_id")
        g.user = None
        if isinstance(user_id, str) and ObjectId.is_valid(user_id):
            g.user = get_db().users.find_one({"_id": ObjectId(user_id)}, {"password_hash": 0})
    return g.user


@bp.app_context_processor
def user_in_templates() -> dict:
    """Templates can ask current_user() and owns(book)."""
    return {"current_user": current_user, "owns": owns}


def owns(book: dict) -> bool:
    """Whether the logged-in user added this book."""
    user = current_user()
    return user is not None and book.get("owner") == user["_id"]


def login_required(view):
    """Let only logged-in users through: others go to the login page (the API: 401)."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        if current_user() is None:
            if request.blueprint == "api":
                abort(401, "Log in first.")
            flash("Please log in first.")
            return redirect(url_for("auth.login", next=back_after_login()))
        return view(**kwargs)

    return wrapped


def back_after_login() -> str | None:
    """Where to go once logged in: the address asked for, when it opens as a page (GET).
    After a POST to an address that takes only POSTs, the page its form was on: going
    back to the address itself would answer 405."""
    if "GET" in request.url_rule.methods:
        return request.full_path.rstrip("?")
    sent_from = urlsplit(request.referrer or "")
    return sent_from.path if sent_from.netloc == request.host else None


def require_owner(book: dict) -> None:
    """403 Forbidden unless the logged-in user added this book."""
    if not owns(book):
        abort(403, "Only the reader who added this book can change it.")


def check_credentials(username, password) -> dict | None:
    """The user with this username and password, or None. Both must be strings."""
    # Never put what the client sent into the query unchecked: {"$ne": null} is an object.
    if not isinstance(username, str) or not isinstance(password, str):
        return None
    user = get_db().users.find_one({"username": username.strip().lower()})
    if user is None:
        # Check a password all the same: an unknown name must take as long as a wrong
        # password, or the time of the answer tells which usernames exist.
        check_password_hash(dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not check_password_hash(user["password_hash"], password):
        return None
    return user


@functools.cache
def dummy_hash(method: str) -> str:
    """A hash of no one's password, made once per method (the one real passwords use, so
    that checking it costs the same). What it is checked against never logs anyone in."""
    return generate_password_hash("no user has this password", method=method)


def start_session(user: dict) -> None:
    """Log this user in: a fresh session that holds only their id."""
    session.clear()  # nothing from before the login survives it
    session["user_id"] = str(user["_id"])


def safe_next(target: str | None) -> str:
    """Where to go after logging in: `target` if it is a path on this site, else the books."""
    fallback = url_for("books.list_books")
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    # Browsers read "/\evil.example" as "//evil.example", and drop tabs and newlines.
    if "\\" in target or any(ord(char) < 32 for char in target):
        return fallback
    parts = urlsplit(target)
    return fallback if parts.scheme or parts.netloc else target


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create an account (the username must be free), then log it in."""
    form = AccountForm()
    if form.validate_on_submit():
        method = current_app.config["PASSWORD_HASH_METHOD"]
        user = {
            "username": form.username.data,
            "password_hash": generate_password_hash(form.password.data, method=method),
            "created_at": datetime.now(timezone.utc),
        }
        try:
            get_db().users.insert_one(user)  # the unique index refuses a taken username
        except DuplicateKeyError:
            form.username.errors.append("This username is taken; please choose another.")
        else:
            start_session(user)
            flash(f"Welcome, {user['username']}! Your account is ready.")
            return redirect(safe_next(request.args.get("next")), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("auth/form.html", form=form, heading="Create an account"), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with a username and password, then go back where the visitor was going."""
    form = AccountForm()
    if form.validate_on_submit():
        user = check_credentials(form.username.data, form.password.data)
        if user is not None:
            start_session(user)
            flash(f"Hello again, {user['username']}.")
            return redirect(safe_next(request.args.get("next")), code=303)
        # The same words for an unknown user and a wrong password: no hint which it was.
        form.password.errors.append("Wrong username or password.")
    status = 400 if form.is_submitted() else 200
    return render_template("auth/form.html", form=form, heading="Log in"), status


@bp.post("/logout")
def logout():
    """Log out (a POST, with the CSRF token: a link or an image cannot log anyone out)."""
    session.clear()
    flash("You are logged out.")
    return redirect(url_for("pages.index"), code=303)


@bp.app_errorhandler(403)
def forbidden(error):
    """A page that says why the visitor may not do this."""
    return render_template("403.html", message=error.description), 403
