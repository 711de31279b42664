"""The formats the endpoint speaks: one table per result kind, and the negotiation over them."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Format:
    key: str
    media_type: str
    engine: object
    extension: str
    aliases: tuple[str, ...] = ()
    """Other media types a client may ask for and receive this format under."""
    rdflib: str | None = None
    """rdflib's writer for a plain graph in this format (descriptions the service builds itself)."""

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


QR, RF = ox.QueryResultsFormat, ox.RdfFormat

RESULT_FORMATS = {f.key: f for f in (
    Format("json", "application/sparql-results+json", QR.JSON, "srj", ("application/json",)),
    Format("xml", "application/sparql-results+xml", QR.XML, "srx", ("application/xml", "text/xml")),
    Format("csv", "text/csv", QR.CSV, "csv"),
    Format("tsv", "text/tab-separated-values", QR.TSV, "tsv"),
    # A page for browsers: the query process writes JSON (`engine`), the web process renders it.
    Format("html", "text/html", QR.JSON, "html"),
)}

# rdflib's N-Quads writer refuses a plain graph; its N-Triples lines are N-Quads in the default graph.
GRAPH_FORMATS = {f.key: f for f in (
    Format("turtle", "text/turtle", RF.TURTLE, "ttl", ("application/x-turtle",), "turtle"),
    Format("ntriples", "application/n-triples", RF.N_TRIPLES, "nt", ("text/plain",), "nt"),
    Format("jsonld", "application/ld+json", RF.JSON_LD, "jsonld", ("application/json",), "json-ld"),
    Format("rdfxml", "application/rdf+xml", RF.RDF_XML, "rdf", ("application/xml", "text/xml"), "xml"),
    Format("trig", "application/trig", RF.TRIG, "trig", (), "trig"),
    Format("nquads", "application/n-quads", RF.N_QUADS, "nq", (), "nt"),
    # A page for browsers: the query process writes N-Triples (`engine`), the web process renders it.
    Format("html", "text/html", RF.N_TRIPLES, "html"),
)}

# What each kind of result can be written as; the first is the default when the
# client states no preference. "html" is last, and only offered by negotiate(html=True).
KINDS = {
    "tabular": ("json", "xml", "csv", "tsv", "html"),
    "boolean": ("json", "xml", "csv", "tsv", "html"),
    "graph": ("turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads", "html"),
}
HTML = "html"

FORMAT_PARAMETER = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples", "n-triples": "ntriples",
    "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml", "rdf": "rdfxml", "rdf/xml": "rdfxml",
    "trig": "trig", "nquads": "nquads", "nq": "nquads", "n-quads": "nquads",
    # what SPARQLWrapper sends as format= (a Turtle document is also N3)
    "rdf+xml": "rdfxml", "n3": "turtle",
    "html": HTML,
}


def table(kind: str) -> dict[str, Format]:
    return RESULT_FORMATS if kind in ("tabular", "boolean") else GRAPH_FORMATS


class UnknownFormat(ValueError):
    pass


def negotiate(kind: str, accept: MIMEAccept, format_parameter: str | None = None,
              html: bool = False) -> tuple[str, str] | None:
    """The format key and media type to answer with, or None when nothing acceptable exists.

    `format=` (for links and browsers) wins over Accept; it may be a short name or a
    media type. A missing Accept, or one whose best match is a wildcard, gets the default.
    html: the caller can render the "html" page (only /sparql can; for others it does not
    exist). Even then it is offered only to a client that names text/html itself, so a
    wildcard never turns a machine client's answer into a page.
    """
    formats = table(kind)
    keys = [key for key in KINDS[kind] if key != HTML or (html and _names(accept, formats[key].media_type))]
    if format_parameter:
        wanted = format_parameter.strip().lower()
        key = FORMAT_PARAMETER.get(wanted)
        if key is None:
            key = next((f.key for f in formats.values() if wanted == f.media_type or wanted in f.aliases), None)
            if key is None and not any(wanted == f.media_type for t in (RESULT_FORMATS, GRAPH_FORMATS)
                                       for f in t.values()):
                raise UnknownFormat(format_parameter)
        if key == HTML and not html:
            return None
        if key is None or key not in KINDS[kind]:
            return _same_family(kind, key)
        return key, formats[key].media_type
    offered: dict[str, str] = {}
    for key in keys:
        offered.setdefault(formats[key].media_type, key)
    for key in keys:
        for alias in formats[key].aliases:
            offered.setdefault(alias, key)
    if not accept:
        key = KINDS[kind][0]
        return key, formats[key].media_type
    # werkzeug weighs q-values and wildcards; ties go to the order offered (the default first).
    best = accept.best_match(list(offered))
    return None if best is None else (offered[best], best)


def _names(accept: MIMEAccept, media_type: str) -> bool:
    """Whether the client lists this exact media type (not through a wildcard) as acceptable."""
    return any(value.lower() == media_type and quality > 0 for value, quality in accept)


def _same_family(kind: str, key: str | None):
    """format=json asked of a CONSTRUCT, or format=turtle of a SELECT: the nearest sensible answer."""
    if key is None:
        return None
    if kind == "graph" and key == "json":
        return "jsonld", GRAPH_FORMATS["jsonld"].media_type
    if kind == "graph" and key == "xml":
        return "rdfxml", GRAPH_FORMATS["rdfxml"].media_type
    if kind in ("tabular", "boolean") and key == "rdfxml":
        return "xml", RESULT_FORMATS["xml"].media_type
    return None


def available(kind: str) -> list[str]:
    """The media types for machine clients (406 messages): the HTML page is not one."""
    formats = table(kind)
    return [formats[key].media_type for key in KINDS[kind] if key != HTML]


WHAT = {"tabular": "SELECT results", "boolean": "ASK results",
        "graph": "RDF (CONSTRUCT, DESCRIBE, service description)"}
FORMAT_HINT = "format=json|xml|csv|tsv|turtle|ntriples|jsonld|rdfxml|trig|nquads"


def not_acceptable_message(kind: str, accept: str, also: tuple[str, ...] = (), hint: str = FORMAT_HINT) -> str:
    """Why a 406, and what would be accepted: the kind's machine formats, and `also` (for
    example text/html, where a page exists)."""
    offered = ", ".join([*available(kind), *also])
    return (f"None of the media types in Accept ({accept}) can carry {WHAT[kind]}. Available: {offered}. "
            f"Or add {hint}.")


def wants_html(accept: MIMEAccept, format_parameter: str | None, machine_types,
               browsers_by_default: bool) -> bool:
    """Whether to answer with the page rather than one of `machine_types`.

    format= decides when given. Otherwise Accept does; where a client prefers them equally
    (a wildcard), `browsers_by_default` says who wins: the page (resource pages, the downloads
    index) or the machine answer (/sparql, whose machine clients often send */*). A request
    without Accept gets the same.
    """
    if format_parameter:
        return format_parameter.strip().lower() in (HTML, "text/html")
    if not accept:
        return browsers_by_default
    offered = ["text/html", *machine_types] if browsers_by_default else [*machine_types, "text/html"]
    return accept.best_match(offered) == "text/html"
