"""Bookshelf: the Flask app you build through the course."""

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from . import books, config, db, health, pages


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an instance of the Bookshelf app."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.load_settings())
    if test_config is not None:
        app.config.from_mapping(test_config)

    db.init_app(app)
    # Every POST of the app must carry the secret token its own pages hand out.
    CSRFProtect(app)
    for blueprint in (health.bp, pages.bp, books.bp):
        app.register_blueprint(blueprint)
    return app
