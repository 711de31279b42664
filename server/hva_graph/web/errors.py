"""One error answer for every blueprint: plain text that says what to do, and one 406."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..sparql.formats import FORMAT_HINT, not_acceptable_message
from ..sparql.protocol import ProtocolError
from .site import site


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    response = Response(message.rstrip() + "\n", status=status, content_type="text/plain; charset=utf-8")
    for name, value in (headers or {}).items():
        response.headers[name] = value
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
