"""The "html" answer of /sparql: a page for a browser that posted the query form.

The query process wrote JSON results (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE), as
for any client, so the time limit and the result limit hold; here they become a table.
Jinja's autoescape escapes every value, and only http(s) IRIs become links, so neither a
literal holding markup nor a `javascript:` IRI in the data can run in the reader's browser.

Making the page counts against the query's time limit: it is given the deadline and stops
(RenderTimeout) when it passes, as a query that runs too long is stopped.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import stream_template, url_for

from ..namespaces import PREFIXES
from ..sparql.protocol import SparqlOperation
from ..store.results import Outcome
from .site import language, local_path

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Longer links are not reliable in every browser and proxy: past this, other formats are
# offered as buttons that POST the query instead.
MAX_LINK_LENGTH = 2000
DOWNLOADS = {
    "tabular": (("json", "JSON"), ("csv", "CSV"), ("tsv", "TSV"), ("xml", "XML")),
    "boolean": (("json", "JSON"), ("csv", "CSV"), ("tsv", "TSV"), ("xml", "XML")),
    "graph": (("turtle", "Turtle"), ("ntriples", "N-Triples"), ("jsonld", "JSON-LD")),
}
_LOCAL_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")
CHECK_EVERY = 256
"""Rows converted, or pieces of the page written, between two looks at the clock."""


class RenderTimeout(Exception):
    """The page could not be made before the query's deadline."""


def _on_time(items, deadline: float | None):
    for count, item in enumerate(items):
        if deadline is not None and count % CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise RenderTimeout
        yield item


@dataclass(frozen=True)
class Cell:
    kind: str
    """iri, literal, bnode or triple."""
    text: str
    iri: str | None = None
    href: str | None = None
    lang: str | None = None
    datatype: str | None = None
    """Compact datatype IRI, shown discreetly; None for plain and language-tagged strings."""
    datatype_iri: str | None = None


def render_results(outcome: Outcome, operation: SparqlOperation, deadline: float | None = None) -> str:
    """The page; RenderTimeout when it is not done by `deadline` (time.monotonic())."""
    columns: list[str] = []
    rows: list[list[Cell | None]] = []
    answer = None
    if outcome.kind == "boolean":
        answer = outcome.boolean()
    elif outcome.kind == "tabular":
        columns, bindings = outcome.table()
        rows = [[_json_cell(row.get(name)) for name in columns] for row in _on_time(bindings, deadline)]
    else:
        columns = ["subject", "predicate", "object"]
        rows = [[_term_cell(t.subject), _term_cell(t.predicate), _term_cell(t.object)]
                for t in _on_time(ox.parse(outcome.body, format=ox.RdfFormat.N_TRIPLES), deadline)]
        rows.sort(key=lambda row: (row[0].text, row[1].text))  # a graph has no order: group by subject
    dataset = [("default-graph-uri", iri) for iri in operation.default_graphs or ()]
    dataset += [("named-graph-uri", iri) for iri in operation.named_graphs or ()]
    links, buttons = [], []
    for key, label in DOWNLOADS[outcome.kind]:
        url = _link([("query", operation.query), *dataset, ("format", key)])
        if url:
            links.append((label, url))
        else:
            buttons.append((label, key))
    page = stream_template(
        "results.html", lang=language(), kind=outcome.kind, columns=columns, rows=rows, answer=answer,
        count=outcome.count, query=operation.query, dataset=dataset, links=links, buttons=buttons,
        permalink=_link([("query", operation.query), *dataset]))
    return "".join(_on_time(page, deadline))


def _link(parameters: list[tuple[str, str]]) -> str | None:
    url = url_for("sparql.sparql") + "?" + urlencode(parameters)
    return url if len(url) <= MAX_LINK_LENGTH else None


def compact(iri: str) -> str:
    """prefix:name when a project prefix fits, else the IRI itself."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and _LOCAL_NAME.match(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _iri_cell(iri: str) -> Cell:
    # The graph's own IRIs open their page on this server; other http(s) IRIs link out as they are.
    href = local_path(iri) or (iri if iri.startswith(("http://", "https://")) else None)
    return Cell("iri", compact(iri), iri=iri, href=href)


def _literal_cell(value: str, datatype: str | None, lang: str | None) -> Cell:
    shown = None if lang or datatype in (None, XSD_STRING, RDF_LANG_STRING) else datatype
    return Cell("literal", value, lang=lang, datatype=compact(shown) if shown else None, datatype_iri=shown)


def _json_cell(term: dict | None) -> Cell | None:
    """A term of SPARQL 1.1 Query Results JSON (and its RDF-star "triple" extension)."""
    if term is None:
        return None
    kind = term.get("type")
    if kind == "uri":
        return _iri_cell(term["value"])
    if kind == "bnode":
        return Cell("bnode", term["value"])
    if kind == "triple":
        parts = [_json_cell(term["value"][key]) for key in ("subject", "predicate", "object")]
        return Cell("triple", "<< " + " ".join(_plain(p) for p in parts) + " >>")
    return _literal_cell(term["value"], term.get("datatype"), term.get("xml:lang"))


def _term_cell(term) -> Cell:
    if isinstance(term, ox.NamedNode):
        return _iri_cell(term.value)
    if isinstance(term, ox.BlankNode):
        return Cell("bnode", term.value)
    if isinstance(term, ox.Literal):
        return _literal_cell(term.value, term.datatype.value, term.language)
    parts = [_term_cell(part) for part in (term.subject, term.predicate, term.object)]
    return Cell("triple", "<< " + " ".join(_plain(p) for p in parts) + " >>")


def _plain(cell: Cell | None) -> str:
    """A term as text inside a quoted triple."""
    if cell is None:
        return ""
    if cell.kind == "iri":
        return cell.text if cell.text != cell.iri else f"<{cell.iri}>"
    if cell.kind == "bnode":
        return f"_:{cell.text}"
    if cell.kind == "literal":
        return json.dumps(cell.text, ensure_ascii=False) + (f"@{cell.lang}" if cell.lang else "") + \
            (f"^^{cell.datatype}" if cell.datatype else "")
    return cell.text
