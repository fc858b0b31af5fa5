"""Bookshelf: the Flask app you build through the course."""

from flask import Flask

from . import api, books, config, db, forms, health, pages, reviews

# Every part of the app, in the order it is registered.
BLUEPRINTS = (health.bp, pages.bp, books.bp, reviews.bp, api.bp)


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an instance of the Bookshelf app."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.load_settings())
    if test_config is not None:
        app.config.from_mapping(test_config)

    db.init_app(app)
    forms.csrf.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    # No CSRF token for the API. A page on another site can only make a browser send a form
    # (urlencoded, multipart or text/plain) without asking first, and the API refuses anything
    # that is not application/json with 415.
    forms.csrf.exempt(api.bp)
    return app
