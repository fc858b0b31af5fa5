"""Bookshelf: the Flask app you build through the course."""

from flask import Flask

from . import api, books, config, db, forms, health, pages, reviews, stats

# The HTML blueprints, in the order their routes are registered; the API comes last.
PAGES = (health, pages, books, reviews, stats)


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an instance of the Bookshelf app."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.load_settings())
    if test_config is not None:
        app.config.from_mapping(test_config)

    db.init_app(app)
    forms.csrf.init_app(app)
    for module in PAGES:
        app.register_blueprint(module.bp)
    app.register_blueprint(api.bp)
    # The API takes JSON only (415 otherwise), which no form on another site can send:
    # that, not a token, is what protects it from cross-site requests.
    forms.csrf.exempt(api.bp)
    return app
