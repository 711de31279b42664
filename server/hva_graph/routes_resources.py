"""Every IRI of the graph dereferences: a readable page for browsers, RDF by content negotiation."""

from __future__ import annotations


from flask import Blueprint, Response, abort, current_app, render_template, request

from . import resources
from .formats import UnknownFormat, available, negotiate
from .routes_sparql import error_response
from .site import language
from .response_cache import cached

bp = Blueprint("resources", __name__)


def _settings():
    return current_app.extensions["hva_graph"].settings


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
    service = current_app.extensions["hva_graph"]
    if _wants_html():
        page = resources.page(service, iri, kind, language())
        if page is None:
            abort(404, f"Nothing is known about <{iri}>.")
        template = {"resource": "resource.html", "graph": "graph.html", "ontology": "ontology.html"}[kind]
        response = Response(render_template(template, page=page, iri=iri, lang=language()))
    else:
        try:
            chosen = negotiate("graph", request.accept_mimetypes, request.args.get("format"))
        except UnknownFormat as error:
            return error_response(400, f"format={error} is not an RDF format this service speaks.")
        if chosen is None:
            return error_response(406, "This resource is available as text/html or as "
                                       + ", ".join(available("graph")) + ".")
        key, media_type = chosen
        outcome = resources.describe(service, iri, kind, key)
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


def _wants_html() -> bool:
    wanted = request.args.get("format")
    if wanted:
        return wanted.lower() in ("html", "text/html")
    if not request.accept_mimetypes:
        return True
    return request.accept_mimetypes.best_match(["text/html", *available("graph")]) == "text/html"
