"""/sparql: each request is parsed, run once, and handed to content negotiation."""

from __future__ import annotations


from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from .engine import Outcome, QueryJob
from .formats import GRAPH_FORMATS, HTML, KINDS, UnknownFormat, available, negotiate
from .protocol import ProtocolError, SparqlOperation, parse_operation
from .service_description import describe
from .response_cache import cached

bp = Blueprint("sparql", __name__)

METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]


@bp.route("/sparql/", methods=METHODS)
@bp.route("/sparql", methods=METHODS, strict_slashes=False)
@cached
def sparql():
    service = current_app.extensions["hva_graph"]
    settings = service.settings
    operation = parse_operation(request, settings.max_query_length, settings.service_allowlist)
    if operation.query is None:
        if _prefers_html():
            return editor_page()
        return service_description()
    return run_query(service, operation)


def editor_page():
    """The query editor for browsers (see routes_editor; a plain form without JavaScript)."""
    from .routes_editor import render_editor

    return render_editor()


def service_description() -> Response:
    service = current_app.extensions["hva_graph"]
    chosen = _negotiate("graph")
    if chosen is None:
        return _not_acceptable("graph")
    key, media_type = chosen
    graph = describe(request.base_url.rstrip("/"), service)
    body = graph.serialize(format=_RDFLIB_FORMAT[key], encoding="utf-8")
    response = Response(body, content_type=f"{media_type}; charset=utf-8")
    response.set_etag(service.etag("service description", key, request.base_url))
    response.headers["Vary"] = "Accept"
    return response.make_conditional(request)


# rdflib's N-Quads serializer refuses a plain Graph; N-Triples lines are N-Quads in the default graph.
_RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml",
                  "trig": "trig", "nquads": "nt"}


def run_query(service, operation: SparqlOperation) -> Response:
    formats = {kind: _negotiate(kind, html=True) for kind in KINDS}
    etag = _etag(service, operation, formats)
    if request.method in ("GET", "HEAD") and etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Vary"] = "Accept"
        return response
    job = QueryJob(
        query=operation.query,
        formats={kind: (chosen[0] if chosen else None) for kind, chosen in formats.items()},
        default_graphs=operation.default_graphs if operation.default_graphs is not None else
        (() if operation.named_graphs is not None else None),
        named_graphs=operation.named_graphs,
        result_limit=service.settings.result_limit,
        base_iri=operation.base_iri,
    )
    outcome: Outcome = service.run(job)
    if outcome.status == 406:
        return _not_acceptable(outcome.kind)
    if outcome.status != 200:
        return error_response(outcome.status, outcome.message)
    media_type = formats[outcome.kind][1]
    body = outcome.body
    if outcome.format == HTML:  # a browser's page, rendered here from the worker's JSON or N-Triples
        from .html_results import render_results

        body = render_results(outcome, operation)
    response = Response(body, content_type=f"{media_type}; charset=utf-8")
    response.set_etag(etag)
    response.headers["Vary"] = "Accept, Accept-Language" if outcome.format == HTML else "Accept"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Result-Count"] = str(outcome.count)
    if outcome.kind == "graph" and outcome.format != HTML:
        response.headers["Content-Disposition"] = f'inline; filename="result.{GRAPH_FORMATS[outcome.format].extension}"'
    return response


def _negotiate(kind: str, html: bool = False):
    try:
        return negotiate(kind, request.accept_mimetypes, request.values.get("format"), html)
    except UnknownFormat as error:
        raise ProtocolError(400, f"format={error} is not a format this endpoint speaks; "
                                 "use one of json, xml, csv, tsv (results) or turtle, ntriples, "
                                 "jsonld, rdfxml, trig, nquads (graphs), or a media type.") from None


def _etag(service, operation: SparqlOperation, formats) -> str:
    variant = (operation.query, operation.default_graphs, operation.named_graphs,
               sorted((k, v) for k, v in formats.items() if v))
    if any(chosen and chosen[0] == HTML for chosen in formats.values()):
        from .site import language

        variant += (language(),)  # the page's own words follow the reader's language
    return service.etag(*variant)


def _prefers_html() -> bool:
    accept = request.accept_mimetypes
    if request.values.get("format"):
        return request.values["format"].lower() in ("html", "text/html")
    return accept.best_match(["text/turtle", "text/html"]) == "text/html" and accept["text/html"] > 0


def _not_acceptable(kind: str) -> Response:
    offered = ", ".join(available(kind))
    what = {"tabular": "SELECT results", "boolean": "ASK results", "graph": "RDF (CONSTRUCT, DESCRIBE, service description)"}[kind]
    return error_response(406, f"None of the media types in Accept ({request.headers.get('Accept', '')}) "
                               f"can carry {what}. Available: {offered}. "
                               "Or add format=json|xml|csv|tsv|turtle|ntriples|jsonld|rdfxml|trig|nquads.",
                          {"Vary": "Accept"})


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    response = Response(message.rstrip() + "\n", status=status, content_type="text/plain; charset=utf-8")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ProtocolError)
    def protocol_error(error: ProtocolError):
        return error_response(error.status, error.message, error.headers)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        limit = current_app.extensions["hva_graph"].settings.max_request_bytes
        return error_response(413, f"The request body is larger than the limit of {limit} bytes.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return error_response(error.code or 500, f"{error.name}: {error.description}",
                              {k: v for k, v in error.get_headers() if k == "Allow"})
