"""Passages from the curator's selection of the source text: a passage set again, split, merged,
a statement added where the machine found none, or one removed that is not a statement.

A selection is code-point offsets into the source text (the page computes them from what the
curator selected), trimmed of whitespace at its ends; the new selectors quote exactly
text[start:end]. A statement whose Finnish text changes keeps no English or Swedish label that
translated the old one: they are marked as still to write. A statement made or copied by the
tool here carries what it copied as proposals (rule "split"), so the curator confirms them.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ...namespaces import HVA, OA
from .kinds import Classes
from .naming import in_source_order, members, renumber
from .nodes import delete, redirect, require, unlink
from .selectors import EditError, clean_label, quote, set_passage, source_position, span_of, trimmed
from .statements import OPTIONAL_LABELS, set_labels

COPIED_ON_SPLIT = (RDF.type, HVA.partOf, HVA.preconditionFor, HVA.tier)


def reselect(graph: Graph, text: str, statement, start: int, end: int) -> URIRef:
    """The statement's passage is the selection now."""
    statement = require(graph, statement)
    start, end = trimmed(text, start, end)
    _requote(graph, statement, text, start, end)
    return statement


def reselect_status(graph: Graph, text: str, subject, start: int, end: int) -> URIRef:
    """The passage that shows the status of the strategy (or source document) is the selection
    now; the strategy and its source document share it."""
    subject = require(graph, subject)
    start, end = trimmed(text, start, end)
    passage = graph.value(subject, HVA.statusPassage)
    if passage is None:
        strategy = subject if (subject, RDF.type, HVA.Strategy) in graph else graph.value(subject, HVA.describes)
        if strategy is None:
            raise EditError("only a strategy or its source document has a status passage")
        passage = URIRef(f"{strategy}/status/passage")
        for holder in {strategy, graph.value(strategy, HVA.describedIn)} - {None}:
            graph.set((holder, HVA.statusPassage, passage))
    source = graph.value(passage, OA.hasSource) or graph.value(subject, HVA.describedIn) or (
        subject if (subject, RDF.type, HVA.SourceDocument) in graph else None)
    quote(graph, passage, text, start, end, source)
    return subject


def split(graph: Graph, classes: Classes, text: str, statement, start: int, end: int) -> URIRef:
    """The selection, the beginning or the end of the statement's passage, becomes a statement
    of its own (same class, parent and tier, as proposals); the statement keeps the rest.
    Returns the new statement."""
    statement = require(graph, statement)
    kind, span = classes.kind_of(graph, statement), span_of(graph, statement)
    if kind is None or span is None:
        raise EditError("only a statement with a passage can be split")
    start, end = trimmed(text, start, end)
    if not (span[0] <= start and end <= span[1]) or (start, end) == span:
        raise EditError("select a part of the statement's own passage to split off")
    if not text[span[0]:start].strip():
        rest = trimmed(text, end, span[1])
    elif not text[end:span[1]].strip():
        rest = trimmed(text, span[0], start)
    else:
        raise EditError("select the beginning or the end of the passage: what stays must be one passage")
    strategy = graph.value(statement, HVA.inStrategy)
    cue = clean_label(text[span[0]:span[1]])[:80]
    _requote(graph, statement, text, *rest)
    new = URIRef(f"{strategy}/{kind}/split-{start}")
    for prop in COPIED_ON_SPLIT:
        for value in graph.objects(statement, prop):
            if prop != RDF.type or classes.is_statement_class(value):
                graph.add((new, prop, value))
                _propose(graph, new, prop, cue, "split")
    _new_statement(graph, new, strategy, text, start, end, graph.value(graph.value(statement, HVA.passage), OA.hasSource))
    others = [s for s in members(graph, classes, strategy, kind) if s != new]
    return renumber(graph, strategy, kind, in_source_order(graph, others, new)).get(new, new)


def merge(graph: Graph, classes: Classes, text: str, start: int, end: int) -> URIRef:
    """The statements whose passages lie in the selection become one, the first of them, whose
    passage is the whole selection; what pointed to the others points to it. Returns it."""
    start, end = trimmed(text, start, end)
    inside = sorted((s for s in set(graph.subjects(HVA.passage, None)) if classes.kind_of(graph, s)
                     and (span := span_of(graph, s)) and start <= span[0] and span[1] <= end),
                    key=lambda s: source_position(graph, s))
    if len(inside) < 2:
        raise EditError("select the text of two or more statements to merge them")
    kept, gone = inside[0], inside[1:]
    strategy = graph.value(kept, HVA.inStrategy)
    if any(graph.value(s, HVA.inStrategy) != strategy for s in gone):
        raise EditError("only statements of one strategy can be merged")
    kinds = {classes.kind_of(graph, s) for s in gone}
    for other in gone:
        redirect(graph, other, kept)
        delete(graph, other)
    _requote(graph, kept, text, start, end)
    for kind in sorted(kinds):
        kept = renumber(graph, strategy, kind, members(graph, classes, strategy, kind)).get(kept, kept)
    return kept


def add(graph: Graph, classes: Classes, text: str, strategy, cls, start: int, end: int) -> URIRef:
    """A statement of the class made from the selection, where the machine proposed none."""
    strategy, cls = require(graph, strategy), URIRef(str(cls))
    kind = classes.kind(cls)
    if kind is None:
        raise EditError(f"<{cls}> is not a class of statement")
    start, end = trimmed(text, start, end)
    new = URIRef(f"{strategy}/{kind}/added-{start}")
    graph.add((new, RDF.type, cls))
    if classes.below(cls, HVA.StrategyEvent) and classes.implied_phase(cls) is None:
        graph.add((new, RDF.type, HVA.PreparationEvent))  # a decision is of a phase too; the page can change it
    _new_statement(graph, new, strategy, text, start, end, graph.value(strategy, HVA.describedIn))
    others = [s for s in members(graph, classes, strategy, kind) if s != new]
    return renumber(graph, strategy, kind, in_source_order(graph, others, new)).get(new, new)


def remove(graph: Graph, classes: Classes, statement) -> None:
    """The statement goes (page furniture the machine took for content); nothing points to it."""
    statement = require(graph, statement)
    kind, strategy = classes.kind_of(graph, statement), graph.value(statement, HVA.inStrategy)
    if kind is None:
        raise EditError("only a statement of the strategy can be removed")
    unlink(graph, statement)
    delete(graph, statement)
    renumber(graph, strategy, kind, members(graph, classes, strategy, kind))


def _new_statement(graph: Graph, new: URIRef, strategy, text: str, start: int, end: int, source) -> None:
    graph.add((new, HVA.inStrategy, strategy))
    graph.add((new, HVA.ordinal, Literal(1 << 20)))  # renumbered at once by the caller
    graph.add((new, RDFS.label, Literal(clean_label(text[start:end]), lang="fi")))
    for language in OPTIONAL_LABELS:
        graph.add((new, HVA.missingLabel, Literal(language)))
    set_passage(graph, new, text, start, end, source)


def _requote(graph: Graph, statement, text: str, start: int, end: int) -> None:
    """A new passage; the Finnish label follows the quote if it was the quote, and the labels
    that translated the old text are to be written again."""
    old = graph.value(statement, HVA.verbatim)
    set_passage(graph, statement, text, start, end)
    if old is not None and str(old) == text[start:end]:
        return
    finnish = [o for o in graph.objects(statement, RDFS.label) if getattr(o, "language", None) == "fi"]
    labels = {language: "" for language in OPTIONAL_LABELS}
    if old is None or not finnish or str(finnish[0]) == clean_label(str(old)):
        labels["fi"] = clean_label(text[start:end])
    set_labels(graph, statement, labels)


def _propose(graph: Graph, subject, prop, cue: str, rule: str) -> None:
    node = BNode()
    graph.add((subject, HVA.proposal, node))
    graph.add((node, RDF.type, HVA.Proposal))
    graph.add((node, HVA.proposedProperty, prop))
    graph.add((node, HVA.cue, Literal(cue)))
    graph.add((node, HVA.rule, Literal(rule)))
