"""How much of a draft a curator keeps: a draft's statements against the curated ones (or a hand-
written expected draft), passage by passage, and then class, an event's phase, parent, tier, dates,
decision kind, stakeholder groups and respondent count of every passage found.

An event's class is its kind (decision, seminar, hearing, information session, or an event of no
more particular kind) and its phase (preparation or implementation, issue 20) is an aspect of its
own: the expected drafts were written when hva:PreparationEvent named every event, so their
"PreparationEvent" is an event of no more particular kind and says no phase; the curated data
types every event by its phase, and only a reference that says it counts it.

A reference passage counts as found when a drafted passage has the same code-point span after
whitespace and punctuation at its ends are trimmed (issue 21). Both sides are read from RDF
(a curated source graph, the draft's graph) or, for an expected draft, from its YAML.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from ..namespaces import HVA, OA, SCHEMA

ENDS = " \t\n\r\u00a0.,;:!?()[]\"'”“–-•*"


@dataclass(frozen=True)
class Dates:
    start: datetime.date | None
    end: datetime.date | None
    precision: str


@dataclass
class Statement:
    span: tuple[int, int]
    kind: str
    parent: tuple[int, int] | None = None
    tier: tuple[int, int] | None = None
    level: int | None = None
    dates: Dates | None = None
    decision_kind: str | None = None
    groups: frozenset[str] | None = None
    count: int | None = None
    phase: str | None = None
    """An event's: preparation or implementation."""


PHASES = {"PreparationEvent": "preparation", "ImplementationEvent": "implementation"}
PREPARATION_KINDS = {"Seminar", "Hearing", "InformationSession"}
"""The ontology's subclasses of hva:PreparationEvent: their phase is their class's."""
EVENT = "StrategyEvent"
"""The class of an event of no more particular kind, whatever its phase."""


def _kind_and_phase(kinds: list[str]) -> tuple[str, str | None]:
    phase = next((PHASES[k] for k in kinds if k in PHASES), None)
    if phase is None and any(k in PREPARATION_KINDS for k in kinds):
        phase = "preparation"
    particular = [k for k in kinds if k not in PHASES]
    return (particular[0] if particular else EVENT if phase else kinds[0] if kinds else ""), phase


def key(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A span without whitespace and punctuation at its ends."""
    start, end = span
    while start < end and text[start] in ENDS:
        start += 1
    while end > start and text[end - 1] in ENDS:
        end -= 1
    return start, end


# --- reading a side -------------------------------------------------------------------------------


def from_graph(graph: Graph) -> list[Statement]:
    """The statements of a source graph (the strategy's own passage included, status passages not)."""
    spans = {s: _span(graph, p) for s, p in graph.subject_objects(HVA.passage)}
    found = []
    for subject, span in spans.items():
        if span is None:
            continue
        kinds = sorted(str(k).rsplit("#", 1)[-1] for k in graph.objects(subject, RDF.type) if str(k).startswith(str(HVA)))
        kind, phase = _kind_and_phase(kinds)
        parent = graph.value(subject, HVA.partOf) or graph.value(subject, HVA.preconditionFor)
        tier = graph.value(subject, HVA.tier)
        groups = {str(g).rsplit("/", 1)[-1] for g in graph.objects(subject, HVA.stakeholderGroup)}
        level = graph.value(subject, HVA.tierLevel)
        count = graph.value(subject, HVA.respondentCount)
        decision = graph.value(subject, DCTERMS.type)
        found.append(Statement(
            span, kind, spans.get(parent), spans.get(tier), int(level) if level is not None else None,
            _dates(graph, subject), str(decision).rsplit("/", 1)[-1] if decision is not None else None,
            frozenset(groups) or None, int(count) if count is not None else None, phase))
    return found


def _span(graph: Graph, passage) -> tuple[int, int] | None:
    for selector in graph.objects(passage, OA.hasSelector):
        start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
        if start is not None and end is not None:
            return int(start), int(end)
    return None


def _dates(graph: Graph, subject) -> Dates | None:
    carrier, start, end = subject, SCHEMA.startDate, SCHEMA.endDate
    if graph.value(subject, SCHEMA.endDate) is None:
        carrier = graph.value(subject, DCTERMS.temporal)
        start, end = DCAT.startDate, DCAT.endDate
        if carrier is None:
            return None
    precision = graph.value(carrier, HVA.datePrecision)
    value = (lambda p: graph.value(carrier, p).toPython() if graph.value(carrier, p) is not None else None)
    if precision is None:
        return None
    return Dates(value(start), value(end), str(precision).rsplit("#", 1)[-1].removesuffix("Precision").lower())


def from_expected(expected: dict, text: str) -> list[Statement]:
    """The statements of an expected draft (YAML), their passages located in the text with any
    whitespace matching any whitespace."""
    located = {}
    statements = []
    for item in expected["statements"]:
        located[item["passage"]] = locate(text, item["passage"], item.get("occurrence", 1))
    for item in expected["statements"]:
        dates = item.get("dates")
        statements.append(Statement(
            located[item["passage"]], EVENT if item["class"] in PHASES else item["class"],
            _reference(text, located, item.get("parent")), _reference(text, located, item.get("tier")),
            item.get("level"),
            Dates(dates.get("start"), dates.get("end"), dates["precision"]) if dates else None,
            item.get("kind"), frozenset(item["groups"]) if "groups" in item else None, item.get("count"),
            item.get("phase")))
    return statements


def _reference(text: str, located: dict, passage: str | None) -> tuple[int, int] | None:
    """The statement a parent or tier names by its passage: where that expected statement is (with its
    occurrence: "tavoitteet", occurrence 2), else the passage's first place in the text."""
    if passage is None:
        return None
    return located.get(passage) or locate(text, passage)


def locate(text: str, passage: str, occurrence: int = 1) -> tuple[int, int]:
    """Where an expected passage is in the kept text, whitespace-insensitively: a word broken at a
    hyphen over a line end in a PDF may be kept with or without that line end."""
    words = passage.split()
    pattern = "".join(re.escape(word) + (r"\s*" if word.endswith("-") else r"\s+") for word in words[:-1])
    pattern += re.escape(words[-1]) if words else ""
    matches = list(re.finditer(pattern, text))
    if len(matches) < occurrence:
        raise ValueError(f"the expected passage {passage!r} is not in the text")
    match = matches[occurrence - 1]
    return match.start(), match.end()


# --- comparing ------------------------------------------------------------------------------------


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def share(self) -> float | None:
        return self.right / self.total if self.total else None

    def __iadd__(self, other: "Ratio") -> "Ratio":
        self.right += other.right
        self.total += other.total
        return self


ASPECTS = ("found", "precise", "classes", "phases", "parents", "tiers", "dates", "kinds", "groups", "counts")


@dataclass
class Comparison:
    ratios: dict[str, Ratio] = field(default_factory=lambda: {a: Ratio() for a in ASPECTS})
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def __iadd__(self, other: "Comparison") -> "Comparison":
        for aspect in ASPECTS:
            self.ratios[aspect] += other.ratios[aspect]
        self.missing += other.missing
        self.extra += other.extra
        self.wrong += other.wrong
        return self


def compare(text: str, reference: list[Statement], drafted: list[Statement]) -> Comparison:
    result = Comparison()
    by_span: dict[tuple[int, int], list[Statement]] = {}
    for statement in drafted:
        by_span.setdefault(key(text, statement.span), []).append(statement)
    reference_spans = {key(text, s.span) for s in reference}
    for span in sorted(reference_spans):
        result.ratios["found"].add(span in by_span)
        if span not in by_span:
            result.missing.append(_quote(text, span))
    for span in sorted(by_span):
        result.ratios["precise"].add(span in reference_spans)
        if span not in reference_spans:
            result.extra.append(f"{by_span[span][0].kind}: {_quote(text, span)}")
    for ref in reference:
        candidates = by_span.get(key(text, ref.span))
        if candidates:
            _aspects(text, ref, candidates, result)
    return result


def _aspects(text: str, ref: Statement, candidates: list[Statement], result: Comparison) -> None:
    same = [c for c in candidates if c.kind == ref.kind]
    mine = same[0] if same else candidates[0]
    check = result.ratios
    note = (lambda aspect, got, want: result.wrong.append(f"{aspect} of {_quote(text, ref.span)}: {got} "
                                                          f"(curated {want})"))
    check["classes"].add(bool(same))
    if not same:
        note("class", mine.kind, ref.kind)
    if ref.phase is not None:
        check["phases"].add(mine.phase == ref.phase)
        if mine.phase != ref.phase:
            note("phase", mine.phase, ref.phase)
    if ref.parent is not None or mine.parent is not None:
        ok = _same(text, ref.parent, mine.parent)
        check["parents"].add(ok)
        if not ok:
            note("parent", _quote(text, mine.parent), _quote(text, ref.parent))
    if ref.tier is not None:
        ok = _same(text, ref.tier, mine.tier)
        check["tiers"].add(ok)
        if not ok:
            note("tier", _quote(text, mine.tier), _quote(text, ref.tier))
    if ref.kind == "Tier" and ref.level is not None:
        ok = mine.level == ref.level
        check["tiers"].add(ok)
        if not ok:
            note("tier level", mine.level, ref.level)
    if ref.dates is not None:
        ok = mine.dates == ref.dates
        check["dates"].add(ok)
        if not ok:
            note("dates", mine.dates, ref.dates)
    if ref.decision_kind is not None:
        ok = mine.decision_kind == ref.decision_kind
        check["kinds"].add(ok)
        if not ok:
            note("decision kind", mine.decision_kind, ref.decision_kind)
    if ref.groups is not None:
        ok = mine.groups == ref.groups
        check["groups"].add(ok)
        if not ok:
            note("groups", sorted(mine.groups or ()), sorted(ref.groups))
    if ref.count is not None:
        ok = mine.count == ref.count
        check["counts"].add(ok)
        if not ok:
            note("count", mine.count, ref.count)


def _same(text: str, a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return key(text, a) == key(text, b)


def _quote(text: str, span) -> str:
    if span is None:
        return "none"
    quoted = " ".join(text[span[0]:span[1]].split())
    return f"\"{quoted[:70]}{'…' if len(quoted) > 70 else ''}\""


# --- what a curator must never get ---------------------------------------------------------------


def selectors_exact(graph: Graph, text: str) -> Ratio:
    """Every passage of the draft quotes the text at its offsets."""
    ratio = Ratio()
    for passage in set(graph.subjects(RDF.type, HVA.Passage)):
        exact = next((graph.value(s, OA.exact) for s in graph.objects(passage, OA.hasSelector)
                      if graph.value(s, OA.exact) is not None), None)
        span = _span(graph, passage)
        ratio.add(exact is not None and span is not None and text[span[0]:span[1]] == str(exact))
    return ratio


def chrome_in(graph: Graph, pattern: re.Pattern, words: list[str] = ()) -> list[str]:
    """Texts of the draft's statements (verbatim, quote, label, description) that hold page chrome:
    what the data's debris rule refuses, and the page furniture an expected draft lists."""
    texts = (HVA.verbatim, OA.exact, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), DCTERMS.description)
    found = set()
    for prop in texts:
        for value in graph.objects(None, prop):
            literal = str(value)
            if pattern.search(literal) or any(word in literal for word in words):
                found.add(literal[:80])
    return sorted(found)
