"""The review page's Flask app: one draft, one curator, on 127.0.0.1 (guard.py)."""

from __future__ import annotations

from flask import Flask

from ...curation.editing.review import Review
from . import guard, views


def create_curate_app(review: Review, port: int, config: dict | None = None) -> Flask:
    """The app over a review session; `port` is where it is served (the only Host it answers)."""
    app = Flask(__name__, static_folder="static", static_url_path="/static", template_folder="templates")
    app.config.update(MAX_CONTENT_LENGTH=1_000_000, **(config or {}))
    app.extensions["review"] = review
    guard.install(app, port)
    app.register_blueprint(views.bp)
    return app
