"""What a release changed, statement by statement: the quads of its diff grouped by the statement
they belong to, with what people need to read it (kind, class, strategy, labels, properties).

A quad belongs to the statement whose IRI is the longest prefix of its subject's (a passage
`{statement}/passage`, its selectors `…/passage/selector/quote`, a period `{statement}/period`:
the data's IRIs are built that way, skolem.py included), among the statements (what has
hva:inStrategy, and the strategies) of either side; a quad of no statement belongs to the
resource that is the longest typed prefix of its subject that is no mere part (an organisation,
a body, a theme, a source document), else to its subject.

Only the curated graphs (the data files') are read statement by statement; the ontology and the
derived graphs (inferred, search) are summarised by their counts of quads added and removed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import BASE, HVA, INFERRED_GRAPH, OA, ONTOLOGY_GRAPH, RELEASES_GRAPH, SEARCH_GRAPH
from .diff import GraphDiff

SUMMARISED = (str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH), str(SEARCH_GRAPH), str(RELEASES_GRAPH))
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
IN_STRATEGY = str(HVA.inStrategy)
STRATEGY = str(HVA.Strategy)
PARTS = {str(HVA.Passage), str(OA.TextQuoteSelector), str(OA.TextPositionSelector),
         "http://purl.org/dc/terms/PeriodOfTime"}
"""Classes of what belongs to a statement rather than standing alone."""

ADDED, REMOVED, RELABELLED, CORRECTED = (str(HVA.StatementAdded), str(HVA.StatementRemoved),
                                         str(HVA.StatementRelabelled), str(HVA.StatementCorrected))


@dataclass
class Change:
    statement: str
    kind: str
    """One of ADDED, REMOVED, RELABELLED, CORRECTED (hva: classes)."""
    graph: str
    """The named graph the statement's quads are in (after the release; before, if removed)."""
    strategy: str | None = None
    statement_class: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    """Language -> the statement's label (after the release; before, if removed)."""
    properties: list[str] = field(default_factory=list)
    """Every property whose values changed on the statement or its parts."""
    new_source: bool = False
    """An addition in a graph the release before did not have (a new source document)."""
    added: list[ox.Quad] = field(default_factory=list)
    removed: list[ox.Quad] = field(default_factory=list)


@dataclass(frozen=True)
class Summary:
    graph: str
    added: int
    removed: int


def curated(graph: str) -> bool:
    return bool(graph) and graph not in SUMMARISED


class Facts:
    """What one side (a release, or a working copy) says of the resources a diff touches."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.graphs = {g.value for g in store.named_graphs()}

    def objects(self, subject: str, predicate: str) -> list:
        return [q.object for q in self.store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)
                if curated(q.graph_name.value)]

    def present(self, subject: str) -> bool:
        return any(curated(q.graph_name.value) for q in self.store.quads_for_pattern(ox.NamedNode(subject), None, None))

    def is_statement(self, iri: str) -> bool:
        return bool(self.objects(iri, IN_STRATEGY)) or any(t.value == STRATEGY for t in self.objects(iri, RDF_TYPE))

    def is_resource(self, iri: str) -> bool:
        types = {t.value for t in self.objects(iri, RDF_TYPE)}
        return bool(types - PARTS)

    def graph_of(self, subject: str) -> str | None:
        found = sorted(q.graph_name.value for q in self.store.quads_for_pattern(ox.NamedNode(subject), None, None)
                       if curated(q.graph_name.value))
        return found[0] if found else None


def changes(before: ox.Store, after: ox.Store, diffs: list[GraphDiff]) -> tuple[list[Change], list[Summary]]:
    """The statement changes of the curated graphs, and the other graphs' counts."""
    old, new = Facts(before), Facts(after)
    owner_of = functools.lru_cache(maxsize=None)(lambda subject: _owner(subject, old, new))
    grouped: dict[str, Change] = {}
    summaries = []
    for change in diffs:
        if not curated(change.graph):
            summaries.append(Summary(change.graph, len(change.added), len(change.removed)))
            continue
        for lines, side in ((change.added, "added"), (change.removed, "removed")):
            for quad in ox.parse(b"".join(lines), format=ox.RdfFormat.N_QUADS):
                owner = owner_of(quad.subject)
                record = grouped.setdefault(owner, Change(owner, CORRECTED, change.graph))
                getattr(record, side).append(quad)
    for record in grouped.values():
        _describe(record, old, new)
    return sorted(grouped.values(), key=lambda c: _natural(c.statement)), summaries


def _owner(subject, old: Facts, new: Facts) -> str:
    if not isinstance(subject, ox.NamedNode):
        return subject.value  # a blank node of a curated graph (none since skolemisation)
    iri = subject.value
    prefixes = [iri[:i] for i in range(len(iri), 0, -1) if i == len(iri) or iri[i] == "/"]
    for test in ("is_statement", "is_resource"):
        for prefix in prefixes:
            if prefix.startswith(BASE) and (getattr(old, test)(prefix) or getattr(new, test)(prefix)):
                return prefix
    return iri


def _describe(record: Change, old: Facts, new: Facts) -> None:
    statement = record.statement
    was, now = old.present(statement), new.present(statement)
    side = new if now else old
    record.graph = side.graph_of(statement) or record.graph
    if not was and now:
        record.kind = ADDED
        record.new_source = record.graph not in old.graphs
    elif was and not now:
        record.kind = REMOVED
    properties = {q.predicate.value for q in (*record.added, *record.removed)}
    if was and now:
        record.kind = RELABELLED if properties <= {RDFS_LABEL} else CORRECTED
    record.properties = sorted(properties)
    strategies = side.objects(statement, IN_STRATEGY)
    types = sorted(t.value for t in side.objects(statement, RDF_TYPE))
    record.strategy = statement if STRATEGY in types else (strategies[0].value if strategies else None)
    own = [t for t in types if t.startswith(str(HVA))]
    record.statement_class = (own or types or [None])[0]
    record.labels = {label.language: label.value for label in side.objects(statement, RDFS_LABEL)
                     if isinstance(label, ox.Literal) and label.language}


def _natural(text: str) -> tuple:
    parts = re.split(r"(\d+)", text)
    return tuple((1, int(part)) if i % 2 else (0, part) for i, part in enumerate(parts))
