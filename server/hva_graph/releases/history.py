"""The releases as the pages and feeds read them: every release, what each changed (its
release.ttl, parsed), and for any statement the releases it was in, the one that removed it and
where a replaced one went. Read from the repository's releases/ folder, not from a store, so the
history reads the same whatever store serves the data.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..knowledge.released import DESCRIPTION, Release, diff_path, read_releases
from ..namespaces import HVA
from ..settings import Settings

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PARTS = {"passage", "period", "status", "selector", "index"}
"""The first path segment of what belongs to a statement under its IRI (data/README.md)."""
KINDS = {str(HVA.StatementAdded): "added", str(HVA.StatementRemoved): "removed",
         str(HVA.StatementRelabelled): "relabelled", str(HVA.StatementCorrected): "corrected"}


@dataclass(frozen=True)
class ChangeRecord:
    release: str
    statement: str
    kind: str
    """added, removed, relabelled or corrected."""
    strategy: str | None = None
    statement_class: str | None = None
    labels: tuple[tuple[str, str], ...] = ()
    properties: tuple[str, ...] = ()
    new_source: bool = False

    def label(self, lang: str) -> str:
        labels = dict(self.labels)
        return labels.get(lang) or labels.get("en") or labels.get("fi") or self.statement


@dataclass
class History:
    releases: list[Release]
    changes: dict[str, list[ChangeRecord]] = field(default_factory=dict)
    """Release number -> its change records, in statement order."""
    by_statement: dict[str, list[ChangeRecord]] = field(default_factory=dict)

    @property
    def latest(self) -> Release | None:
        return self.releases[-1] if self.releases else None

    def release(self, number: str) -> Release | None:
        return next((r for r in self.releases if r.number == number), None)

    def of_version(self, version: str) -> Release | None:
        return next((r for r in self.releases if r.digest == version), None)

    def statement_of(self, iri: str) -> str | None:
        """The statement a change record names that `iri` is, or is a part of (its passage, the
        passage's selectors, its period, its index entries: `{statement}/passage/…`)."""
        if iri in self.by_statement:
            return iri
        for end in range(len(iri) - 1, 0, -1):
            if iri[end] == "/" and iri[:end] in self.by_statement:
                return iri[:end] if iri[end + 1:].split("/")[0] in PARTS else None
        return None

    def versions(self, statement: str) -> list[tuple[Release, str | None]]:
        """Every release the statement was in, oldest first, each with what that release did to it
        (added, relabelled, corrected) or None when it came unchanged from the one before."""
        records = {r.release: r.kind for r in self.by_statement.get(statement, [])}
        present, found = False, []
        for release in self.releases:
            kind = records.get(release.number)
            if kind == "removed":
                present = False
            elif kind is not None:
                present = True
            if present:
                found.append((release, kind))
        return found

    def removal(self, statement: str) -> Release | None:
        """The release that removed the statement, when its last change is a removal."""
        records = self.by_statement.get(statement, [])
        if records and records[-1].kind == "removed":
            return self.release(records[-1].release)
        return None


def read_history(settings: Settings) -> History:
    releases = read_releases(settings)
    stamp = tuple((r.number, r.files.get(DESCRIPTION)) for r in releases)
    return _history(str(settings.releases_folder), stamp, settings)


@functools.lru_cache(maxsize=8)
def _history(folder: str, stamp: tuple, settings: Settings) -> History:
    history = History(read_releases(settings))
    for release in history.releases:
        records = _records(release, diff_path(settings, release, DESCRIPTION).read_bytes())
        history.changes[release.number] = records
        for record in records:
            history.by_statement.setdefault(record.statement, []).append(record)
    return history


def _records(release: Release, turtle: bytes) -> list[ChangeRecord]:
    about: dict[str, dict[str, list]] = {}
    for quad in ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=release.iri):
        about.setdefault(quad.subject.value, {}).setdefault(quad.predicate.value, []).append(quad.object)
    changes = [term.value for term in about.get(release.iri, {}).get(str(HVA.change), [])]
    records = []
    for change in changes:
        facts = about.get(change, {})

        def one(predicate, facts=facts):
            values = facts.get(str(predicate), [])
            return values[0].value if values else None

        kind = next((KINDS[t.value] for t in facts.get(RDF_TYPE, []) if t.value in KINDS), None)
        records.append(ChangeRecord(
            release.number, one(HVA.changedStatement), kind, one(HVA.changeInStrategy), one(HVA.statementClass),
            tuple(sorted((label.language, label.value) for label in facts.get(str(HVA.statementLabel), []))),
            tuple(sorted(p.value for p in facts.get(str(HVA.changedProperty), []))),
            one(HVA.inNewSource) == "true"))
    return sorted(records, key=lambda r: r.statement)

