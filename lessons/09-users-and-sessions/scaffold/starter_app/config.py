"""Settings for the Bookshelf app, read from the environment (and `.env`)."""

import os
from pathlib import Path

from dotenv import load_dotenv

# `.env` lives next to the app folder, in the project root.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingError(ValueError):
    """A setting in .env that the app cannot use; the message says which, and what it needs."""


def milliseconds(name: str, default: int) -> int:
    """A duration setting in whole milliseconds (empty or unset: `default`)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        # Named here, so the student fixes .env rather than this file.
        raise SettingError(f"{name} in .env must be a whole number of milliseconds, got {value!r}")
    return number


def load_settings() -> dict:
    """Read every setting the app uses; `.env.example` documents each one."""
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", "dev"),
        # Empty means: start the embedded database that keeps its data in instance/.
        "MONGO_URI": os.environ.get("MONGO_URI", "").strip(),
        "MONGO_DBNAME": os.environ.get("MONGO_DBNAME", "bookshelf"),
        # How long to wait for the database before answering 503 (milliseconds). pymongo
        # looks for it every half second, so a request may wait up to 0.5 s more.
        "MONGO_TIMEOUT_MS": milliseconds("MONGO_TIMEOUT_MS", 400),
        # TODO (lesson 09, step 1): "PASSWORD_HASH_METHOD" from the environment, default
        # "scrypt" (slow on purpose: a stolen hash is hard to crack; tests set a cheaper one).
        # TODO (lesson 09, step 2): "SESSION_COOKIE_HTTPONLY": True (no JavaScript access to
        # the cookie) and "SESSION_COOKIE_SAMESITE": "Lax" (not sent with cross-site POSTs).
        # The largest request body accepted (bytes); bigger ones get 413 before any view runs.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(1024 * 1024))),
    }
