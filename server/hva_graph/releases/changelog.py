"""A release's changelog as people read it: what changed, statement by statement, grouped by
strategy and kind of statement, the statements of new sources apart from the corrections of
existing ones, each with its old and new values where it was corrected or relabelled; the
ontology and the derived graphs (inferred, search) summarised by their counts."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ..knowledge.released import Release, diff_path, read_lines
from ..settings import Settings
from .changes import curated
from .history import ChangeRecord, History

KIND_ORDER = ("added", "removed", "corrected", "relabelled")


@dataclass
class Entry:
    record: ChangeRecord
    values: list[tuple[str, list[dict], list[dict]]] = field(default_factory=list)
    """(property, values before, values after: terms as SPARQL JSON) of a corrected or relabelled
    statement and its parts."""


@dataclass
class Group:
    strategy: str | None
    kinds: list[tuple[str | None, list[Entry]]]
    """(class of statement, its entries), in the classes' order."""


@dataclass
class Changelog:
    release: Release
    predecessor: Release | None
    new_sources: list[Group]
    corrections: list[Group]
    counts: dict[str, int]
    """added/removed/corrected/relabelled -> statements."""
    summaries: list[tuple[str, int, int]]
    """(graph, quads added, quads removed) of the ontology and the derived graphs."""


def changelog(settings: Settings, history: History, number: str) -> Changelog | None:
    release = history.release(number)
    if release is None:
        return None
    records = history.changes.get(number, [])
    values = _values(settings, release, records)
    entries = [Entry(record, values.get(record.statement, [])) for record in records]
    counts = {kind: sum(1 for r in records if r.kind == kind) for kind in KIND_ORDER}
    summaries = [(entry["name"], (entry.get("added") or {}).get("quads", 0), (entry.get("removed") or {}).get("quads", 0))
                 for graph, entry in sorted(release.diff.items()) if not curated(graph)]
    return Changelog(release, history.release(release.predecessor) if release.predecessor else None,
                     _groups([e for e in entries if e.record.new_source]),
                     _groups([e for e in entries if not e.record.new_source]), counts, summaries)


def _groups(entries: list[Entry]) -> list[Group]:
    by_strategy: dict[str | None, dict[str | None, list[Entry]]] = {}
    for entry in entries:
        by_strategy.setdefault(entry.record.strategy, {}).setdefault(entry.record.statement_class, []).append(entry)
    return [Group(strategy, sorted(kinds.items(), key=lambda item: item[0] or ""))
            for strategy, kinds in sorted(by_strategy.items(), key=lambda item: item[0] or "~")]


def _values(settings: Settings, release: Release, records: list[ChangeRecord]) -> dict[str, list]:
    """Old and new values, per property, of every corrected or relabelled statement (and its parts)."""
    wanted = {r.statement for r in records if r.kind in ("corrected", "relabelled")}
    if not wanted:
        return {}
    found: dict[str, dict[str, tuple[list, list]]] = {}
    for graph, entry in release.diff.items():
        if not curated(graph):
            continue
        for side in ("removed", "added"):
            if not entry.get(side):
                continue
            lines = read_lines(diff_path(settings, release, entry[side]["file"]), entry[side]["sha256"])
            for quad in ox.parse(b"".join(lines), format=ox.RdfFormat.N_QUADS):
                owner = _owner(quad.subject.value, wanted)
                if owner is None:
                    continue
                pair = found.setdefault(owner, {}).setdefault(quad.predicate.value, ([], []))
                pair[0 if side == "removed" else 1].append(quad.object)
    return {owner: [(p, [_term(v) for v in sorted(old, key=str)], [_term(v) for v in sorted(new, key=str)])
                     for p, (old, new) in sorted(props.items())]
            for owner, props in found.items()}


def _term(term) -> dict:
    """A term as SPARQL JSON results write it (what the pages' cell macro shows)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    found = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    return found


def _owner(subject: str, wanted: set[str]) -> str | None:
    for end in range(len(subject), 0, -1):
        if (end == len(subject) or subject[end] == "/") and subject[:end] in wanted:
            return subject[:end]
    return None
