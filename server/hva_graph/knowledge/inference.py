"""OWL RL inference with owlrl: what the reasoner adds is kept in its own graph."""

from __future__ import annotations

from dataclasses import dataclass

import owlrl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from ..namespaces import ID

ERRNS_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
CLOSURE_FORMAT = 2
"""The version of what infer() (and pipeline.py, tested equal to it) keeps of the closure: part
of the closure's cache key (with the reasoners' versions), so a change here must raise it or
stale closures would be reused. 2: made by `reasonable` per unit, blank nodes named after their file."""


@dataclass
class Inference:
    inferred: Graph
    """New triples about the graph's own resources (types, inverses, super-properties)."""
    inconsistencies: list[str]
    """What owlrl found contradictory (e.g. a member of two disjoint classes)."""


def infer(asserted: Graph) -> Inference:
    """Compute the OWL RL closure of ontology + data and keep what a user can use.

    The closure also holds owlrl's bookkeeping (literal proxies, reflexive owl:sameAs,
    owl:Thing memberships, facts about the vocabularies themselves); only new triples
    whose subject is one of our own resources are kept.

    Triples with a literal object are left out of the reasoner's input: no axiom of the
    ontology derives anything from them (there are no super-properties of datatype
    properties), and owlrl's literal proxies would double its running time. Cardinality
    of literal values is SHACL's job.
    """
    closure = Graph()
    for triple in asserted:
        if not isinstance(triple[2], Literal):
            closure.add(triple)
    reasoner_input = set(closure)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    inconsistencies = sorted(str(message) for message in closure.objects(None, ERRNS_ERROR))
    inferred = Graph()
    for triple in closure:
        if triple not in reasoner_input and triple not in asserted and _useful(triple):
            inferred.add(triple)
    return Inference(inferred, inconsistencies)


def _useful(triple) -> bool:
    subject, predicate, obj = triple
    if not (isinstance(subject, URIRef) and subject.startswith(str(ID))):
        return False
    if predicate in (OWL.sameAs, OWL.differentFrom):
        return False
    return not (predicate == RDF.type and obj in (OWL.Thing, OWL.NamedIndividual))
