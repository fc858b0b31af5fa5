"""Settings for the Bookshelf app, read from the environment (and `.env`)."""

import os
from pathlib import Path

from dotenv import load_dotenv

from .env import SettingError, whole_number

# `.env` lives next to the app folder, in the project root.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

ON_WORDS = frozenset({"1", "true", "yes", "on"})
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def switched_on(name: str) -> bool:
    """An on/off setting: 1, true, yes or on (in any case) is on; anything else is off."""
    return os.environ.get(name, "").strip().lower() in ON_WORDS


def log_level() -> str:
    """LOG_LEVEL in capitals; INFO when it is empty or unset."""
    level = os.environ.get("LOG_LEVEL", "").strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise SettingError(
            f"LOG_LEVEL in .env must be one of {', '.join(LOG_LEVELS)}, got {level!r}"
        )
    return level


def load_settings() -> dict:
    """Read every setting the app uses; `.env.example` documents each one."""
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    production = switched_on("PRODUCTION")
    return {
        # Production: no start without a real SECRET_KEY, HTTPS-only cookies, no debugger.
        "PRODUCTION": production,
        # A development key only off production: there, a missing key stops the start.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or (None if production else "dev"),
        # Empty means: start the embedded database that keeps its data in instance/.
        "MONGO_URI": os.environ.get("MONGO_URI", "").strip(),
        "MONGO_DBNAME": os.environ.get("MONGO_DBNAME", "bookshelf"),
        # How long to wait for the database before answering 503 (milliseconds). pymongo
        # looks for it every half second, so a request may wait up to 0.5 s more. 0 would
        # give up at once, before any database could answer: at least 1.
        "MONGO_TIMEOUT_MS": whole_number("MONGO_TIMEOUT_MS", 400, "milliseconds", at_least=1),
        # How passwords are hashed: werkzeug's scrypt (slow on purpose: a stolen hash is hard
        # to crack). Tests choose a cheaper one; check_password_hash reads any of them.
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt"),
        # The session cookie: no JavaScript access, not sent with cross-site POSTs, and in
        # production (or when asked) sent over HTTPS only.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production or switched_on("SESSION_COOKIE_SECURE"),
        # How much the app writes to its log (stderr).
        "LOG_LEVEL": log_level(),
        # How many proxies (nginx, a load balancer) stand in front of the app: 0 for none.
        "PROXY_COUNT": whole_number("PROXY_COUNT", 0, "proxies"),
        # The largest request body accepted (bytes); bigger ones get 413 before any view runs.
        # 0 would refuse every request, even a page asked for with no body: at least 1.
        "MAX_CONTENT_LENGTH": whole_number("MAX_CONTENT_LENGTH", 1024 * 1024, "bytes", at_least=1),
    }
