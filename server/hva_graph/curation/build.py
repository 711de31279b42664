"""A draft as a source graph: the drafted statements as RDF in the form of data/source-NNN.ttl, each
proposal marked (hva:proposal with its property, cue and rule), every English and Swedish label
left for the curator (hva:missingLabel)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from ..namespaces import GRAPH, HVA, ID, OA, SCHEMA, SG
from . import county as counties
from . import labels
from .dates import When
from .cues import AUTHORITIES, BODY_LABELS, COUNCIL_GROUPS, ENGLISH_BODY_NAMES, ORGANISER
from .model import CONSULTATIONS, EVENTS, PHASES, PREPARATION_KINDS, Drafted, plain

STRATEGY = ID["strategy/"]
PRECISION = {"day": HVA.DayPrecision, "month": HVA.MonthPrecision, "season": HVA.SeasonPrecision,
             "year": HVA.YearPrecision, "deadline": HVA.DeadlinePrecision}
PROPERTIES = {"type": RDF.type, "partOf": HVA.partOf, "tier": HVA.tier, "ordinal": HVA.ordinal,
              "kind": DCTERMS.type, "eventStatus": HVA.eventStatus, "heldBy": HVA.heldBy,
              "groups": HVA.stakeholderGroup, "count": HVA.respondentCount, "preconditionFor": HVA.preconditionFor,
              "phase": HVA.phase, "level": HVA.tierLevel, "theme": HVA.theme, "explains": HVA.explains,
              "concerns": HVA.concerns, "during": HVA.duringEvent, "eventPhase": RDF.type,
              "recipients": SCHEMA.recipient}
CURATORS = ID["agent/curators"]


@dataclass
class Source:
    """What the draft says of the text as a whole."""
    number: str
    file_name: str
    sha256: str
    text: str
    organisation: counties.Finding
    strategy_span: tuple[int, int] | None
    period: tuple[int, int, str] | None
    status: tuple[str, str, tuple[int, int] | None, str]
    """(strategy status, document status, status passage, cue)."""


def graph_of(source: Source, drafted: list[Drafted]) -> Graph:
    return _Builder(source, drafted).build()


class _Builder:
    def __init__(self, source: Source, drafted: list[Drafted]):
        self.source, self.drafted = source, sorted(drafted, key=lambda d: (d.span[0], -d.span[1]))
        self.graph = Graph()
        self.text = source.text
        self.document = ID[f"source/{source.file_name}"]
        self.slug = source.organisation.organisation.slug if source.organisation.organisation else \
            f"unidentified-{source.number}"
        years = f"-{source.period[0]}-{source.period[1]}" if source.period else f"-{source.number}"
        self.strategy = URIRef(f"{STRATEGY}{self.slug}{years}")
        self.iris: dict[int, URIRef] = {}
        self.bodies: dict[str, str] = {}
        self.recipients: set[str] = set()

    def build(self) -> Graph:
        self._ordinals()
        self._graph_entity()
        self._organisation()
        self._strategy()
        for drafted in self.drafted:
            self._statement(drafted)
        self._bodies()
        self._recipients()
        return self.graph

    # --- identifiers -------------------------------------------------------------------------------

    def _ordinals(self) -> None:
        counters: dict[str, int] = {}
        for drafted in self.drafted:
            counters[drafted.segment] = counters.get(drafted.segment, 0) + 1
            drafted.ordinal = counters[drafted.segment]
            self.iris[id(drafted)] = URIRef(f"{self.strategy}/{drafted.segment}/{drafted.ordinal}")

    def iri(self, target) -> URIRef:
        return self.strategy if target == "strategy" else self.iris[id(target)]

    # --- the source, the organisation, the strategy ------------------------------------------------

    def _graph_entity(self) -> None:
        g, number = self.graph, self.source.number
        entity = GRAPH[f"source-{number}"]
        g.add((entity, RDF.type, PROV.Entity))
        g.add((entity, RDFS.label, Literal(f"Lähteen {number} väitteet", lang="fi")))
        g.add((entity, RDFS.label, Literal(f"Statements of source {number}", lang="en")))
        g.add((entity, PROV.wasDerivedFrom, self.document))
        g.add((entity, PROV.wasAttributedTo, CURATORS))
        doc = self.document
        g.add((doc, RDF.type, HVA.SourceDocument))
        g.add((doc, DCTERMS.identifier, Literal(self.source.file_name)))
        g.add((doc, RDFS.label, Literal(f"Lähde {number}: {self._strategy_label()}", lang="fi")))
        self._missing(doc)
        g.add((doc, DCTERMS.language, Literal("fi")))
        g.add((doc, DCTERMS.format, Literal("text/plain; charset=utf-8")))
        g.add((doc, HVA.sha256, Literal(self.source.sha256, datatype=XSD.hexBinary)))
        g.add((doc, HVA.describes, self.strategy))
        strategy_status, document_status, passage, cue = self.source.status
        g.add((doc, SCHEMA.creativeWorkStatus, ID[f"document-status/{document_status}"]))
        if passage is not None and document_status != "not-stated":
            g.add((doc, HVA.statusPassage, self._status_passage(passage)))
        self.propose(doc, SCHEMA.creativeWorkStatus, cue, f"status-{document_status}")

    def _organisation(self) -> None:
        found = self.source.organisation
        if found.organisation is not None:
            return
        g, number = self.graph, self.source.number
        org = counties.iri(self.slug)
        g.add((org, RDF.type, HVA.UnidentifiedCounty))
        g.add((org, RDFS.label, Literal(f"Tunnistamaton hyvinvointialue (lähde {number})", lang="fi")))
        g.add((org, RDFS.label, Literal(f"Unidentified wellbeing services county (source {number})", lang="en")))
        g.add((org, RDFS.comment, Literal(f"Lähde {number} ei nimeä hyvinvointialuettaan; aluetta ei arvata.", lang="fi")))
        g.add((org, RDFS.comment, Literal(f"Source {number} does not name its wellbeing services county; the county "
                                          "is not guessed.", lang="en")))
        g.add((org, SKOS.altLabel, Literal(f"Lähde {number} (alue ei nimetty)", lang="fi")))
        g.add((org, SKOS.altLabel, Literal(f"Källa {number} (området namnges inte)", lang="sv")))
        g.add((org, SKOS.altLabel, Literal(f"Source {number} (county not named)", lang="en")))

    def _strategy_label(self) -> str:
        found = self.source.organisation
        years = f" {self.source.period[0]}–{self.source.period[1]}" if self.source.period else ""
        if found.organisation is None:
            return f"Tunnistamattoman hyvinvointialueen strategia{years} (lähde {self.source.number})"
        return f"{counties.genitive(found.organisation.label_fi)} strategia{years}"

    def _strategy(self) -> None:
        g, s = self.graph, self.strategy
        g.add((s, RDF.type, HVA.Strategy))
        g.add((s, RDFS.label, Literal(self._strategy_label(), lang="fi")))
        self._missing(s)
        g.add((s, HVA.organiser, counties.iri(self.slug)))
        found = self.source.organisation
        self.propose(s, HVA.organiser, found.cue or found.why[:80],
                     "county-name" if found.organisation else "no-county-named")
        g.add((s, HVA.describedIn, self.document))
        if self.source.period:
            first, last, written = self.source.period
            period = URIRef(f"{s}/period")
            g.add((s, DCTERMS.temporal, period))
            g.add((period, RDF.type, DCTERMS.PeriodOfTime))
            g.add((period, DCAT.startDate, Literal(datetime.date(first, 1, 1))))
            g.add((period, DCAT.endDate, Literal(datetime.date(last, 12, 31))))
            g.add((period, HVA.datePrecision, HVA.YearPrecision))
            self.propose(s, DCTERMS.temporal, written, "period-in-title")
        strategy_status, _, passage, cue = self.source.status
        g.add((s, SCHEMA.creativeWorkStatus, ID[f"document-status/{strategy_status}"]))
        if passage is not None and strategy_status != "not-stated":
            g.add((s, HVA.statusPassage, self._status_passage(passage)))
        self.propose(s, SCHEMA.creativeWorkStatus, cue, f"status-{strategy_status}")
        if self.source.strategy_span:
            self._passage(s, self.source.strategy_span)

    def _status_passage(self, span: tuple[int, int]) -> URIRef:
        passage = URIRef(f"{self.strategy}/status/passage")
        if (passage, RDF.type, HVA.Passage) not in self.graph:
            self._selectors(passage, span)
        return passage

    # --- statements --------------------------------------------------------------------------------

    def _statement(self, drafted: Drafted) -> None:
        g, s = self.graph, self.iri(drafted)
        g.add((s, RDF.type, HVA[drafted.kind]))
        if drafted.event_phase and drafted.kind not in PHASES and drafted.kind not in PREPARATION_KINDS:
            g.add((s, RDF.type, HVA[drafted.event_phase]))  # a decision is typed by its phase too
        g.add((s, HVA.inStrategy, self.strategy))
        g.add((s, HVA.ordinal, Literal(drafted.ordinal)))
        self._label(drafted, s)
        self._missing(s)
        self._links(drafted, s)
        if drafted.when is not None:
            self._when(drafted, s, drafted.when)
        if drafted.kind in EVENTS:
            g.add((s, HVA.eventStatus, HVA[drafted.status or "Held"]))
            for body in drafted.bodies:
                g.add((s, HVA.heldBy, self._body(body)))
            for recipient in drafted.recipients:
                g.add((s, SCHEMA.recipient, _organisation(recipient)))
                self.recipients.add(recipient)
            if drafted.decision_kind:
                g.add((s, DCTERMS.type, ID[f"decision-kind/{drafted.decision_kind}"]))
        for group in drafted.groups:
            g.add((s, HVA.stakeholderGroup, SG[group]))
        if drafted.count is not None:
            g.add((s, HVA.respondentCount, Literal(drafted.count)))
        for theme in drafted.themes:
            g.add((s, HVA.theme, ID[f"theme/{theme}"]))
        if drafted.kind == "Tier":
            g.add((s, HVA.tierLevel, Literal(drafted.level or 1)))
        self._passage(s, drafted.span)
        self._proposals(drafted, s)

    def _label(self, drafted: Drafted, s: URIRef) -> None:
        start, end = drafted.span
        if drafted.kind == "Tier":
            kind = drafted.cues["class"].text if "class" in drafted.cues else ""
            label = labels.singular(self.text[start:end], kind)
        elif drafted.name_span is not None:
            a, b = drafted.name_span
            label = labels.clean(self.text[a:b])
            rest = self.text[b:end].lstrip(" :–-\n")
            if rest:
                self.graph.add((s, DCTERMS.description, Literal(labels.clean(rest), lang="fi")))
        else:
            label = labels.clean(self._label_text(start, drafted.label_end or end, drafted.label_skip))
            if drafted.kind == "Value" and " on " in label[:40]:
                name = label.split(" on ")[0]
                if len(name.split()) <= 3:
                    self.graph.add((s, DCTERMS.description, Literal(label, lang="fi")))
                    label = name
        self.graph.add((s, RDFS.label, Literal(label, lang="fi")))

    def _label_text(self, start: int, end: int, skip: tuple[int, int] | None) -> str:
        if skip is None or not (start <= skip[0] < skip[1] <= end):
            return self.text[start:end]
        return self.text[start:skip[0]] + " " + self.text[skip[1]:end]

    def _links(self, drafted: Drafted, s: URIRef) -> None:
        g = self.graph
        if drafted.parent is not None and id(drafted.parent) in self.iris:
            g.add((s, HVA.partOf, self.iri(drafted.parent)))
        if drafted.tier is not None and id(drafted.tier) in self.iris:
            g.add((s, HVA.tier, self.iri(drafted.tier)))
        if drafted.precondition_for is not None and id(drafted.precondition_for) in self.iris:
            g.add((s, HVA.preconditionFor, self.iri(drafted.precondition_for)))
        if drafted.kind == "Explanation":
            for target in drafted.explains or ["strategy"]:
                if target == "strategy" or id(target) in self.iris:
                    g.add((s, HVA.explains, self.iri(target)))
        if drafted.kind in EVENTS:
            for target in drafted.concerns or ["strategy"]:
                if target == "strategy" or id(target) in self.iris:
                    g.add((s, HVA.concerns, self.iri(target)))
        if drafted.kind in CONSULTATIONS:
            if drafted.during is not None and id(drafted.during) in self.iris:
                g.add((s, HVA.duringEvent, self.iri(drafted.during)))
            if drafted.phase is not None and id(drafted.phase) in self.iris:
                g.add((s, HVA.phase, self.iri(drafted.phase)))

    def _when(self, drafted: Drafted, s: URIRef, when: When) -> None:
        g = self.graph
        if drafted.kind in EVENTS or drafted.kind in CONSULTATIONS or drafted.kind == "ConsultationPhase":
            subject, start, end = s, SCHEMA.startDate, SCHEMA.endDate
            proposed = SCHEMA.startDate if when.start is not None else SCHEMA.endDate
        else:
            subject = URIRef(f"{s}/period")
            g.add((s, DCTERMS.temporal, subject))
            g.add((subject, RDF.type, DCTERMS.PeriodOfTime))
            start, end, proposed = DCAT.startDate, DCAT.endDate, DCTERMS.temporal
        if when.start is not None:
            g.add((subject, start, Literal(when.start)))
        g.add((subject, end, Literal(when.end)))
        g.add((subject, HVA.datePrecision, PRECISION[when.precision]))
        cue = drafted.cues.get("date")
        if cue is not None:
            self.propose(s, proposed, cue.text, cue.rule)

    def _passage(self, s: URIRef, span: tuple[int, int]) -> None:
        passage = URIRef(f"{s}/passage")
        self.graph.add((s, HVA.verbatim, Literal(self.text[span[0]:span[1]], lang="fi")))
        self.graph.add((s, HVA.passage, passage))
        self._selectors(passage, span)

    def _selectors(self, passage: URIRef, span: tuple[int, int]) -> None:
        g = self.graph
        g.add((passage, RDF.type, HVA.Passage))
        g.add((passage, OA.hasSource, self.document))
        quote, position = BNode(), BNode()
        g.add((passage, OA.hasSelector, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(self.text[span[0]:span[1]])))
        g.add((passage, OA.hasSelector, position))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(span[0])))
        g.add((position, OA.end, Literal(span[1])))

    def _missing(self, s: URIRef) -> None:
        self.graph.add((s, HVA.missingLabel, Literal("en")))
        self.graph.add((s, HVA.missingLabel, Literal("sv")))

    # --- proposals and bodies ----------------------------------------------------------------------

    def _proposals(self, drafted: Drafted, s: URIRef) -> None:
        for name, cue in drafted.cues.items():
            prop = PROPERTIES.get(name)
            if prop is None:
                continue
            if name == "ordinal" and drafted.source_number != drafted.ordinal:
                continue
            if (s, prop, None) in self.graph:
                self.propose(s, prop, cue.text, cue.rule)
        automatic = {"explains": HVA.explains, "concerns": HVA.concerns, "during": HVA.duringEvent}
        for name, prop in automatic.items():
            if name not in drafted.cues and (s, prop, None) in self.graph:
                target = self.graph.value(s, prop)
                cue = str(self.graph.value(target, HVA.verbatim) or self.graph.value(target, RDFS.label) or "")
                self.propose(s, prop, cue, {"explains": "explains-what-it-stands-by", "concerns": "event-of-the-strategy",
                                            "during": "under-the-event"}[name])

    def propose(self, subject: URIRef, prop: URIRef, cue: str, rule: str) -> None:
        node = BNode()
        g = self.graph
        g.add((subject, HVA.proposal, node))
        g.add((node, RDF.type, HVA.Proposal))
        g.add((node, HVA.proposedProperty, prop))
        g.add((node, HVA.cue, Literal(plain(cue or ""))))
        g.add((node, HVA.rule, Literal(rule)))

    def _body(self, name: str) -> URIRef:
        """Who held an event: a body of the county, its council groups, or the county itself."""
        if name == ORGANISER:
            return counties.iri(self.slug)
        self.bodies.setdefault(name, name)
        return self._body_iri(name)

    def _body_iri(self, name: str) -> URIRef:
        if name == COUNCIL_GROUPS:
            return ID[f"organisation/{self.slug}/council-groups"]
        return ID[f"organisation/{self.slug}/body/{name}"]

    def _bodies(self) -> None:
        g = self.graph
        for name in sorted(self.bodies):
            body = self._body_iri(name)
            g.add((body, RDFS.label, Literal(BODY_LABELS.get(name, name.capitalize()), lang="fi")))
            if name == COUNCIL_GROUPS:  # the council's party groups: no body of the county
                g.add((body, RDF.type, HVA.CouncilGroup))
                if "aluevaltuusto" in self.bodies:
                    g.add((body, ORG.linkedTo, self._body_iri("aluevaltuusto")))
                self._missing(body)
                self.propose(body, RDF.type, name, "council-groups")
                continue
            g.add((body, RDF.type, HVA.Body))
            g.add((body, ORG.unitOf, counties.iri(self.slug)))
            self.propose(body, RDF.type, name, "body-name")
            english = ENGLISH_BODY_NAMES.get(name)
            if english is None or not self._county():
                self._missing(body)
                continue
            g.add((body, RDFS.label, Literal(english, lang="en")))  # fixed by Act 611/2021: proposed, not left
            g.add((body, HVA.missingLabel, Literal("sv")))
            self.propose(body, RDFS.label, BODY_LABELS[name], "english-name-by-act-611-2021")

    def _county(self) -> bool:
        """Whether the organiser is a wellbeing services county (an unidentified one too), whose
        bodies Act 611/2021 names; the City of Helsinki's are named by its own rules."""
        found = self.source.organisation.organisation
        return found is None or found.county

    def _recipients(self) -> None:
        """The organisations an event went to: a national authority by its Finnish name and
        abbreviation, another one as the text writes it; their other names are the curator's."""
        g = self.graph
        for name in sorted(self.recipients):
            organisation = _organisation(name)
            label, abbreviation = AUTHORITIES.get(name, (name, name, ()))[:2]
            g.add((organisation, RDF.type, ORG.FormalOrganization))
            g.add((organisation, RDFS.label, Literal(label, lang="fi")))
            g.add((organisation, SKOS.altLabel, Literal(abbreviation, lang="fi")))
            self._missing(organisation)
            self.propose(organisation, RDF.type, abbreviation, "authority-name" if name in AUTHORITIES else "sent-to")


def _organisation(name: str) -> URIRef:
    """id/organisation/{slug} of a national authority's Finnish name, or of the abbreviation written."""
    return counties.iri(name if name in AUTHORITIES else name.lower())
