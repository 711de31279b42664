"""One error answer for every blueprint, and one 406.

The API's answers are plain text that says what to do, for SPARQL clients, curl and scripts,
which is what they get even when they list text/html in Accept. A browser navigating to a page
gets the same message in an HTML page in the reader's language, with the site's navigation, so
there is a way on: browsers say they are navigating (Sec-Fetch-Mode: navigate; over plain HTTP,
where they send no Sec-Fetch headers, Upgrade-Insecure-Requests: 1)."""

from __future__ import annotations

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..sparql.formats import FORMAT_HINT, not_acceptable_message
from ..sparql.protocol import ProtocolError
from .site import language, site

PAGE_STATUSES = (300, 400, 404, 405, 406, 410, 413, 414, 415, 422, 500, 502, 503)
"""Statuses with a heading of their own in the message catalogue (error.NNN); others get error.other."""


def browser_navigation() -> bool:
    fetch_mode = request.headers.get("Sec-Fetch-Mode")
    navigating = fetch_mode == "navigate" or (fetch_mode is None and request.headers.get("Upgrade-Insecure-Requests") == "1")
    accept = request.accept_mimetypes
    return navigating and accept.quality("text/html") > 0 and accept.quality("text/html") >= accept.quality("text/plain")


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    response = _page(status, message) if browser_navigation() else None
    if response is None:
        response = Response(message.rstrip() + "\n", status=status, content_type="text/plain; charset=utf-8")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def failed(outcome) -> Response:
    """The answer to a query that failed (a store.results.Outcome), with its Retry-After."""
    headers = {"Retry-After": str(outcome.retry_after)} if outcome.retry_after else None
    return error_response(outcome.status, outcome.message, headers)


def _page(status: int, message: str) -> Response | None:
    """The HTML error page; None if it cannot be made (then the plain text goes out instead)."""
    try:
        heading = f"error.{status}" if status in PAGE_STATUSES else "error.other"
        body = render_template("error.html", lang=language(), status=status, heading=heading, message=message.strip())
    except Exception:  # an error page must never turn one failure into another
        return None
    response = Response(body, status=status, content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response


def not_acceptable(kind: str, also: tuple[str, ...] = (), hint: str = FORMAT_HINT) -> Response:
    """406 for an answer of `kind` (tabular, boolean, graph): what Accept asked and what exists
    (and `also`: the page or index formats a route offers besides)."""
    return error_response(406, not_acceptable_message(kind, request.headers.get("Accept", ""), also, hint),
                          {"Vary": "Accept"})


def register(app: Flask) -> None:
    @app.errorhandler(ProtocolError)
    def protocol_error(error: ProtocolError):
        return error_response(error.status, error.message, error.headers)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        limit = site().settings.max_request_bytes
        return error_response(413, f"The request body is larger than the limit of {limit} bytes.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return error_response(error.code or 500, f"{error.name}: {error.description}",
                              {k: v for k, v in error.get_headers() if k == "Allow"})
