"""RDF written so that the same data always gives the same bytes.

Blank nodes get their RDFC-1.0 canonical labels (pyoxigraph), statements are sorted
(graph, subject, rdf:type first, predicate, object; numbers inside IRIs in numeric
order, so .../goal/2 comes before .../goal/10), and every writer gets them in that
order. N-Triples, N-Quads and JSON-LD are written by Oxigraph, one sorted statement after
another; Turtle and TriG by turtle.py, which declares prefixes, groups each subject's
statements and nests blank nodes used once (the passage selectors) under their subject.
"""

from __future__ import annotations

import functools
import re

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from ..knowledge.terms import to_oxigraph
from . import turtle

RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OXIGRAPH_FORMATS = {"ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
                    "jsonld": ox.RdfFormat.JSON_LD}
QUAD_FORMATS = ("trig", "nquads", "jsonld")
TRIPLE_FORMATS = ("turtle", "ntriples")


def quads(graphs: dict[URIRef, Graph], merge: bool) -> list[ox.Quad]:
    """The statements of the given named graphs; merge=True drops the graph names (triples)."""
    out = []
    for name, graph in graphs.items():
        graph_name = ox.DefaultGraph() if merge else ox.NamedNode(str(name))
        for s, p, o in graph:
            out.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_name))
    return out


def store_quads(store: ox.Store, graphs: list[str], merge: bool) -> list[ox.Quad]:
    """The statements of the given named graphs of `store`; merge=True drops the graph names."""
    out = []
    for iri in graphs:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(iri)):
            out.append(ox.Quad(quad.subject, quad.predicate, quad.object) if merge else quad)
    return out


def canonical(statements: list[ox.Quad]) -> list[ox.Quad]:
    """Duplicates removed, blank nodes relabelled by RDFC-1.0, in the sorted order. Each term's
    sort key is made once (a subject or predicate recurs on many statements: at 500 counties
    making the keys again for every statement was a third of the dumps' time)."""
    dataset = ox.Dataset(statements)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    keys: dict = {}

    def key(term) -> tuple:
        found = keys.get(term)
        if found is None:
            found = keys[term] = _term_key(term)
        return found

    def quad_key(quad: ox.Quad) -> tuple:
        predicate = TYPE_FIRST if quad.predicate.value == RDF_TYPE else key(quad.predicate)
        return key(quad.graph_name), key(quad.subject), predicate, key(quad.object)

    return sorted(dataset, key=quad_key)


def serialise(statements: list[ox.Quad], format_key: str, prefixes: dict[str, str]) -> bytes:
    """The canonical statements as bytes in one of turtle, ntriples, trig, nquads, jsonld."""
    if format_key in OXIGRAPH_FORMATS:
        if format_key == "ntriples":
            statements = [ox.Triple(q.subject, q.predicate, q.object) for q in statements]
        return ox.serialize(statements, format=OXIGRAPH_FORMATS[format_key])
    if format_key == "turtle":
        return turtle.turtle(statements, prefixes)
    if format_key == "trig":
        return turtle.trig(statements, prefixes)
    raise ValueError(f"no writer for format {format_key!r}")


@functools.lru_cache(maxsize=1 << 16)
def _natural(text: str) -> tuple:
    """Digit runs compare as numbers; the text itself breaks ties (e.g. leading zeros).
    Cached: the same IRIs (predicates, classes, a resource's subject) recur on every line."""
    parts = re.split(r"(\d+)", text)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts)), text


def _term_key(term) -> tuple:
    if isinstance(term, (ox.DefaultGraph,)):
        return (0,)
    if isinstance(term, (ox.NamedNode, URIRef)):
        return (1, _natural(str(term.value if isinstance(term, ox.NamedNode) else term)))
    if isinstance(term, (ox.BlankNode, BNode)):
        return (2, _natural(str(term.value if isinstance(term, ox.BlankNode) else term)))
    return (3, term.value, term.datatype.value, term.language or "")


RDF_TYPE = str(RDF.type)
TYPE_FIRST = (0,)
"""rdf:type sorts before every other predicate."""
