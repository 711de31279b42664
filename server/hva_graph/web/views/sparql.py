"""/sparql: each request is parsed, run once, and handed to content negotiation."""

from __future__ import annotations


import functools
import time

from flask import Blueprint, Response, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ...publish.service_description import endpoint_description
from ...sparql.formats import GRAPH_FORMATS, HTML, KINDS, UnknownFormat, negotiate, wants_html
from ...sparql.protocol import ProtocolError, SparqlOperation, parse_operation
from ...store.results import Outcome, QueryJob
from ..cache import cached
from ..errors import error_response, failed, not_acceptable
from ..html_results import RenderTimeout, render_results
from ..site import language, site
from .editor import render_editor

bp = Blueprint("sparql", __name__)

METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]


@bp.route("/sparql/", methods=METHODS)
@bp.route("/sparql", methods=METHODS, strict_slashes=False)
@cached
def sparql():
    service = site().service
    settings = service.settings
    operation = parse_operation(request, settings.max_query_length, settings.service_allowlist)
    if operation.query is None:
        # The editor for browsers (a plain form without JavaScript); machine clients, which often
        # send */*, get the service description.
        if wants_html(request.accept_mimetypes, request.values.get("format"), ("text/turtle",),
                      browsers_by_default=False):
            return render_editor()
        return service_description()
    return run_query(service, operation)


def service_description() -> Response:
    service = site().service
    chosen = _negotiate("graph")
    if chosen is None:
        return not_acceptable("graph")
    key, media_type = chosen
    graph = endpoint_description(request.base_url.rstrip("/"), service)
    body = graph.serialize(format=GRAPH_FORMATS[key].rdflib, encoding="utf-8")
    response = Response(body, content_type=f"{media_type}; charset=utf-8")
    response.set_etag(service.etag("service description", key, request.base_url))
    response.headers["Vary"] = "Accept"
    return response.make_conditional(request)


def run_query(service, operation: SparqlOperation) -> Response:
    formats = _formats(request.headers.get("Accept"), request.values.get("format"))
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
        byte_limit=service.settings.max_answer_bytes,
        base_iri=operation.base_iri,
        text=operation.text,
    )
    deadline = time.monotonic() + service.settings.query_timeout  # the page, too, is made within it
    outcome: Outcome = service.runner.run(job)
    if outcome.status == 406:
        return not_acceptable(outcome.kind)
    if outcome.status != 200:
        return failed(outcome)
    media_type = formats[outcome.kind][1]
    body = outcome.body
    if outcome.format == HTML:  # a browser's page, rendered here from the worker's JSON or N-Triples
        try:
            body = render_results(outcome, operation, deadline)
        except RenderTimeout:
            return error_response(503, (
                f"The answer ({outcome.count} results) was found, but its page could not be made within the "
                f"time limit of {service.settings.query_timeout:g} s. Ask for it as CSV or JSON (format=csv, "
                "format=json), or add LIMIT."))
    response = Response(body, content_type=f"{media_type}; charset=utf-8")
    response.set_etag(etag)
    response.headers["Vary"] = "Accept, Accept-Language" if outcome.format == HTML else "Accept"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Result-Count"] = str(outcome.count)
    if outcome.kind == "graph" and outcome.format != HTML:
        response.headers["Content-Disposition"] = f'inline; filename="result.{GRAPH_FORMATS[outcome.format].extension}"'
    return response


@functools.lru_cache(maxsize=256)
def _formats(accept: str | None, format_parameter: str | None) -> dict:
    """The negotiated format of each result kind, per Accept header and format= as sent: clients
    send the same few again and again, and werkzeug's parsing and matching took a fifth of a
    computed answer's time in this process."""
    parsed = parse_accept_header(accept, MIMEAccept)
    try:
        return {kind: negotiate(kind, parsed, format_parameter, html=True) for kind in KINDS}
    except UnknownFormat as error:
        raise _unknown(error) from None


def _unknown(error: UnknownFormat) -> ProtocolError:
    return ProtocolError(400, f"format={error} is not a format this endpoint speaks; "
                              "use one of json, xml, csv, tsv (results) or turtle, ntriples, "
                              "jsonld, rdfxml, trig, nquads (graphs), or a media type.")


def _negotiate(kind: str, html: bool = False):
    try:
        return negotiate(kind, request.accept_mimetypes, request.values.get("format"), html)
    except UnknownFormat as error:
        raise _unknown(error) from None


def _etag(service, operation: SparqlOperation, formats) -> str:
    variant = (operation.query, operation.default_graphs, operation.named_graphs,
               sorted((k, v) for k, v in formats.items() if v))
    if any(chosen and chosen[0] == HTML for chosen in formats.values()):
        variant += (language(),)  # the page's own words follow the reader's language
    return service.etag(*variant)
