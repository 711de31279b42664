"""What a SPARQL query's answer is made of, the same on both roads to it (views/sparql.py in
Flask, lean.py without): the formats negotiated per Accept header, the job, the ETag, and the
headers of a successful answer. The body is the engine's serialised answer, passed on as is."""

from __future__ import annotations

import functools

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..sparql.formats import GRAPH_FORMATS, HTML, KINDS, UnknownFormat, available, negotiate, wants_html
from ..sparql.protocol import ProtocolError, SparqlOperation
from ..store.results import Outcome, QueryJob

EXPOSED_HEADERS = ("Content-Disposition", "Content-Length", "Content-Location", "ETag", "Last-Modified", "Link",
                   "Retry-After", "X-Result-Count")
"""Headers a browser script may read from a cross-origin answer (CORS): what a client caches and
names files by, and what says how long to wait (web/app.py)."""
EXPOSED = ", ".join(sorted(EXPOSED_HEADERS))
"""As flask-cors writes them (sorted), so that both roads send the same header."""


@functools.lru_cache(maxsize=256)
def negotiated(accept: str | None, format_parameter: str | None) -> dict:
    """The negotiated (format key, media type) of each result kind, per Accept header and
    format= as sent: clients send the same few again and again, and werkzeug's parsing and
    matching took a fifth of a computed answer's time in the web process."""
    parsed = parse_accept_header(accept, MIMEAccept)
    try:
        return {kind: negotiate(kind, parsed, format_parameter, html=True) for kind in KINDS}
    except UnknownFormat as error:
        raise unknown_format(error) from None


@functools.lru_cache(maxsize=256)
def resource_format(accept: str | None, format_parameter: str | None) -> tuple[str, str] | str | None:
    """How a resource of the graph is to be answered: HTML (its page), a graph format (key,
    media type), or None (nothing acceptable); UnknownFormat for a format= this endpoint lacks."""
    parsed = parse_accept_header(accept, MIMEAccept)
    if wants_html(parsed, format_parameter, available("graph"), browsers_by_default=True):
        return HTML
    return negotiate("graph", parsed, format_parameter)


def page_json_or_graph(accept: MIMEAccept, format_parameter: str | None) -> str | None:
    """For an address that is a page, a JSON listing and an RDF description (the dumps' index, the
    releases): html (the default, also for */*), json, or an RDF format key; None when nothing
    acceptable. format= wins over Accept."""
    wanted = (format_parameter or "").lower()
    if wanted in ("html", "json"):
        return wanted
    if wanted:
        try:
            chosen = negotiate("graph", accept, wanted)
        except UnknownFormat:
            return None
        return chosen[0] if chosen else None
    machine = ["application/json", *available("graph")]
    if wants_html(accept, None, machine, browsers_by_default=True):
        return "html"
    best = accept.best_match(machine)
    if best is None:
        return None
    return "json" if best == "application/json" else next(k for k, f in GRAPH_FORMATS.items() if f.media_type == best)


def unknown_format(error: UnknownFormat) -> ProtocolError:
    return ProtocolError(400, f"format={error} is not a format this endpoint speaks; "
                              "use one of json, xml, csv, tsv (results) or turtle, ntriples, "
                              "jsonld, rdfxml, trig, nquads (graphs), or a media type.")


def wants_page(formats: dict) -> bool:
    """Whether some kind of answer would be an HTML page (made by Flask's view)."""
    return any(chosen and chosen[0] == HTML for chosen in formats.values())


def job_of(service, operation: SparqlOperation, formats: dict) -> QueryJob:
    return QueryJob(
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


def etag_of(service, operation: SparqlOperation, formats: dict, *more) -> str:
    variant = (operation.query, operation.default_graphs, operation.named_graphs,
               sorted((k, v) for k, v in formats.items() if v), *more)
    return service.etag(*variant)


def answer_headers(outcome: Outcome, media_type: str) -> dict[str, str]:
    """The headers of a machine-readable answer (the ETag and CORS aside)."""
    headers = {"Content-Type": f"{media_type}; charset=utf-8", "Vary": "Accept", "Cache-Control": "no-cache",
               "X-Result-Count": str(outcome.count)}
    if outcome.kind == "graph":
        headers["Content-Disposition"] = f'inline; filename="result.{GRAPH_FORMATS[outcome.format].extension}"'
    return headers
