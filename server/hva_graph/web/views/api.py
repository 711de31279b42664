"""The canned queries as an API: /openapi.json (OpenAPI 3.1, made from their front matter and
the data served: canned/api.py), its documentation page /api, and the list of queries as JSON
(/queries/ with Accept: application/json or format=json, answered by pages.index through
`query_list`).

The documentation page is rendered here, not by Swagger UI or Redoc: it must pass the same
checks as every page (axe-core, WCAG 2.1 AA, in fi, sv and en, under the site's
Content-Security-Policy, within the page-weight budget), which those single-page apps, English
only and over a megabyte of script, would not; every query page already is the try-it form.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for

from ...canned.api import formats, listing, openapi, parameters
from ..cache import cached
from ..site import language, site

bp = Blueprint("api", __name__)


def _root() -> str:
    """The public address of the service (scheme, host and proxy prefix as checked by the front)."""
    return request.url_root


def _choices_of(query, parameter):
    """Every value the parameter takes (the pickers offer only those that give rows; an API
    user may ask for any, and gets an empty answer where the data has none)."""
    return site().queries.choices(query, parameter, offered=False)


@bp.get("/openapi.json")
@cached
def openapi_json():
    canned = site().queries
    document = openapi(canned.queries, _choices_of, site().service.version, _root())
    response = jsonify(document)
    response.set_etag(site().service.etag("openapi", _root()))
    response.headers["Link"] = f'<{url_for("api.documentation", _external=True)}>; rel="service-doc"'
    return response.make_conditional(request)


@bp.get("/api")
@cached
def documentation():
    canned = site().queries
    described = [(query, parameters(query, _choices_of), formats(query)) for query in canned.queries.values()]
    return render_template("api.html", described=described, lang=language(),
                           openapi_url=url_for("api.openapi_json"))


def query_list():
    """The list of canned queries as JSON (for pages.index)."""
    response = jsonify(listing(site().queries.queries, _choices_of, _root()))
    response.headers["Vary"] = "Accept"
    return response
