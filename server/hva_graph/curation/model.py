"""What the drafting rules propose about one statement, before it becomes RDF (build.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import When

SEGMENTS = {
    "Mission": "mission", "Vision": "vision", "Value": "value", "StrategicGoal": "goal", "Priority": "priority",
    "StrategicPrinciple": "principle", "CriticalSuccessFactor": "success-factor", "Promise": "promise",
    "ServicePromise": "promise", "EmployerPromise": "promise", "Precondition": "precondition",
    "PreparationEvent": "event", "ImplementationEvent": "event", "Seminar": "event", "Decision": "event", "Hearing": "event",
    "InformationSession": "event", "Consultation": "consultation", "Survey": "consultation",
    "RequestForStatements": "consultation", "ConsultationPurpose": "consultation-purpose",
    "ConsultationPhase": "consultation-phase", "LegalRequirement": "legal-requirement",
    "RelatedDocument": "document", "ServiceStrategy": "document", "ServiceLevelDecision": "document",
    "ImplementationProgramme": "document", "StaffProgramme": "document", "OrganisingPlan": "document",
    "FinancialDocument": "document", "BackgroundReport": "document", "FollowUpArrangement": "follow-up",
    "PreparationPlan": "preparation-plan", "PreparationStep": "preparation-step", "Explanation": "explanation",
    "Tier": "tier",
}
"""The path segment of each class in a statement's IRI (data/README.md, Identifiers)."""
EVENTS = {"PreparationEvent", "ImplementationEvent", "Seminar", "Decision", "Hearing", "InformationSession"}
"""The kinds of event the drafter proposes: each is of the strategy's preparation or of its implementation
(data/README.md, "Preparation and implementation"); phases.py says which."""
PHASES = ("PreparationEvent", "ImplementationEvent")
PREPARATION_KINDS = {"Seminar", "Hearing", "InformationSession"}
"""Kinds of event the ontology makes preparation events (subclasses of hva:PreparationEvent)."""
CONSULTATIONS = {"Consultation", "Survey", "RequestForStatements"}
TIERED = {"StrategicGoal", "Priority", "StrategicPrinciple", "CriticalSuccessFactor", "Precondition"}


@dataclass
class Cue:
    """Why a property has the value it has: the text it came from and the rule's name."""
    text: str
    rule: str


@dataclass(eq=False)
class Drafted:
    kind: str
    span: tuple[int, int]
    cues: dict[str, Cue] = field(default_factory=dict)
    """Proposals by property name (type, partOf, tier, ordinal, dates, kind, theme, …)."""
    name_span: tuple[int, int] | None = None
    """The name within the passage, when a description follows it (a value, a priority)."""
    parent: Drafted | None = None
    tier: Drafted | None = None
    level: int | None = None
    """A tier's level in its strategy (1 = top)."""
    precondition_for: Drafted | None = None
    explains: list = field(default_factory=list)
    """Statements (Drafted) or "strategy"."""
    concerns: list = field(default_factory=list)
    during: Drafted | None = None
    phase: Drafted | None = None
    when: When | None = None
    status: str | None = None
    """An event's: Held or Planned."""
    event_phase: str | None = None
    """An event's phase: PreparationEvent or ImplementationEvent (phases.py)."""
    recipients: list[str] = field(default_factory=list)
    """An event's recipients (schema:recipient), as organisations' names (recipients.py)."""
    decision_kind: str | None = None
    bodies: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    count: int | None = None
    themes: list[str] = field(default_factory=list)
    source_number: int | None = None
    ordinal: int = 0
    label_end: int | None = None
    """Where the label's text ends, when the passage goes on with what another statement carries."""
    label_skip: tuple[int, int] | None = None
    """Words of the passage left out of the label, because another statement carries them (in a
    hearing's passage, the day of the decision that sent the draft out)."""

    def propose(self, prop: str, cue: str, rule: str) -> None:
        self.cues[prop] = Cue(plain(cue), rule)

    @property
    def segment(self) -> str:
        return SEGMENTS[self.kind]


def plain(cue: str) -> str:
    """A cue as one line of text, without markup (a cue is a literal: the data's markup rule reads it)."""
    return " ".join(re.sub(r"<[^>]*>|\*\*|&[a-z]+;", "", cue).split())[:120]
