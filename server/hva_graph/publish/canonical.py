"""RDF written so that the same data always gives the same bytes.

Blank nodes get their RDFC-1.0 canonical labels (pyoxigraph), statements are sorted
(graph, subject, rdf:type first, predicate, object; numbers inside IRIs in numeric
order, so .../goal/2 comes before .../goal/10), and every writer gets them in that
order. Turtle and TriG go through rdflib's pretty writer, which declares prefixes,
groups each subject's statements and nests blank nodes used once (the passage
selectors) under their subject; its subject order is replaced by the sorted one.
N-Triples, N-Quads and JSON-LD are written by Oxigraph, one sorted statement after
another.
"""

from __future__ import annotations

import functools
import io
import re

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import RDF, split_uri
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer

from ..knowledge.terms import to_oxigraph, to_rdflib

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
    """Duplicates removed, blank nodes relabelled by RDFC-1.0, in the sorted order."""
    dataset = ox.Dataset(statements)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=_quad_key)


def serialise(statements: list[ox.Quad], format_key: str, prefixes: dict[str, str]) -> bytes:
    """The canonical statements as bytes in one of turtle, ntriples, trig, nquads, jsonld."""
    if format_key in OXIGRAPH_FORMATS:
        if format_key == "ntriples":
            statements = [ox.Triple(q.subject, q.predicate, q.object) for q in statements]
        return ox.serialize(statements, format=OXIGRAPH_FORMATS[format_key])
    if format_key == "turtle":
        graph = Graph()
        for q in statements:
            graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return _pretty(_SortedTurtle, graph, prefixes)
    if format_key == "trig":
        dataset = Dataset()
        for q in statements:
            dataset.graph(URIRef(q.graph_name.value)).add(
                (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return _pretty(_SortedTrig, dataset, prefixes)
    raise ValueError(f"no writer for format {format_key!r}")


def _pretty(writer, store, prefixes: dict[str, str]) -> bytes:
    for prefix, namespace in prefixes.items():
        store.namespace_manager.bind(prefix, namespace, override=True, replace=True)
    out = io.BytesIO()
    writer(store).serialize(out, encoding="utf-8")
    return out.getvalue()


class _SortedSubjects:
    """IRI subjects in the statements' order (rdflib puts the least referenced first, so
    one new link would move a resource). Blank nodes keep rdflib's order by reference
    count: a node nobody references is written first and nests what hangs from it, so
    a list is written whole from its head, never from its middle."""

    topClasses: list = []
    _bound: dict[str, str] | None = None

    def get_pname(self, uri, gen_prefix: bool = True):
        """rdflib's get_pname, with the prefixed name found in the declared prefixes directly.
        rdflib files the namespace of every IRI it meets in a trie and searches it on every
        call, which grows quadratic with the data (a statement's IRI is its own namespace:
        90 % of the time of a 500-county dump). Same names, same escapes; only a predicate
        of an undeclared namespace goes to rdflib's own path, which then declares one."""
        if not isinstance(uri, URIRef):
            return None
        parts = self._declared_parts(uri)
        if parts is None:
            if not gen_prefix:
                return None
            self._bound = None  # rdflib may declare a new prefix
            return super().get_pname(uri, gen_prefix)
        prefix, namespace, local = parts
        local = local.replace(r"(", r"\(").replace(r")", r"\)")
        local = self.LOCALNAME_PECRENT_CHARACTER_REQUIRING_ESCAPE_REGEX.sub("\\%", local)
        if local.endswith("."):
            return None
        return "%s:%s" % (self.addNamespace(prefix, namespace), local)

    def _declared_parts(self, uri: URIRef):
        if self._bound is None:
            self._bound = {str(namespace): prefix for prefix, namespace in self.store.namespaces()}
            # every declared namespace under each of its beginnings: the longer ones to prefer
            self._extending: dict[str, list[str]] = {}
            for ns in self._bound:
                for cut in range(1, len(ns)):
                    self._extending.setdefault(ns[:cut], []).append(ns)
            self._parts: dict = {}
        if uri in self._parts:
            return self._parts[uri]
        try:
            namespace, local = split_uri(uri)
        except ValueError:
            prefix = self._bound.get(str(uri))
            found = (prefix, uri, "") if prefix is not None else None
        else:
            longer = [ns for ns in self._extending.get(namespace, ()) if uri.startswith(ns)]
            if longer:
                namespace = max(longer, key=len)
                local = uri[len(namespace):]
            prefix = self._bound.get(str(namespace))
            found = (prefix, URIRef(namespace), local) if prefix is not None else None
        self._parts[uri] = found
        return found

    def orderSubjects(self):
        def key(subject):
            return (1, self._references[subject], _term_key(subject)) if isinstance(subject, BNode) \
                else (0, 0, _term_key(subject))

        return sorted(self._subjects, key=key)


class _SortedTurtle(_SortedSubjects, TurtleSerializer):
    pass


class _SortedTrig(_SortedSubjects, TrigSerializer):
    def preprocess(self) -> None:
        self.contexts.sort(key=lambda context: _natural(str(context.identifier)))
        super().preprocess()


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


def _quad_key(quad: ox.Quad) -> tuple:
    predicate = (0,) if quad.predicate.value == str(RDF.type) else _term_key(quad.predicate)
    return _term_key(quad.graph_name), _term_key(quad.subject), predicate, _term_key(quad.object)
