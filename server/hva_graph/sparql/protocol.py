"""The SPARQL 1.1 Protocol query operation: from an HTTP request to a SparqlOperation, or a ProtocolError.

Follows https://www.w3.org/TR/sparql11-protocol/#query-operation: GET with `query`,
POST with an url-encoded form, POST with an application/sparql-query body; dataset
parameters `default-graph-uri` and `named-graph-uri`. Updates are recognised only to
be refused: the endpoint is read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qsl

from werkzeug.wrappers import Request

from .text import MAX_DEPTH, QueryFacts, read_query

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
UPDATE_PARAMETERS = ("update", "using-graph-uri", "using-named-graph-uri")


class ProtocolError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


@dataclass(frozen=True)
class SparqlOperation:
    query: str | None
    """None: no query was sent (GET /sparql asks for the service description)."""
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None
    """What relative IRIs in the query resolve against: the endpoint's IRI."""
    text: QueryFacts | None = None
    """What the query's text says, read once here and used by whatever runs it."""
    format: str | None = None
    """The format= parameter (this endpoint's override of Accept), from the URL before the form."""


READ_ONLY = ("This endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, "
             "ADD, MOVE, COPY) is refused. Download the data from /dumps/ to change it elsewhere.")


def parse_operation(request: Request, max_query_length: int, service_allowlist=()) -> SparqlOperation:
    operation = _parse(request, max_query_length, service_allowlist)
    if operation.query is None:
        return operation
    # A query without BASE is resolved against the IRI it was retrieved from (RFC 3986
    # 5.1.3; the protocol lets the service define it): the endpoint, as the service
    # description names it. Without a base, CONSTRUCT { <s> <p> 1 } is a syntax error.
    return replace(operation, base_iri=request.base_url.rstrip("/"))


def _parse(request: Request, max_query_length: int, service_allowlist) -> SparqlOperation:
    if request.method in ("GET", "HEAD"):
        parameters = _pairs(request.query_string, "the query string")
        if any(name in UPDATE_PARAMETERS for name, _ in parameters):
            raise ProtocolError(400, "Updates cannot be sent with GET (SPARQL 1.1 Protocol); " + READ_ONLY)
        return _operation(parameters, max_query_length, service_allowlist, too_long=414)
    if request.method != "POST":
        raise ProtocolError(405, f"{request.method} is not a SPARQL protocol method; use GET or POST.",
                            {"Allow": "GET, HEAD, POST, OPTIONS"})
    media_type = request.mimetype
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    url_parameters = _pairs(request.query_string, "the query string")
    if media_type == FORM:
        body = _pairs(request.get_data(cache=True), "the form body")
        if any(name == "query" for name, _ in url_parameters):
            raise ProtocolError(400, "With an url-encoded POST the query belongs in the body, not in the URL.")
        parameters = url_parameters + body
        if any(name in UPDATE_PARAMETERS for name, _ in parameters):
            _check_single(parameters, "update")
            _check_not_both(parameters)
            raise ProtocolError(403, READ_ONLY)
        return _operation(parameters, max_query_length, service_allowlist, too_long=413)
    if media_type == SPARQL_QUERY:
        if charset not in ("utf-8", "utf8"):
            raise ProtocolError(415, f"The query must be sent as UTF-8, not {charset}.")
        if any(name in ("query", "update") for name, _ in url_parameters):
            raise ProtocolError(400, "A direct POST carries the query in its body; "
                                     "a query or update parameter in the URL as well is ambiguous.")
        query = _utf8(request.get_data(cache=True), "The request body")
        return _operation(url_parameters + [("query", query)], max_query_length, service_allowlist,
                          too_long=413)
    if media_type == SPARQL_UPDATE:
        if charset not in ("utf-8", "utf8"):
            raise ProtocolError(415, f"An update must be sent as UTF-8, not {charset}; and {READ_ONLY}")
        raise ProtocolError(403, READ_ONLY)
    what = f"Content-Type {media_type}" if media_type else "no Content-Type"
    raise ProtocolError(415, f"A POST with {what} is not a SPARQL query. Send {FORM} "
                             f"(query=...) or {SPARQL_QUERY} (the query as the body).")


def _operation(parameters, max_query_length: int, service_allowlist, too_long: int) -> SparqlOperation:
    queries = [value for name, value in parameters if name == "query"]
    if len(queries) > 1:
        raise ProtocolError(400, f"{len(queries)} query parameters were sent; the protocol allows exactly one.")
    default_graphs = tuple(_iri(v, "default-graph-uri") for n, v in parameters if n == "default-graph-uri")
    named_graphs = tuple(_iri(v, "named-graph-uri") for n, v in parameters if n == "named-graph-uri")
    format_ = next((value for name, value in parameters if name == "format"), None)
    if not queries:
        if default_graphs or named_graphs:
            raise ProtocolError(400, "default-graph-uri and named-graph-uri need a query parameter.")
        return SparqlOperation(None, format=format_)
    query = queries[0]
    if not query.strip():
        raise ProtocolError(400, "The query is empty.")
    if len(query) > max_query_length:
        raise ProtocolError(too_long, f"The query is {len(query)} characters long; the limit is {max_query_length}.")
    text = read_query(query)
    if text.update:  # sent as a query, still an update: refused as one, not as a syntax error
        raise ProtocolError(403, READ_ONLY)
    if text.depth > MAX_DEPTH:
        raise ProtocolError(400, f"The query nests brackets, braces or parentheses {text.depth} deep; the limit "
                                 f"is {MAX_DEPTH}. Flatten it (a sequence of patterns or a VALUES block instead "
                                 "of nested groups).")
    for target in text.services:
        if target is None or target not in service_allowlist:
            allowed = ", ".join(service_allowlist) if service_allowlist else "no endpoint"
            endpoint = f"<{target}>" if target else "(an endpoint that is a variable or cannot be read from the text)"
            raise ProtocolError(403, f"SERVICE {endpoint} "
                                     f"is refused: this endpoint makes no outgoing requests on a user's behalf "
                                     f"(the operator allows {allowed}).")
    if default_graphs or named_graphs:
        return SparqlOperation(query, default_graphs, named_graphs, text=text, format=format_)
    return SparqlOperation(query, text=text, format=format_)


def _pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"{where.capitalize()} is not valid percent-encoded UTF-8.") from None


def _utf8(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"{what} is not valid UTF-8 (byte {error.start}).") from None


def _iri(value: str, parameter: str) -> str:
    if ":" not in value or any(c in value for c in ' <>"{}|^`\\') or not value.split(":", 1)[0].isascii():
        raise ProtocolError(400, f"{parameter} must be an absolute IRI, not {value!r}.")
    return value


def _check_single(parameters, name: str) -> None:
    count = sum(1 for n, _ in parameters if n == name)
    if count > 1:
        raise ProtocolError(400, f"{count} {name} parameters were sent; the protocol allows exactly one.")


def _check_not_both(parameters) -> None:
    names = {n for n, _ in parameters}
    if "query" in names and "update" in names:
        raise ProtocolError(400, "A request carries either a query or an update, not both.")
