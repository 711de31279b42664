"""What the review page shows: the source text with every passage marked, and a card for each
subject of the draft (source document, bodies, strategy, statements) with its proposals, labels,
place, date, themes and the findings of the last check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from ...curation import turtle
from ...curation.editing import dates, values
from ...curation.editing.kinds import PHASES, Classes
from ...curation.editing.review import Checked, Review
from ...curation.editing.selectors import span_of
from ...curation.editing.statements import parent_property
from ...namespaces import HVA

NOT_CARDS = (HVA.Passage, DCTERMS.PeriodOfTime, PROV.Entity)


@dataclass
class Card:
    iri: str
    anchor: str
    kind: str
    """What the subject is (the English name of its class), and its number in its list."""
    labels: dict[str, str]
    missing: list[str]
    verbatim: str | None
    span: tuple[int, int] | None
    proposals: list[dict]
    violations: list[str]
    warnings: list[str]
    statement: bool
    """A statement of the strategy (it can be retyped, moved, split, removed)."""
    cls: str | None = None
    phase: str | None = None
    """An event's phase (hva:PreparationEvent or hva:ImplementationEvent); None for other statements."""
    fixed_phase: bool = False
    """Whether its class gives the phase (a seminar, hearing or information session is of the preparation)."""
    parent: str | None = None
    tier: str | None = None
    ordinal: int | None = None
    date: tuple[str, str] | None = None
    themes: list[str] = field(default_factory=list)
    status_span: tuple[int, int] | None = None
    """Where the passage that shows a strategy's (or source document's) status lies."""

    @property
    def name(self) -> str:
        return self.labels.get("fi") or self.labels.get("en") or self.iri


def anchor(iri: str) -> str:
    """A fragment id for a subject's card."""
    return "s-" + re.sub(r"[^A-Za-z0-9]+", "-", iri.split("/id/", 1)[-1]).strip("-")


def cards(review: Review, checked: Checked) -> list[Card]:
    graph, classes = review.draft.graph, review.classes
    left = {s.iri: s for s in checked.left.statements}
    found = []
    for subject in turtle.subject_order(graph):
        if not isinstance(subject, URIRef) or any((subject, RDF.type, t) in graph for t in NOT_CARDS):
            continue
        iri = str(subject)
        statement = classes.kind_of(graph, subject) is not None
        item = left.get(iri)
        missing = sorted(str(o) for o in graph.objects(subject, HVA.missingLabel))
        found.append(Card(
            iri=iri, anchor=anchor(iri), kind=_kind(graph, classes, subject),
            labels={o.language: str(o) for o in graph.objects(subject, RDFS.label) if getattr(o, "language", None)},
            missing=missing,
            verbatim=str(graph.value(subject, HVA.verbatim)) if graph.value(subject, HVA.verbatim) else None,
            span=span_of(graph, subject), proposals=_proposals(graph, subject),
            violations=item.violations if item else [], warnings=checked.warnings_of(iri, "en" in missing),
            statement=statement,
            **(_place(graph, classes, subject) if statement else {}),
            date=dates.date_of(graph, subject),
            themes=sorted(str(t) for t in graph.objects(subject, HVA.theme)),
            status_span=span_of(graph, subject, HVA.statusPassage)))
    return found


def _kind(graph: Graph, classes: Classes, subject) -> str:
    types = sorted(graph.objects(subject, RDF.type), key=lambda c: (not classes.is_statement_class(c), str(c)))
    main = classes.main_class(graph, subject)
    name = classes.label(main) if main is not None else classes.label(types[0]) if types else "Subject"
    ordinal = graph.value(subject, HVA.ordinal)
    return f"{name} {ordinal}" if ordinal is not None else name


def _place(graph: Graph, classes: Classes, subject) -> dict:
    cls = classes.main_class(graph, subject)
    event = classes.is_a(graph, subject, HVA.StrategyEvent)
    phase = classes.phase_of(graph, subject) if event else None
    parent = graph.value(subject, parent_property(graph, classes, subject))
    tier, ordinal = graph.value(subject, HVA.tier), graph.value(subject, HVA.ordinal)
    return {"cls": str(cls) if cls else None, "phase": str(phase) if phase else ("" if event else None),
            "fixed_phase": event and cls is not None and cls not in PHASES and classes.implied_phase(cls) is not None,
            "parent": str(parent) if parent else None,
            "tier": str(tier) if tier else None, "ordinal": int(ordinal) if ordinal is not None else None}


def _proposals(graph: Graph, subject) -> list[dict]:
    found = []
    for node in graph.objects(subject, HVA.proposal):
        prop = graph.value(node, HVA.proposedProperty)
        values = sorted(turtle.name(str(v)) if isinstance(v, URIRef) else str(v) for v in graph.objects(subject, prop))
        found.append({"property": turtle.name(str(prop)) if prop is not None else "?", "iri": str(prop or ""),
                      "shown": values, "cue": str(graph.value(node, HVA.cue) or ""),
                      "rule": str(graph.value(node, HVA.rule) or "")})
    return sorted(found, key=lambda p: (turtle.predicate_key(URIRef(p["iri"])), p["cue"]))


def marked_text(text: str, found: list[Card]) -> Markup:
    """The source text cut at every passage boundary; a piece inside passages is a <mark> linked
    to the innermost one's card. Nothing else is in the text's element, so the page can count
    code points of a selection from its start. A carriage return is written as a character
    reference: HTML reads a written CR LF as one LF, which would shift every offset after it."""
    spans = [(c.span[0], c.span[1], c) for c in found if c.span and 0 <= c.span[0] < c.span[1] <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        pieces += [Markup('<span id="p-{}-{}"></span>').format(s, e) for s, e in sorted({(s, e) for s, e, _ in spans
                                                                                         if s == a})]
        covering = [(s, e, c) for s, e, c in spans if s <= a and b <= e]
        piece = escape(text[a:b])
        if covering:
            card = min(covering, key=lambda item: (item[1] - item[0], item[0]))[2]
            left = " left" if card.proposals or card.violations or "en" in card.missing else ""
            piece = Markup('<mark class="passage{}"><a href="#{}">{}</a></mark>').format(left, card.anchor, piece)
        pieces.append(piece)
    return Markup(str(Markup("").join(pieces)).replace("\r", "&#13;"))


def value_fields(review: Review, subject: str) -> list[dict]:
    """The editor's other values of one subject: each field with its choices, the current ones chosen."""
    graph, node = review.draft.graph, URIRef(subject)
    found = []
    for field in values.fields_of(graph, review.classes, node):
        current = {str(v) for v in graph.objects(node, field.prop)}
        options = [{"iri": str(iri), "label": label, "chosen": str(iri) in current}
                   for iri, label in values.choices(graph, field, review.known, node).items() if iri != node]
        found.append({"prop": str(field.prop), "label": field.label, "multiple": field.multiple,
                      "number": field.source == "integer", "minimum": field.minimum,
                      "value": next(iter(current), ""), "options": options})
    return found
