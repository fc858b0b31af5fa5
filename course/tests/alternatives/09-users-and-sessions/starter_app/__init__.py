"""Bookshelf: the Flask app you build through the course."""

from flask import Flask

from . import api, auth, books, config, db, forms, health, pages, reviews, stats


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an instance of the Bookshelf app."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.load_settings())
    if test_config is not None:
        app.config.from_mapping(test_config)

    db.init_app(app)
    forms.csrf.init_app(app)
    # auth first: its hook finds the logged-in reader before another hook may answer with
    # an error page (which shows the navigation, and who is logged in, too).
    for blueprint in (auth.bp, health.bp, pages.bp, books.bp, reviews.bp, stats.bp, api.bp):
        app.register_blueprint(blueprint)
    # The API takes JSON only (415 otherwise), which no form on another site can send:
    # that, not a token, is what protects it from cross-site requests.
    forms.csrf.exempt(api.bp)
    return app
