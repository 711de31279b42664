"""Every IRI of the graph dereferences: a readable page for browsers, RDF by content negotiation."""

from __future__ import annotations


from flask import Blueprint, Response, abort, render_template, request

from ...sparql.formats import UnknownFormat, available, negotiate, wants_html
from .. import resources
from ..cache import cached
from ..errors import error_response, not_acceptable
from ..site import language, site

bp = Blueprint("resources", __name__)


def _settings():
    return site().settings


@bp.get("/id/<path:rest>")
@cached
def resource(rest: str):
    return _dereference(_settings().base_iri + "id/" + rest, "resource")


@bp.get("/graph/<name>")
@cached
def graph(name: str):
    return _dereference(_settings().base_iri + "graph/" + name, "graph")


@bp.get("/ontology")
@cached
def ontology():
    return _dereference(_settings().base_iri + "ontology", "ontology")


def _dereference(iri: str, kind: str):
    service = site().service
    if wants_html(request.accept_mimetypes, request.args.get("format"), available("graph"), browsers_by_default=True):
        page = resources.page(service, iri, kind, language())
        if page is None:
            abort(404, f"Nothing is known about <{iri}>.")
        site().labels.prefetch(resources.iris_on(page, iri))
        template = {"resource": "resource.html", "graph": "graph.html", "ontology": "ontology.html"}[kind]
        response = Response(render_template(template, page=page, iri=iri, lang=language()))
    else:
        try:
            chosen = negotiate("graph", request.accept_mimetypes, request.args.get("format"))
        except UnknownFormat as error:
            return error_response(400, f"format={error} is not an RDF format this service speaks.")
        if chosen is None:
            return not_acceptable("graph", also=("text/html",))
        key, media_type = chosen
        outcome = resources.describe_resource(service, iri, kind, key)
        if outcome.status != 200:
            return error_response(outcome.status, outcome.message)
        if outcome.count == 0:
            return error_response(404, f"Nothing is known about <{iri}>.")
        response = Response(outcome.body, content_type=f"{media_type}; charset=utf-8")
        response.headers["Content-Location"] = f"{request.path}?format={key}"
        response.headers["Link"] = f'<{iri}>; rel="canonical"'
    response.headers["Vary"] = "Accept, Accept-Language"
    response.set_etag(service.etag(iri, request.headers.get("Accept"), request.query_string, language()))
    return response.make_conditional(request)
