"""The ceiling: a minimal Flask + PyMongo app running the same queries as the measured app.

No templates, forms or extensions: one route per endpoint of bench/endpoints.py, answering
the query's result as JSON. Under the same gunicorn settings on the same database, its
throughput is the most this stack can give; the app is measured against it.

    MONGO_URI=mongodb://127.0.0.1:PORT/db gunicorn 'bench.ceiling_app:create_app()'
"""

import os

from bson import json_util
from flask import Flask, abort, request
from pymongo import MongoClient

from bench.endpoints import BY_KEY


def create_app() -> Flask:
    """The ceiling app, on the database named in MONGO_URI."""
    app = Flask(__name__)
    db = MongoClient(os.environ["MONGO_URI"], serverSelectionTimeoutMS=1000).get_database()

    @app.get("/health")
    def health():
        """Ready when the database answers."""
        db.command("ping")
        return {"status": "ok"}

    @app.get("/ceiling/<key>")
    def ceiling(key: str):
        """Run one endpoint's query and answer its result as JSON."""
        if key not in BY_KEY:
            abort(404)
        result = BY_KEY[key].query(db, request.args.to_dict())
        return app.response_class(json_util.dumps(result), mimetype="application/json")

    return app
