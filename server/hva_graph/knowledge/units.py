"""Units: the part of the data one graph's nodes are checked with, so checks run per graph.

A unit is named by a graph and holds the nodes whose home is that graph (reading.py). Its data
is every statement, from any graph, about those nodes, plus the statements about the nodes
they point to (one hop: a theme's scheme, an organiser's type), plus the class hierarchy.
That is what a SHACL shape of this project reads about a focus node and what an OWL RL rule of
its ontology joins, so a check of the unit sees what a check of the whole would see for those
nodes (tests/test_scale.py holds this against the whole-graph reference). The unit's digest
is the cache key of its results: it changes exactly when something the unit reads does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")


@dataclass(frozen=True)
class Unit:
    graph: str
    nodes: tuple
    """The unit's own nodes (pyoxigraph terms): the focus nodes it reports on."""


def units_of(homes: dict, graphs: list[str]) -> list[Unit]:
    """One unit per graph that is the home of some node, in the graphs' order."""
    members: dict[str, list] = {iri: [] for iri in graphs}
    for node, iri in homes.items():
        members.setdefault(iri, []).append(node)
    return [Unit(iri, tuple(nodes)) for iri, nodes in members.items() if nodes]


def batches(units: list[Unit], nodes: int) -> list[Unit]:
    """Consecutive units joined while they hold fewer than `nodes` nodes together: a
    reasoner or pyshacl run has a fixed cost (the ontology's own closure, the shapes), paid
    once per batch instead of once per graph. A joined unit is as exact as its parts (its data
    is theirs together), and its cache entry is recomputed when any part changes."""
    joined: list[Unit] = []
    for unit in units:
        last = joined[-1] if joined else None
        if last is not None and len(last.nodes) + len(unit.nodes) <= nodes:
            joined[-1] = Unit(last.graph, last.nodes + unit.nodes)
        else:
            joined.append(unit)
    return joined


def unit_triples(store: ox.Store, unit: Unit, graphs=None, keep=None) -> set[ox.Triple]:
    """The unit's data as triples: about its nodes, about their neighbours, the class
    hierarchy. `graphs`: only statements of these graphs (None: all); `keep(triple)`: a filter."""
    own = set(unit.nodes)
    triples: set[ox.Triple] = set()
    neighbours = set()
    for node in unit.nodes:
        for quad in store.quads_for_pattern(node, None, None, None):
            if graphs is not None and quad.graph_name.value not in graphs:
                continue
            triple = quad.triple
            if keep is None or keep(triple):
                triples.add(triple)
                if not isinstance(quad.object, ox.Literal) and quad.object not in own:
                    neighbours.add(quad.object)
    for node in neighbours:
        for quad in store.quads_for_pattern(node, None, None, None):
            if (graphs is None or quad.graph_name.value in graphs) and (keep is None or keep(quad.triple)):
                triples.add(quad.triple)
    for quad in store.quads_for_pattern(None, SUBCLASS, None, None):
        triples.add(quad.triple)
    return triples


def digest(triples, *extra: str) -> str:
    """A digest of a set of triples (order-free) and of what else decides the result."""
    lines = sorted(str(t) for t in triples)
    h = hashlib.sha256()
    for part in (*extra, *lines):
        h.update(part.encode("utf-8") + b"\n")
    return h.hexdigest()
