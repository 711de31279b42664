"""The Flask application factory: defaults, then the environment, then test overrides."""

from __future__ import annotations

import atexit
from collections.abc import Mapping

from flask import Flask
from flask_cors import CORS

from .service import Service
from .settings import Settings

EXTENSION = "hva_graph"


def create_app(config: Mapping | None = None) -> Flask:
    """Build the application.

    config may hold Flask settings (e.g. TESTING) and:
      SETTINGS  a Settings object (default: Settings.from_env())
      SERVICE   a ready Service (tests pass one over their own graphs); otherwise the
                project's knowledge is loaded, inferred and validated, and the app
                refuses to start on a violation.
    """
    config = dict(config or {})
    settings: Settings = config.pop("SETTINGS", None) or Settings.from_env()
    service: Service = config.pop("SERVICE", None) or Service.from_settings(settings)
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=settings.max_request_bytes, JSON_SORT_KEYS=False)
    app.config.update(config)
    app.extensions[EXTENSION] = service
    atexit.register(service.close)

    CORS(app, resources={r"/sparql*": {"origins": "*"}, r"/health": {"origins": "*"}},
         methods=["GET", "HEAD", "POST", "OPTIONS"], allow_headers=["Content-Type", "Accept"],
         expose_headers=["ETag", "X-Result-Count"], max_age=86400)

    from . import routes_assets, routes_dumps, routes_health, routes_pages, routes_resources, routes_sparql, site
    from .canned import CannedQueries
    from .labels import LabelIndex
    from .response_cache import ResponseCache
    from .queries import load_questions

    app.extensions["hva_graph_queries"] = CannedQueries(service, settings.root / "queries")
    app.extensions["hva_graph_questions"] = load_questions(settings.root / "queries")
    app.extensions["hva_graph_labels"] = LabelIndex(service)
    app.extensions["hva_graph_responses"] = ResponseCache()
    site.install(app)

    app.register_blueprint(routes_sparql.bp)
    app.register_blueprint(routes_health.bp)
    app.register_blueprint(routes_pages.bp)
    app.register_blueprint(routes_resources.bp)
    app.register_blueprint(routes_dumps.bp)
    app.register_blueprint(routes_assets.bp)
    routes_sparql.register_error_handlers(app)
    from .response_cache import CachedBytes

    app.wsgi_app = CachedBytes(app.wsgi_app, service)
    return app


def service_of(app: Flask) -> Service:
    return app.extensions[EXTENSION]
