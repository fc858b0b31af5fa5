"""Settings for the Bookshelf app, read from the environment (and `.env`)."""

import os
from pathlib import Path

from dotenv import load_dotenv

from .env import whole_number

# `.env` lives next to the app folder, in the project root.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONE_MEGABYTE = 2**20


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
        # Flask answers 413 Payload Too Large to a request body over this many bytes. With 0
        # every request would be too large, a GET with no body included, so at least 1.
        "MAX_CONTENT_LENGTH": whole_number("MAX_CONTENT_LENGTH", ONE_MEGABYTE, "bytes", at_least=1),
    }
