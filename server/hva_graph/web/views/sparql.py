"""/sparql: each request is parsed, run once, and handed to content negotiation."""

from __future__ import annotations


import time

from flask import Blueprint, Response, request
from ...publish.service_description import endpoint_description
from ...sparql.formats import GRAPH_FORMATS, HTML, UnknownFormat, negotiate, wants_html
from ...sparql.protocol import SparqlOperation, parse_operation
from ...store.results import Outcome
from ..answers import answer_headers, etag_of, job_of, negotiated, unknown_format, wants_page
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
    """The answer to a query, as lean.py gives it too; here also an HTML page for a browser."""
    formats = negotiated(request.headers.get("Accept"), operation.format)
    etag = etag_of(service, operation, formats, *((language(),) if wants_page(formats) else ()))
    if request.method in ("GET", "HEAD") and etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Vary"] = "Accept"
        return response
    deadline = time.monotonic() + service.settings.query_timeout  # the page, too, is made within it
    outcome: Outcome = service.runner.run(job_of(service, operation, formats))
    if outcome.status == 406:
        return not_acceptable(outcome.kind)
    if outcome.status != 200:
        return failed(outcome)
    media_type = formats[outcome.kind][1]
    if outcome.format != HTML:
        response = Response(outcome.body, headers=answer_headers(outcome, media_type))
        response.set_etag(etag)
        return response
    try:  # a browser's page, rendered here from the worker's JSON or N-Triples
        body = render_results(outcome, operation, deadline)
    except RenderTimeout:
        return error_response(503, (
            f"The answer ({outcome.count} results) was found, but its page could not be made within the "
            f"time limit of {service.settings.query_timeout:g} s. Ask for it as CSV or JSON (format=csv, "
            "format=json), or add LIMIT."))
    response = Response(body, content_type=f"{media_type}; charset=utf-8")
    response.set_etag(etag)
    response.headers["Vary"] = "Accept, Accept-Language"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Result-Count"] = str(outcome.count)
    return response


def _negotiate(kind: str, html: bool = False):
    try:
        return negotiate(kind, request.accept_mimetypes, request.values.get("format"), html)
    except UnknownFormat as error:
        raise unknown_format(error) from None
