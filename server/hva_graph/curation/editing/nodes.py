"""What a draft holds besides triples: its statements, the nodes each owns, its proposals."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from ...namespaces import HVA
from .selectors import EditError

OWNED = (HVA.passage, DCTERMS.temporal, HVA.proposal)
"""What a statement owns: its passage, its period, its proposals (removed with it)."""


def require(graph: Graph, subject) -> URIRef:
    """The subject as an IRI of the draft, or EditError."""
    subject = URIRef(str(subject))
    if (subject, RDF.type, None) not in graph:
        raise EditError(f"the draft has no statement <{subject}>")
    return subject


def drop_proposals(graph: Graph, subject, *properties) -> int:
    """Remove the subject's proposals about these properties (all of them, when none is named):
    the curator has confirmed or corrected the value. Returns how many went."""
    gone = 0
    for node in list(graph.objects(subject, HVA.proposal)):
        if not properties or graph.value(node, HVA.proposedProperty) in properties:
            graph.remove((subject, HVA.proposal, node))
            delete(graph, node)
            gone += 1
    return gone


def delete(graph: Graph, node) -> None:
    """Remove a node's own statements, and the blank nodes and owned nodes it alone points to."""
    for predicate, obj in list(graph.predicate_objects(node)):
        graph.remove((node, predicate, obj))
        owned = isinstance(obj, BNode) or (predicate in OWNED and str(obj).startswith(str(node) + "/"))
        if owned and next(graph.subjects(None, obj), None) is None:
            delete(graph, obj)


def redirect(graph: Graph, old, new) -> None:
    """Every reference to `old` points to `new` instead (a reference of `new` to itself is dropped)."""
    for subject, predicate in list(graph.subject_predicates(old)):
        graph.remove((subject, predicate, old))
        if subject != new:
            graph.add((subject, predicate, new))


def unlink(graph: Graph, node) -> None:
    for subject, predicate in list(graph.subject_predicates(node)):
        graph.remove((subject, predicate, node))
