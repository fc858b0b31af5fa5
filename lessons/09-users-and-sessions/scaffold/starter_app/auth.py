"""Accounts: register, log in and out, and who may change what."""

import functools  # noqa: F401 (for login_required)
from datetime import datetime, timezone  # noqa: F401
from urllib.parse import urlsplit  # noqa: F401 (for safe_next)

from bson import ObjectId
from flask import (  # noqa: F401 (abort, current_app, request: for your views)
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
from pymongo.errors import DuplicateKeyError  # noqa: F401
from werkzeug.security import check_password_hash, generate_password_hash  # noqa: F401
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
    # TODO (lesson 09, step 4): add "owns": owns, once you have written it.
    return {"current_user": current_user}


# TODO (lesson 09, step 4): owns(book) -> bool: whether current_user() is not None and
# book.get("owner") == that user's "_id".

# TODO (lesson 09, step 3): login_required(view), a decorator. Inside, with
# @functools.wraps(view), a wrapped(**kwargs) that checks current_user(): when nobody is
# logged in, abort(401, "Log in first.") if request.blueprint == "api", else flash a
# message and redirect to url_for("auth.login", next=request.full_path.rstrip("?")).
# Otherwise it returns view(**kwargs).

# TODO (lesson 09, step 4): require_owner(book): abort(403, "Only the reader who added this
# book can change it.") unless owns(book).


# TODO (lesson 09, step 2): check_credentials(username, password) -> dict | None. Return
# None unless both are strings (step 5 shows why: JSON can send {"$ne": null}). Find the
# user by username (stripped, lower case); return it only when
# check_password_hash(user["password_hash"], password) is true.


def start_session(user: dict) -> None:
    """Log this user in: a fresh session that holds only their id."""
    session.clear()  # nothing from before the login survives it
    session["user_id"] = str(user["_id"])


# TODO (lesson 09, step 5): safe_next(target) -> str: target when it is a path on this
# site, else url_for("books.list_books"). Refuse: empty, not starting with "/", starting
# with "//", holding a backslash or a control character (ord < 32), or with a scheme or
# host (urlsplit). Then use it in register and login: safe_next(request.args.get("next")).


# TODO (lesson 09, step 1): register, for GET and POST /register (the blueprint adds
# /auth). form = AccountForm(); when form.validate_on_submit(): hash the password with
# generate_password_hash(form.password.data, method=current_app.config[
# "PASSWORD_HASH_METHOD"]); insert {"username", "password_hash", "created_at"} into
# users; on DuplicateKeyError add "This username is taken..." to form.username.errors;
# else start_session(user), flash a welcome, and redirect (303) to the books. Otherwise
# render "auth/form.html" (form, heading="Create an account"), 400 when it was sent.

# TODO (lesson 09, step 2): login, for GET and POST /login: when the form is valid and
# check_credentials finds the user, start_session(user) and redirect (303) to the books;
# when it is valid but wrong, add "Wrong username or password." to form.password.errors
# (the same words for both cases). Render "auth/form.html" (heading="Log in") otherwise.


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
