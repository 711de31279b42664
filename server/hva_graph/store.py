"""The query engine: a pyoxigraph store holding named graphs."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef


def build_store(graphs: dict[URIRef, Graph]) -> ox.Store:
    """An in-memory pyoxigraph store with one named graph per rdflib graph."""
    store = ox.Store()
    for iri, graph in graphs.items():
        store.load(
            graph.serialize(format="nt", encoding="utf-8"),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(str(iri)),
        )
    return store
