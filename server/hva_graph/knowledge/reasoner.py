"""OWL RL with the `reasonable` reasoner (Rust), one unit at a time, and the consistency rules
over the whole; owlrl (inference.py) stays the reference it is tested against.

Per unit is exact where every rule of the ontology joins statements about one node and its
neighbours (subclasses, subproperties, domains, ranges, inverses, functional properties,
disjoint classes), which is what units.py gathers. An ontology that says more (transitive
properties, property chains, keys, cardinalities, complements …) is reasoned over whole by
owlrl, as before: `splits` says which.

`reasonable` reports no inconsistencies, so the one kind this ontology can have, an individual
of two disjoint classes, is asked of the whole closure in Oxigraph, with owlrl's message.
"""

from __future__ import annotations

import pyoxigraph as ox
import reasonable
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from ..namespaces import ID
from .terms import to_oxigraph, to_rdflib

LOCAL_OWL = {OWL[name] for name in (
    "Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "FunctionalProperty",
    "Ontology", "NamedIndividual", "Thing", "inverseOf", "AllDisjointClasses", "members",
    "disjointWith", "versionIRI", "versionInfo", "imports", "equivalentClass", "equivalentProperty",
    "SymmetricProperty", "priorVersion", "deprecated")}
"""The OWL terms whose rules need no statement beyond a node and its neighbours."""

REASONER_FORMAT = 1
"""The version of what infer_unit keeps: part of the per-unit closure's cache key."""


def splits(ontology: Graph) -> bool:
    """Whether the ontology's rules may be run unit by unit (see the module's docstring)."""
    used = {term for triple in ontology for term in triple if isinstance(term, URIRef) and term.startswith(str(OWL))}
    return used <= LOCAL_OWL


def infer_unit(triples: set[ox.Triple], ontology: list[tuple]) -> set[ox.Triple]:
    """What OWL RL adds to a unit's resource statements (no literal objects: see
    inference.infer) and the ontology's, kept as inference.infer keeps it: new statements
    about the graph's own resources, without owlrl's bookkeeping."""
    given = [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in triples]
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(ontology + given)
    known = set(ontology) | set(given)
    return {ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
            for s, p, o in reasoner.reason() if (s, p, o) not in known and _useful(s, p, o)}


def _useful(subject, predicate, obj) -> bool:
    if not (isinstance(subject, URIRef) and subject.startswith(str(ID))):
        return False
    if predicate in (OWL.sameAs, OWL.differentFrom):
        return False
    return not (predicate == RDF.type and obj in (OWL.Thing, OWL.NamedIndividual))


def disjoint_pairs(ontology: Graph) -> list[tuple[URIRef, URIRef]]:
    """Pairs of disjoint classes, in owlrl's order (cax-dw, then cax-adc by list position)."""
    pairs = [(c1, c2) for c1, c2 in ontology.subject_objects(OWL.disjointWith)]
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        for members in ontology.objects(axiom, OWL.members):
            classes = list(ontology.items(members))
            pairs += [(c1, c2) for i, c1 in enumerate(classes) for c2 in classes[i + 1:]]
    return pairs


def inconsistencies(store: ox.Store, pairs: list[tuple[URIRef, URIRef]]) -> list[str]:
    """owlrl's messages for every individual of two disjoint classes, over the whole store."""
    found = set()
    for c1, c2 in pairs:
        query = f"SELECT DISTINCT ?x WHERE {{ ?x a <{c1}> , <{c2}> }}"
        for row in store.query(query, use_default_graph_as_union=True):
            node = row["x"]
            name = node.value if isinstance(node, ox.NamedNode) else node.value
            found.add(f"Disjoint classes {c1} and {c2} have a common individual {name}")
    return sorted(found)
