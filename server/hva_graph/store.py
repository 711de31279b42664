"""The query engine: a pyoxigraph store holding the knowledge's named graphs."""

from __future__ import annotations

import pyoxigraph as ox

from .knowledge import Knowledge


def build_store(knowledge: Knowledge) -> ox.Store:
    """An in-memory pyoxigraph store with one named graph per knowledge graph."""
    store = ox.Store()
    for iri, graph in knowledge.graphs.items():
        store.load(
            graph.serialize(format="nt", encoding="utf-8"),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(str(iri)),
        )
    return store
