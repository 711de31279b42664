"""The Flask application factory: defaults, then the environment, then test overrides."""

from __future__ import annotations

import atexit
from collections.abc import Mapping

from flask import Flask
from flask_cors import CORS

from ..forwarding.public import PublicAddress, allowed_host_names
from ..service import Service
from ..settings import Settings
from . import compression, errors, headers
from .admission import Admission
from .lean import LeanSparql
from .answers import EXPOSED_HEADERS
from .cache import ResponseCache
from .messages import catalogue
from .reload import Reloader
from .site import Site, install, served_version, site_of
from .views import api, assets, discovery, dumps, health, pages, releases, resources, sparql


def cross_origin(app: Flask) -> None:
    """CORS on every resource, with preflight: everything here is public and read-only, and no
    answer depends on credentials (none are allowed), so any web page may query the endpoint,
    dereference an IRI, fetch a canned answer, a dump or the descriptions, and read the headers a
    client caches and names files by. Only /sparql takes POST; elsewhere a POST is a 405."""
    CORS(app, resources={r"/*": {"origins": "*"}}, methods=["GET", "HEAD", "POST", "OPTIONS"],
         allow_headers=["Content-Type", "Accept", "Accept-Language", "If-None-Match", "If-Modified-Since"],
         expose_headers=list(EXPOSED_HEADERS),
         supports_credentials=False, max_age=86400)


def create_app(config: Mapping | None = None) -> Flask:
    """Build the application.

    config may hold Flask settings (e.g. TESTING) and:
      SETTINGS  a Settings object (default: Settings.from_env())
      SERVICE   a ready Service (tests pass one over their own graphs); otherwise the
                project's knowledge is loaded, inferred and validated, and the app
                refuses to start on a violation.
      ON_RELOAD a function told of each service a reload starts serving (start-up keeps
                it for a worker that replaces this one).
    """
    config = dict(config or {})
    catalogue()  # every interface string in fi, sv and en, or no start
    settings: Settings = config.pop("SETTINGS", None) or Settings.from_env()
    service: Service = config.pop("SERVICE", None) or Service.from_settings(settings)
    on_reload = config.pop("ON_RELOAD", None)
    app = Flask(__name__, static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=settings.max_request_bytes, JSON_SORT_KEYS=False)
    app.config.update(config)
    atexit.register(lambda: site_of(app).service.close())

    cross_origin(app)

    install(app, Site.over(service), assets.asset_url)
    for view in (sparql, health, pages, resources, dumps, releases, assets, discovery, api):
        app.register_blueprint(view.bp)
    app.add_url_rule("/static/<path:filename>", endpoint="static", view_func=assets.static_file)
    errors.register(app)
    compression.install(app)
    headers.install(app)
    Reloader(app, settings, on_reload)
    # Outside in: the public address (checked host, trusted proxies' scheme, prefix and client),
    # which the response cache keys by and every URL is made from; kept answers; fair shares; the
    # lean road for machine clients' queries; Flask.
    app.wsgi_app = ResponseCache(Admission(LeanSparql(app.wsgi_app, app), app, settings), lambda: served_version(app))
    app.wsgi_app = PublicAddress(app.wsgi_app, settings.trusted_proxies,
                                 allowed_host_names(settings.host, settings.allowed_hosts),
                                 settings.public_base_url, headers.HEADERS)
    return app
