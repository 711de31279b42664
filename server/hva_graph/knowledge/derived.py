"""Graphs derived from checked data, added once the data has passed the gate so that every
store, page and dump sees them: the search index (graph/search, built by search.index from the
statements' texts), cached per data version and the analyser's version."""

from __future__ import annotations

import hashlib
import logging

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDFS

from ..namespaces import HVA, INFERRED_GRAPH, SEARCH_GRAPH
from ..search.index import analyser_key, index_graph
from ..settings import Settings
from .cache import DiskCache
from .pipeline import Checked
from .terms import to_oxigraph, to_rdflib

log = logging.getLogger(__name__)


def search_key(key: str) -> str | None:
    """The cache entry of the search index of the files with this key; None without an analyser."""
    analyser = analyser_key()
    if analyser is None:
        return None
    return f"search-{key}-{hashlib.sha256(analyser.encode()).hexdigest()[:16]}.nt"


def index(cache: DiskCache, key: str, texts) -> bytes | None:
    """graph/search of the files with this key as N-Triples (cached), from the asserted statements'
    texts (`texts()`, an rdflib graph); None when the analyser is not installed (the search
    then says so)."""
    key = search_key(key)
    if key is None:
        log.warning("the Finnish analyser is not installed (apt-get install libvoikko1 voikko-fi): "
                    "no search index is built, and the search answers 503")
        return None
    cached = cache.get(key)
    if cached is None:
        cached = index_graph(texts()).serialize(format="nt", encoding="utf-8")
        cache.put(key, cached)
    return cached


def index_source(store, graphs) -> Graph:
    """What index_graph reads, from an Oxigraph store: the verbatim texts and the labels of the
    statements in `graphs` (the asserted ones: an inferred label is not the source's text)."""
    named = [ox.NamedNode(iri) for iri in graphs]
    data = Graph()
    for graph in named:
        for quad in store.quads_for_pattern(None, ox.NamedNode(str(HVA.verbatim)), None, graph):
            data.add((to_rdflib(quad.subject), HVA.verbatim, to_rdflib(quad.object)))
    label = ox.NamedNode(str(RDFS.label))
    for statement in set(data.subjects(HVA.verbatim, None)):
        subject = to_oxigraph(statement)
        for graph in named:
            for quad in store.quads_for_pattern(subject, label, None, graph):
                data.add((statement, RDFS.label, to_rdflib(quad.object)))
    return data


def search_index(settings: Settings, checked: Checked):
    """The DERIVED hook of the search index: (graph/search, its quads), or None without an analyser."""
    asserted = [iri for iri in checked.sizes if iri != str(INFERRED_GRAPH)]
    entries = index(DiskCache(settings.cache_folder), checked.key, lambda: index_source(checked.store, asserted))
    if entries is None:
        return None
    return str(SEARCH_GRAPH), ox.parse(entries, format=ox.RdfFormat.N_TRIPLES)


DERIVED: list = [search_index]
"""The hook for graphs derived from checked data (the search index): functions taking the
settings and the Checked data and returning (graph IRI, its statements as pyoxigraph quads) or
None, run by checked_data once the data has passed the gate, so every store, page and dump
sees them."""


