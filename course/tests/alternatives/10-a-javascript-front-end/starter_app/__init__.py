"""Bookshelf: the Flask app you build through the course."""

from flask import Flask

from . import api, auth, books, config, db, explore, forms, health, pages, reviews, stats

BLUEPRINTS = (health, pages, auth, books, reviews, stats, explore, api)


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an instance of the Bookshelf app."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.load_settings())
    app.config.from_mapping(test_config or {})

    db.init_app(app)
    forms.csrf.init_app(app)
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp)
    # The API reads JSON bodies only, which a form on another site cannot send.
    forms.csrf.exempt(api.bp)
    return app
