"""Reading, inference and validation that grow linearly with the data, unit by unit.

1. Oxigraph reads every file into one in-memory store (reading.py);
2. OWL RL runs per unit with `reasonable`, on every core (reasoner.py, per_unit.py); the
   disjointness rules run over the whole closure in Oxigraph;
3. the SPARQL parts of the shapes run over the whole in Oxigraph (sparql_shapes.py), pyshacl
   checks the rest per unit, on every core, each unit's findings cached by its digest.

What comes out is the store itself (asserted graphs plus graph/inferred), so the service is
loaded from it without a second parse. owlrl and pyshacl over the whole (inference.py,
validation.py) remain the reference: tests/test_scale.py holds the two equal on the real data
and on every broken fixture.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from ..namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from ..progress.phases import phase
from . import per_unit, reasoner
from .inference import infer
from .model import Knowledge, data_version
from .reading import read_files
from .sparql_shapes import Result, split_shapes
from .terms import to_oxigraph, to_rdflib
from .units import Unit, batches, units_of
from .validation import Finding, Names, Rule, ValidationReport, report_of, rule_findings

INFERRED = str(INFERRED_GRAPH)
REASONER_BATCH = 2000
SHACL_BATCH = 600
"""Nodes per reasoner and pyshacl run (units.batches): large enough that the fixed cost of a
run is small beside its work, small enough that an edit re-checks a few hundred nodes only."""

Cutter = Callable[[dict, list[str]], list[Unit]]
"""How the nodes are cut into units for pyshacl, from each node's home graph and the graphs."""


def shacl_batches(homes: dict, graphs: list[str]) -> list[Unit]:
    """The default cut: one unit per graph, small consecutive ones joined (SHACL_BATCH nodes)."""
    return batches(units_of(homes, graphs), SHACL_BATCH)


@dataclass
class Checked:
    """The data of one version as a store, with what inference and validation said of it."""
    store: ox.Store
    key: str
    """SHA-256 of the input files' names and bytes (model.data_version): cheap, so it keys what
    is cached about them (closure, verdict, search index, the canonical version)."""
    sizes: dict[str, int]
    """Statements per named graph (graph/inferred included)."""
    inconsistencies: list[str]
    report: ValidationReport | None = None
    version: str = ""
    """The data version: the canonical digest of every graph (digests.canonical), the same on
    every store; set by checked.checked_data once the derived graphs are in."""

    def add_graph(self, iri: str, quads) -> None:
        """Add a graph derived from the checked data (its statements given in graph `iri`):
        served, described and dumped like any other, its dump files kept while it is unchanged."""
        target = ox.NamedNode(iri)
        added = [ox.Quad(q.subject, q.predicate, q.object, target) for q in quads]
        self.store.bulk_extend(added)
        self.sizes[iri] = len(added)

    def knowledge(self) -> Knowledge:
        """The named graphs as rdflib graphs (for the pretty writers of the dumps)."""
        return Knowledge({URIRef(iri): graph_of(self.store, iri) for iri in self.sizes},
                         self.inconsistencies, self.version)


def graph_of(store: ox.Store, iri: str) -> Graph:
    graph = Graph()
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(iri)):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def read_and_infer(files, cache: Path | None) -> tuple[Checked, dict, list[str]]:
    """The files in a store with their OWL RL closure; also each node's home and the graphs."""
    files = tuple(files)
    data = read_files(files)
    key = data_version(files)
    ontology = graph_of(data.store, str(ONTOLOGY_GRAPH))
    inferred = _closure(data, ontology, cache)
    graph = ox.NamedNode(INFERRED)
    data.store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in inferred)
    for triple in inferred:
        data.homes.setdefault(triple.subject, INFERRED)
    sizes = {**data.sizes, INFERRED: len(inferred)}
    found = reasoner.inconsistencies(data.store, reasoner.disjoint_pairs(ontology))
    return Checked(data.store, key, sizes, found), data.homes, [*data.graphs, INFERRED]


def _closure(data, ontology: Graph, cache: Path | None) -> set[ox.Triple]:
    """OWL RL's new statements, not asserted in any graph."""
    if not reasoner.splits(ontology):
        asserted = Graph()
        for iri in data.graphs:
            asserted += graph_of(data.store, iri)
        with phase("inferring (OWL RL over the whole)"):
            return {ox.Triple(*(to_oxigraph(term) for term in t)) for t in infer(asserted).inferred}
    axioms = [t for t in ontology if not isinstance(t[2], Literal)]
    units = batches(units_of(data.homes, data.graphs), REASONER_BATCH)
    state = {"store": data.store, "asserted": set(data.graphs), "ontology": axioms, "cache": cache,
             "ontology_digest": data.digests[str(ONTOLOGY_GRAPH)]}
    inferred: set[ox.Triple] = set()
    with phase("inferring", len(units), "units") as step:
        bodies = per_unit.run_units(units, per_unit.infer_one, state, step)
    for body in bodies:
        inferred.update(quad.triple for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    store = data.store
    return {t for t in inferred if next(store.quads_for_pattern(t.subject, t.predicate, t.object), None) is None}


def validate(checked: Checked, homes: dict, graphs: list[str], shapes: Graph, shapes_digest: str,
             cache: Path | None, rules: tuple[Rule, ...] = (), cut: Cutter = shacl_batches) -> ValidationReport:
    """SPARQL rules over the whole (the shapes' SPARQL constraints and the shapes/*-violation.rq
    rules), pyshacl per unit; the report as validation.validate_knowledge makes it. `cut`: the
    units (any cut is exact, units.py); the curator's review cuts a draft per statement, so that
    a change re-checks the statements it touched, not the whole draft."""
    units = cut(homes, graphs)
    # One step more than the units: the rules that look across graphs, run over the whole.
    with phase("validating", len(units) + 1, "units") as step:
        split = split_shapes(shapes, checked.store)
        state = {"store": checked.store, "core": split.core, "shapes": shapes, "targeted": split.targeted,
                 "cache": cache, "shapes_digest": shapes_digest}
        findings: list[Finding] = []
        for found in per_unit.run_units(units, per_unit.validate_one, state, step):
            findings += found
        findings += sparql_findings(split.results, checked.store, shapes)
        findings += rule_findings(checked.store, rules)
        step.advance()
    return report_of(findings, checked.inconsistencies)


def sparql_findings(results: list[Result], store: ox.Store, shapes: Graph) -> list[Finding]:
    """The SPARQL rules' results as findings, blank nodes named by what they hang from."""
    parents = Graph()
    for result in results:
        for term in (result.focus, result.value):
            _add_parents(parents, store, term, depth=3)
    names = Names(parents, shapes)
    return [Finding(severity=str(r.severity).rsplit("#", 1)[-1], focus=names.term(r.focus, names.data),
                    path=names.term(r.path, names.data), shape=names.shape(r.shape), message=r.message,
                    value=names.term(r.value, names.data) if r.value is not None else "")
            for r in results]


def _add_parents(graph: Graph, store: ox.Store, term, depth: int) -> None:
    if not isinstance(term, BNode) or depth == 0:
        return
    for quad in store.quads_for_pattern(None, None, ox.BlankNode(str(term)), None):
        subject = to_rdflib(quad.subject)
        graph.add((subject, to_rdflib(quad.predicate), term))
        _add_parents(graph, store, subject, depth - 1)
        return
