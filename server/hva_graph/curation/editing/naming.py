"""Statement IRIs and ordinals: {strategy}/{kind}/{ordinal}, the ordinal its place in its list.

Each kind of statement is one list per strategy, numbered from 1 (data/README.md). A change that
adds a statement to a list, takes one out or reorders it renumbers the list, and every
statement whose number changes gets the IRI that says it; a draft is not published yet, so its
IRIs may still change, and every reference to a renamed statement follows it (rename).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from ...namespaces import HVA
from .kinds import Classes
from .selectors import source_position


def statement_iri(strategy, kind: str, ordinal: int) -> URIRef:
    return URIRef(f"{strategy}/{kind}/{ordinal}")


def rename(graph: Graph, mapping: dict) -> None:
    """Give nodes new IRIs everywhere in the graph, all at once (so two may swap); an IRI under
    a renamed one ({statement}/passage, {statement}/period) follows it."""
    mapping = {URIRef(old): URIRef(new) for old, new in mapping.items() if old != new}
    if not mapping:
        return

    def renamed(term):
        if not isinstance(term, URIRef):
            return term
        if term in mapping:
            return mapping[term]
        head = str(term)
        while "/" in head:
            head = head.rsplit("/", 1)[0]
            if URIRef(head) in mapping:
                return URIRef(str(mapping[URIRef(head)]) + str(term)[len(head):])
        return term

    changed = [(s, p, o) for s, p, o in graph if renamed(s) != s or renamed(o) != o]
    for triple in changed:
        graph.remove(triple)
    for s, p, o in changed:
        graph.add((renamed(s), p, renamed(o)))


def members(graph: Graph, classes: Classes, strategy, kind: str) -> list:
    """The statements of one list, in their order: by ordinal, then by place in the source."""
    found = [s for s in set(graph.subjects(HVA.inStrategy, strategy)) if classes.kind_of(graph, s) == kind]
    return sorted(found, key=lambda s: (_ordinal(graph, s), source_position(graph, s), str(s)))


def _ordinal(graph: Graph, statement) -> int:
    value = graph.value(statement, HVA.ordinal)
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1 << 30


def in_source_order(graph: Graph, order: list, statement) -> list:
    """The list with the statement put where its passage lies: before the first statement
    whose passage starts after its own."""
    rest = [s for s in order if s != statement]
    key = source_position(graph, statement)
    place = next((i for i, s in enumerate(rest) if source_position(graph, s) > key), len(rest))
    return [*rest[:place], statement, *rest[place:]]


def renumber(graph: Graph, strategy, kind: str, order: list) -> dict:
    """Number the list 1… in the given order and name each statement by its number; returns
    the renaming made (old IRI -> new)."""
    mapping = {}
    for number, statement in enumerate(order, start=1):
        graph.set((statement, HVA.ordinal, Literal(number, datatype=XSD.integer)))
        mapping[statement] = statement_iri(strategy, kind, number)
    rename(graph, mapping)
    return {old: new for old, new in mapping.items() if old != new}
