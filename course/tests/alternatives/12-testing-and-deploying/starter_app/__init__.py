"""Bookshelf: the Flask app you build through the course."""

from flask import Flask

from . import (
    api,
    auth,
    books,
    config,
    db,
    explore,
    forms,
    health,
    logs,
    pages,
    reviews,
    schema,
    security,
    stats,
)

# The parts of the app, each with its own pages (api.bp: the JSON API under /api/).
BLUEPRINTS = (
    health.bp,
    pages.bp,
    auth.bp,
    books.bp,
    reviews.bp,
    stats.bp,
    explore.bp,
    api.bp,
)


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an instance of the Bookshelf app."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.load_settings(), **(test_config or {}))

    logs.configure_logging(app)  # first: whatever happens next can be logged
    security.init_app(app)  # in production, no start without a real key
    db.init_app(app)
    schema.init_app(app)
    forms.csrf.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    # The API takes JSON only (415 otherwise), which no form on another site can send:
    # that, not a token, is what protects it from cross-site requests.
    forms.csrf.exempt(api.bp)

    app.logger.info(
        "Bookshelf started on %s (PRODUCTION is %s).",
        logs.without_password(app.config["MONGO_URI"]),
        "on" if app.config["PRODUCTION"] else "off",
    )
    return app
