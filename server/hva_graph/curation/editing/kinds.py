"""What kind of statement a class makes, and so where the statement stands in its IRI.

A statement's IRI is {strategy}/{kind}/{ordinal} (data/README.md, "Identifiers"), its ordinal
its place among the statements of the same kind in its strategy. A kind is a family of classes:
a Decision and a Seminar are both `event`s, numbered in one list. The families are the direct
subclasses of hva:StrategyElement in the ontology (tests/test_curation_editing.py holds this
table to the ontology and to every statement in data/).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from ...namespaces import HVA

KINDS = {
    HVA.Mission: "mission", HVA.Vision: "vision", HVA.Value: "value", HVA.StrategicGoal: "goal",
    HVA.Priority: "priority", HVA.StrategicPrinciple: "principle", HVA.CriticalSuccessFactor: "success-factor",
    HVA.Promise: "promise", HVA.Precondition: "precondition", HVA.StrategyEvent: "event",
    HVA.Consultation: "consultation", HVA.ConsultationPurpose: "consultation-purpose",
    HVA.ConsultationPhase: "consultation-phase", HVA.LegalRequirement: "legal-requirement",
    HVA.RelatedDocument: "document", HVA.FollowUpArrangement: "follow-up", HVA.PreparationPlan: "preparation-plan",
    HVA.PreparationStep: "preparation-step", HVA.Explanation: "explanation", HVA.Tier: "tier",
}
"""The path segment of each family's statements."""

PHASES = (HVA.PreparationEvent, HVA.ImplementationEvent)
"""An event's phase, a class it has beside its kind (a decision) or its only one (an event of no more
particular kind); a seminar, hearing or information session is a preparation event by its class
(data/README.md, "Preparation and implementation")."""

EVENT_DATED = (HVA.StrategyEvent, HVA.Consultation)
"""Classes whose statements are dated by schema:startDate/endDate; any other statement's time is a
dcterms:temporal period (data/README.md)."""


@dataclass(frozen=True)
class StatementClass:
    iri: URIRef
    kind: str
    label: str
    """The English label, as the curator picks from a list."""
    finnish: str


class Classes:
    """The statement classes of the ontology (hva:StrategyElement and every class below it)."""

    def __init__(self, ontology: Graph):
        self.ontology = ontology
        self.choices: list[StatementClass] = []
        for family, kind in KINDS.items():
            for cls in dict.fromkeys([family, *sorted(ontology.transitive_subjects(RDFS.subClassOf, family))]):
                self.choices.append(StatementClass(cls, kind, self._label(cls, "en"), self._label(cls, "fi")))
        self._kinds = {choice.iri: choice.kind for choice in self.choices}

    def _label(self, cls: URIRef, language: str) -> str:
        found = [str(o) for o in self.ontology.objects(cls, RDFS.label) if getattr(o, "language", None) == language]
        return found[0] if found else str(cls).rsplit("#", 1)[-1]

    def kind(self, cls) -> str | None:
        return self._kinds.get(cls)

    def is_statement_class(self, cls) -> bool:
        return cls in self._kinds

    def kind_of(self, graph: Graph, statement) -> str | None:
        """The kind of a statement by its asserted class (None: not a statement)."""
        kinds = sorted({self._kinds[c] for c in graph.objects(statement, RDF.type) if c in self._kinds})
        return kinds[0] if kinds else None

    def is_a(self, graph: Graph, statement, ancestor: URIRef) -> bool:
        """Whether the statement's asserted class is `ancestor` or below it."""
        return any(ancestor in set(self.ontology.transitive_objects(cls, RDFS.subClassOf))
                   for cls in graph.objects(statement, RDF.type))

    def below(self, cls, ancestor) -> bool:
        """Whether a class is `ancestor` or below it."""
        return ancestor in set(self.ontology.transitive_objects(cls, RDFS.subClassOf))

    def implied_phase(self, cls) -> URIRef | None:
        """The phase a class is below, if any (a seminar's: the preparation)."""
        return next((phase for phase in PHASES if self.below(cls, phase)), None)

    def main_class(self, graph: Graph, statement) -> URIRef | None:
        """The statement's class other than its phase (a decision's: Decision), else its phase."""
        found = sorted((c for c in graph.objects(statement, RDF.type) if c in self._kinds), key=str)
        return next((c for c in found if c not in PHASES), found[0] if found else None)

    def phase_of(self, graph: Graph, statement) -> URIRef | None:
        """An event's phase, asserted or implied by its class (None: not an event, or none given)."""
        for cls in graph.objects(statement, RDF.type):
            phase = self.implied_phase(cls) if cls in self._kinds else None
            if phase is not None:
                return phase
        return None

    def label(self, cls) -> str:
        """The class's English name in the ontology (its local name where it has none)."""
        return self._label(cls, "en")
