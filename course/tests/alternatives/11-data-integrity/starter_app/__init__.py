"""Bookshelf: the Flask app you build through the course."""

from flask import Flask

from . import api, auth, books, config, db, explore, forms, health, pages, reviews, schema, stats


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an instance of the Bookshelf app."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.load_settings())
    if test_config is not None:
        app.config.from_mapping(test_config)

    db.init_app(app)
    # After the indexes: the books collection exists, and gets its validator.
    schema.setup(app)
    forms.csrf.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(books.bp)
    app.register_blueprint(reviews.bp)
    app.register_blueprint(stats.bp)
    app.register_blueprint(explore.bp)
    app.register_blueprint(api.bp)
    # The API takes JSON only (415 otherwise), which no form on another site can send:
    # that, not a token, is what protects it from cross-site requests.
    forms.csrf.exempt(api.bp)
    return app
