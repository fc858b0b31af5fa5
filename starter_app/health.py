"""A health check that tells whether the app can reach its database."""

from flask import Blueprint
from pymongo.errors import PyMongoError

from .db import get_db

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    """Answer 200 when the database answers a ping, 503 (quickly) when it does not."""
    try:
        get_db().command("ping")
    except PyMongoError as error:
        message = f"The database is not reachable: {error.__class__.__name__}."
        return {"status": "error", "database": "down", "message": message}, 503
    return {"status": "ok", "database": "up"}
