"""Settings for the Bookshelf app, read from the environment (and `.env`)."""

import os
from pathlib import Path

from dotenv import load_dotenv

from .env import whole_number

# `.env` lives next to the app folder, in the project root.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def load_settings() -> dict:
    """Read every setting the app uses; `.env.example` documents each one."""
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", "dev"),
        # Empty means: start the embedded database that keeps its data in instance/.
        "MONGO_URI": os.environ.get("MONGO_URI", "").strip(),
        "MONGO_DBNAME": os.environ.get("MONGO_DBNAME", "bookshelf"),
        # How long to wait for the database before answering 503 (milliseconds). pymongo
        # looks for it every half second, so a request may wait up to 0.5 s more. 0 would
        # give up at once, before any database could answer: at least 1.
        "MONGO_TIMEOUT_MS": whole_number("MONGO_TIMEOUT_MS", 400, "milliseconds", at_least=1),
        # Passwords are stored as werkzeug hashes made with this method: scrypt unless the
        # environment names another (the tests name a fast one; never do so in production).
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD") or "scrypt",
        # The session cookie has a name of its own: browsers keep cookies per host, not per
        # port, so another Flask app on localhost would overwrite a cookie called "session".
        # Scripts on the page cannot read it, and other sites' POSTs do not carry it.
        "SESSION_COOKIE_NAME": "bookshelf_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # The largest request body accepted (bytes); bigger ones get 413 before any view runs.
        # 0 would refuse every request, even a page asked for with no body: at least 1.
        "MAX_CONTENT_LENGTH": whole_number("MAX_CONTENT_LENGTH", 1024 * 1024, "bytes", at_least=1),
    }
