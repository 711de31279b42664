"""A source graph as Turtle in the layout of data/source-NNN.ttl, the same bytes for the same graph.

rdflib's own Turtle writer orders subjects and prefixes its own way, so a draft written by it
would diff badly against itself after a curator's change. Here the order is the source's: the
graph's own description, the source document, the organisation's bodies (and council groups, and
the other organisations it names), the strategy with its
passages and period, then every statement in the order of its passage in the source text, each
followed by its passage (and period); predicates in one fixed order, objects sorted. A change
to one statement is then one hunk of diff, and write(read(text)) == text for every text this
module wrote. Blank nodes are written inline (selectors, proposals); one that is cited twice
cannot be, and is refused.
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from ..namespaces import BASE, HVA, OA, SCHEMA

ID = BASE + "id/"
STRATEGY_BASE = ID + "strategy/"

PREFIXES = (
    ("hva", str(HVA)), ("rdf", str(RDF)), ("rdfs", str(RDFS)), ("xsd", str(XSD)), ("dcterms", str(DCTERMS)),
    ("dcat", str(DCAT)), ("prov", str(PROV)), ("org", str(ORG)), ("oa", str(OA)), ("schema", str(SCHEMA)),
    ("skos", str(SKOS)), ("sg", ID + "stakeholder-group/"), ("src", ID + "source/"), ("ho", ID + "organisation/"),
    ("status", ID + "document-status/"), ("kind", ID + "decision-kind/"), ("theme", ID + "theme/"),
)
"""The data files' prefixes, in their order, and rdf: and theme: for proposals and theme tags."""

PREDICATE_ORDER = [
    RDF.type, DCTERMS.type, HVA.tier, HVA.inStrategy, HVA.ordinal, HVA.tierLevel, HVA.partOf, HVA.preconditionFor,
    DCTERMS.identifier, ORG.unitOf, ORG.linkedTo, RDFS.label, HVA.missingLabel, SKOS.altLabel, RDFS.comment, DCTERMS.description,
    PROV.wasDerivedFrom, PROV.wasAttributedTo, HVA.organiser, HVA.describedIn, DCTERMS.language,
    DCTERMS.format, HVA.sha256, DCTERMS.temporal, DCAT.startDate, DCAT.endDate, SCHEMA.startDate, SCHEMA.endDate,
    HVA.datePrecision, HVA.eventStatus, HVA.heldBy, SCHEMA.recipient, HVA.concerns, HVA.explains, HVA.stakeholderGroup,
    HVA.respondentCount, HVA.phase, HVA.duringEvent, HVA.legalReference, SCHEMA.creativeWorkStatus,
    HVA.statusPassage, HVA.describes, HVA.theme, None, HVA.verbatim, HVA.passage, OA.hasSource, OA.hasSelector,
    OA.exact, OA.start, OA.end, HVA.proposedProperty, HVA.cue, HVA.rule, HVA.proposal,
]
"""Where each predicate stands in a block; None is the place of any other (in IRI order)."""
_RANK = {predicate: rank for rank, predicate in enumerate(PREDICATE_ORDER)}
_LANGUAGES = {"fi": 0, "sv": 1, "en": 2}
_INLINE_TYPES = {OA.TextQuoteSelector: 0, OA.TextPositionSelector: 1}
"""A passage's quote before its position, as in the data files; proposals in the order of the
properties they propose."""
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_DIGITS = re.compile(r"(\d+)")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


class TurtleLayoutError(ValueError):
    """The graph has something this layout cannot write (a blank node cited twice, or a cycle)."""


def read(text: str) -> Graph:
    """A source graph from its Turtle text (the file's own @base resolves its relative IRIs)."""
    return Graph().parse(data=text, format="turtle")


def write(graph: Graph) -> str:
    """The graph as Turtle in the data files' layout; deterministic for a given graph."""
    writer = _Writer(graph)
    blocks = [writer.block(subject) for subject in subject_order(graph)]
    return "\n".join([_header(graph), *blocks])


def _header(graph: Graph) -> str:
    width = max(len(prefix) for prefix, _ in PREFIXES) + 2
    lines = [f"@prefix {(prefix + ':').ljust(width)}<{namespace}> ." for prefix, namespace in PREFIXES]
    lines.append(f"@base {' ' * (width + 2)}<{STRATEGY_BASE}> .")
    for document in sorted(graph.subjects(RDF.type, HVA.SourceDocument)):
        name = graph.value(document, DCTERMS.identifier) or document
        title = literal_in(graph, document, RDFS.label, "fi")
        lines += ["", f"# {_one_line(title)}" if title else f"# Source {str(name)[:3]}"]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def literal_in(graph: Graph, subject, predicate, language: str) -> str | None:
    found = sorted(str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == language)
    return found[0] if found else None


# --- which subject comes where ----------------------------------------------------------------


def subject_order(graph: Graph) -> list:
    """Named subjects in the source's order; each passage and period right after what cites it."""
    ordered: list = []
    placed: set = set()

    def place(subject) -> None:
        if subject in placed or isinstance(subject, BNode) or (subject, None, None) not in graph:
            return
        placed.add(subject)
        ordered.append(subject)
        for predicate in (HVA.statusPassage, HVA.passage, DCTERMS.temporal):
            for cited in sorted(graph.objects(subject, predicate), key=_natural):
                place(cited)

    for subject in sorted(graph.subjects(RDF.type, PROV.Entity), key=_natural):
        place(subject)
    for subject in sorted(graph.subjects(RDF.type, HVA.SourceDocument), key=_natural):
        place(subject)
    for subject in sorted(set(graph.subjects(RDF.type, HVA.UnidentifiedCounty)), key=_natural):
        place(subject)
    for subject in sorted(set(graph.subjects(ORG.unitOf, None)), key=_natural):
        place(subject)
    # the county's council groups and the other organisations the source names, as the data files have them
    for subject in sorted(set(graph.subjects(RDF.type, HVA.CouncilGroup)), key=_natural):
        place(subject)
    for subject in sorted(set(graph.subjects(RDF.type, ORG.FormalOrganization)), key=_natural):
        place(subject)
    for subject in sorted(graph.subjects(RDF.type, HVA.Strategy), key=_natural):
        place(subject)
    for subject in sorted(set(graph.subjects(HVA.passage, None)), key=lambda s: _source_position(graph, s)):
        place(subject)
    for subject in sorted(set(graph.subjects()), key=lambda s: _natural(s) if isinstance(s, URIRef) else []):
        place(subject)
    return ordered


def _source_position(graph: Graph, statement) -> tuple:
    """Where the statement's passage lies in the source: its start, the longer first on a tie."""
    for selector in graph.objects(graph.value(statement, HVA.passage), OA.hasSelector):
        start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
        if start is not None and end is not None:
            return (0, int(start), -int(end), _natural(statement))
    return (1, 0, 0, _natural(statement))


def _natural(term) -> list:
    """IRIs in their natural order: event/9 before event/10."""
    return [int(part) if part.isdigit() else part for part in _DIGITS.split(str(term))]


# --- one block --------------------------------------------------------------------------------


class _Writer:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.cited = {}
        for _, _, obj in graph:
            if isinstance(obj, BNode):
                self.cited[obj] = self.cited.get(obj, 0) + 1
        twice = [node for node, count in self.cited.items() if count > 1]
        if twice:
            raise TurtleLayoutError(f"a blank node is cited {self.cited[twice[0]]} times; write it as an IRI")

    def block(self, subject) -> str:
        lines = [f"{_predicate(p)} {objects}" for p, objects in self._predicates(subject, depth=0)]
        return f"{self.term(subject)} " + " ;\n    ".join(lines) + " .\n"

    def _predicates(self, subject, depth: int):
        if depth > 8:
            raise TurtleLayoutError("blank nodes nested too deep (a cycle?)")
        predicates = sorted(set(self.graph.predicates(subject)), key=predicate_key)
        for predicate in predicates:
            objects = sorted(self.graph.objects(subject, predicate), key=self._object_key)
            plain = [self.term(o) for o in objects if not isinstance(o, BNode)]
            nested = [self._inline(o, depth + 1) for o in objects if isinstance(o, BNode)]
            yield predicate, " ,\n        ".join(filter(None, [" , ".join(plain), *nested]))

    def _inline(self, node: BNode, depth: int) -> str:
        inner = " ; ".join(f"{_predicate(p)} {objects}" for p, objects in self._predicates(node, depth))
        return f"[ {inner} ]"

    def _object_key(self, term):
        if isinstance(term, Literal):
            return (1, _LANGUAGES.get(term.language or "", 3 if term.language is None else 4),
                    str(term.language or ""), str(term.datatype or ""), str(term))
        if isinstance(term, BNode):
            kind = _INLINE_TYPES.get(self.graph.value(term, RDF.type), len(_INLINE_TYPES))
            proposed = predicate_key(self.graph.value(term, HVA.proposedProperty))
            return (2, kind, proposed, "", self._inline(term, 1))
        return (0, 0, "", "", "", _natural(term))

    def term(self, term) -> str:
        if isinstance(term, Literal):
            return _literal(term)
        if isinstance(term, BNode):
            raise TurtleLayoutError("a blank node subject that nothing cites cannot be written inline")
        return name(str(term))


def predicate_key(predicate) -> tuple:
    rank = _RANK.get(predicate, _RANK[None])
    return (rank, str(predicate))


def _predicate(predicate) -> str:
    return "a" if predicate == RDF.type else name(str(predicate))


def name(iri: str) -> str:
    """A prefixed name where the data files use one, else relative to the strategies (or to id/)."""
    best = None
    for prefix, namespace in PREFIXES:
        local = iri[len(namespace):]
        if iri.startswith(namespace) and _LOCAL.fullmatch(local) and (best is None or len(namespace) > best[1]):
            best = (f"{prefix}:{local}", len(namespace))
    if best is not None:
        return best[0]
    if iri.startswith(STRATEGY_BASE):
        return f"<{iri[len(STRATEGY_BASE):]}>"
    if iri.startswith(ID):
        return f"<../{iri[len(ID):]}>"
    return f"<{iri}>"


def _literal(literal: Literal) -> str:
    text = "".join(_ESCAPES.get(char, char) for char in str(literal))
    if literal.language:
        return f'"{text}"@{literal.language}'
    datatype = literal.datatype
    if datatype == XSD.integer and re.fullmatch(r"[+-]?\d+", str(literal)):
        return str(literal)
    if datatype is None or datatype == XSD.string:
        return f'"{text}"'
    return f'"{text}"^^{name(str(datatype))}'
