"""Confirming and correcting what the machine proposed about a statement: accept, retype, an
event's phase, move (parent, tier, ordinal), labels and theme tags.

Each function changes the draft graph in place and returns the statement's IRI after the change
(a new class or place may give it another: naming.py). Correcting a value removes the proposal
about it, as confirming does (data/README.md, "Drafts"); an English or Swedish label written
removes its hva:missingLabel, and one cleared puts it back.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ...namespaces import HVA
from .kinds import PHASES, Classes
from .naming import in_source_order, members, renumber
from .nodes import drop_proposals, require
from .selectors import EditError, clean_label

KEEP = object()
"""move(): leave this one as it is."""
LANGUAGES = ("fi", "en", "sv")
OPTIONAL_LABELS = ("en", "sv")
"""The labels the drafting tool leaves for the curator (hva:missingLabel)."""


def accept(graph: Graph, subject, prop=None) -> URIRef:
    """Confirm the proposals of a statement (or strategy, source document, body): all of
    them, or those about one property."""
    subject = require(graph, subject)
    if not drop_proposals(graph, subject, *([URIRef(str(prop))] if prop else [])):
        raise EditError("there is no proposal left to accept here")
    return subject


def retype(graph: Graph, classes: Classes, statement, cls) -> URIRef:
    """Give the statement another class; in another kind's list it takes its place by its passage."""
    statement, cls = require(graph, statement), URIRef(str(cls))
    old = classes.kind_of(graph, statement)
    if old is None:
        raise EditError("only a statement of the strategy can be given another class")
    if not classes.is_statement_class(cls):
        raise EditError(f"<{cls}> is not a class of statement")
    phase = classes.phase_of(graph, statement)
    for current in list(graph.objects(statement, RDF.type)):
        if classes.is_statement_class(current):
            graph.remove((statement, RDF.type, current))
    graph.add((statement, RDF.type, cls))
    if classes.below(cls, HVA.StrategyEvent) and classes.implied_phase(cls) is None:
        graph.add((statement, RDF.type, phase or HVA.PreparationEvent))  # a decision keeps the phase it had
    drop_proposals(graph, statement, RDF.type)
    new = classes.kind(cls)
    if new == old:
        return statement
    strategy = graph.value(statement, HVA.inStrategy)
    others = [s for s in members(graph, classes, strategy, new) if s != statement]
    statement = renumber(graph, strategy, new, in_source_order(graph, others, statement)).get(statement, statement)
    renumber(graph, strategy, old, members(graph, classes, strategy, old))
    return statement


def set_phase(graph: Graph, classes: Classes, statement, phase) -> URIRef:
    """Make an event one of the preparation or of the implementation (after the adoption)."""
    statement, phase = require(graph, statement), URIRef(str(phase))
    if phase not in PHASES:
        raise EditError(f"<{phase}> is not a phase of an event")
    if not classes.is_a(graph, statement, HVA.StrategyEvent):
        raise EditError("only an event has a phase")
    main = classes.main_class(graph, statement)
    implied = classes.implied_phase(main) if main not in PHASES else None
    if implied is not None and implied != phase:
        raise EditError(f"a {classes.label(main).lower()} is an event of the preparation by its class; "
                        "give it another class first")
    for current in PHASES:
        graph.remove((statement, RDF.type, current))
    if implied is None:
        graph.add((statement, RDF.type, phase))
    drop_proposals(graph, statement, RDF.type)
    return statement


def move(graph: Graph, classes: Classes, statement, parent=KEEP, tier=KEEP, ordinal=None) -> URIRef:
    """Put the statement under another parent (None: under none), in another tier (None: no
    tier) and at another place in its list (ordinal, from 1)."""
    statement = require(graph, statement)
    strategy = graph.value(statement, HVA.inStrategy)
    if strategy is None:
        raise EditError("only a statement of the strategy can be moved")
    if parent is not KEEP:
        _set_parent(graph, classes, statement, strategy, parent)
    if tier is not KEEP:
        _set_tier(graph, statement, strategy, tier)
    if ordinal is not None:
        statement = _reorder(graph, classes, statement, strategy, int(ordinal))
    return statement


def parent_property(graph: Graph, classes: Classes, statement) -> URIRef:
    """A precondition's parent is the goal it is the precondition for; any other's, what it is part of."""
    return HVA.preconditionFor if classes.is_a(graph, statement, HVA.Precondition) else HVA.partOf


def _set_parent(graph: Graph, classes: Classes, statement, strategy, parent) -> None:
    prop = parent_property(graph, classes, statement)
    if parent is not None:
        parent = require(graph, parent)
        if graph.value(parent, HVA.inStrategy) != strategy:
            raise EditError("the parent must be a statement of the same strategy")
        if parent == statement or statement in _ancestors(graph, parent):
            raise EditError("a statement cannot be put under itself or under a statement below it")
    graph.remove((statement, prop, None))
    if parent is not None:
        graph.add((statement, prop, parent))
    drop_proposals(graph, statement, HVA.partOf, HVA.preconditionFor)


def _ancestors(graph: Graph, statement) -> set:
    found, current = set(), [statement]
    while current:
        node = current.pop()
        for parent in graph.objects(node, HVA.partOf | HVA.preconditionFor):
            if parent not in found:
                found.add(parent)
                current.append(parent)
    return found


def _set_tier(graph: Graph, statement, strategy, tier) -> None:
    if tier is not None:
        tier = require(graph, tier)
        if (tier, RDF.type, HVA.Tier) not in graph or graph.value(tier, HVA.inStrategy) != strategy:
            raise EditError("the tier must be a tier of the same strategy")
    graph.remove((statement, HVA.tier, None))
    if tier is not None:
        graph.add((statement, HVA.tier, tier))
    drop_proposals(graph, statement, HVA.tier)


def _reorder(graph: Graph, classes: Classes, statement, strategy, ordinal: int) -> URIRef:
    kind = classes.kind_of(graph, statement)
    others = [s for s in members(graph, classes, strategy, kind) if s != statement]
    if not 1 <= ordinal <= len(others) + 1:
        raise EditError(f"the list of this kind holds {len(others) + 1} statement(s): give an ordinal from 1 to {len(others) + 1}")
    order = [*others[:ordinal - 1], statement, *others[ordinal - 1:]]
    drop_proposals(graph, statement, HVA.ordinal)
    return renumber(graph, strategy, kind, order).get(statement, statement)


def set_labels(graph: Graph, subject, labels: dict[str, str]) -> URIRef:
    """Write the labels given ({language: text}); text is made one line. The Finnish label is
    required; an English or Swedish one left empty is marked as still to write."""
    subject = require(graph, subject)
    for language, text in labels.items():
        if language not in LANGUAGES:
            raise EditError(f"labels are written in {', '.join(LANGUAGES)}, not {language!r}")
        text = clean_label(text or "")
        if not text and language == "fi":
            raise EditError("a Finnish label is required")
        for old in [o for o in graph.objects(subject, RDFS.label) if getattr(o, "language", None) == language]:
            graph.remove((subject, RDFS.label, old))
        missing = [o for o in graph.objects(subject, HVA.missingLabel) if str(o).lower() == language]
        for marker in missing:
            graph.remove((subject, HVA.missingLabel, marker))
        if text:
            graph.add((subject, RDFS.label, Literal(text, lang=language)))
        elif language in OPTIONAL_LABELS:
            graph.add((subject, HVA.missingLabel, Literal(language)))
    return subject


def set_themes(graph: Graph, statement, themes, known) -> URIRef:
    """Tag the statement with exactly these themes (of data/themes.ttl)."""
    statement = require(graph, statement)
    themes = {URIRef(str(theme)) for theme in themes}
    unknown = sorted(str(theme) for theme in themes - set(known))
    if unknown:
        raise EditError(f"not a theme of data/themes.ttl: {', '.join(unknown)}")
    graph.remove((statement, HVA.theme, None))
    for theme in themes:
        graph.add((statement, HVA.theme, theme))
    drop_proposals(graph, statement, HVA.theme)
    return statement
