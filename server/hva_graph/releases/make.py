"""`hva-graph release`: the validated data made into a release, once and for good.

Refused (ReleaseRefused, nothing written) when the data does not validate, still holds a
curator's draft (hva:proposal, or hva:missingLabel: issue 21's marks of what the machine
proposed and what is still to translate), is the last release's data again (same canonical
digest), or when any file it would write exists already (named: a published file is never
overwritten). The number is the release's month and its place in it (2026.12.1, 2026.12.2 …).

What it writes: under releases/<number>/ the diffs to the release before (the empty graph
for the first), release.ttl and, last, release.json; under the state folder the dump files.
"""

from __future__ import annotations

import dataclasses
import datetime
import gzip
import json
from pathlib import Path

import pyoxigraph as ox

from ..digests.canonical import canonical_lines, graph_digests
from ..knowledge.cache import atomic_write
from ..knowledge.checked import checked_data
from ..knowledge.released import (DESCRIPTION, DIFF_FOLDER, RECORD, Release, read_releases, release_lines,
                                  releases_folder)
from ..knowledge.versions import first_validated, now
from ..namespaces import HVA, RELEASE, RELEASES_GRAPH
from ..settings import Settings
from . import dumps
from .changes import Change, changes, curated
from .describe import release_turtle
from .diff import GraphDiff, diff, digest, rdf_patch, sha256

DRAFT_MARKS = (str(HVA.proposal), str(HVA.missingLabel))
WHOLE_PATCH = "hva-graph.rdfp"


class ReleaseRefused(RuntimeError):
    """Why no release was made (nothing was written)."""


@dataclasses.dataclass
class Made:
    release: Release
    changes: list[Change]
    diffs: list[GraphDiff]


def next_number(releases: list[Release], date: datetime.date) -> str:
    month = f"{date.year}.{date.month:02d}"
    taken = [r.number for r in releases if r.number.rsplit(".", 1)[0] == month]
    return f"{month}.{len(taken) + 1}"


def data_lines(store: ox.Store) -> frozenset[bytes]:
    """The canonical N-Quads of the data (graph/releases, beside it, left out)."""
    return frozenset(canonical_lines(q for q in store if q.graph_name.value != str(RELEASES_GRAPH)))


def drafts_in(store: ox.Store) -> list[str]:
    """What still holds a draft's mark (a proposal, a missing label), by subject."""
    found = set()
    for mark in DRAFT_MARKS:
        for quad in store.quads_for_pattern(None, ox.NamedNode(mark), None):
            if curated(quad.graph_name.value):
                found.add(quad.subject.value)
    return sorted(found)


def make_release(settings: Settings, note: str, note_lang: str = "en", date: datetime.date | None = None) -> Made:
    checked = checked_data(settings)  # InvalidData when it does not validate
    drafts = drafts_in(checked.store)
    if drafts:
        raise ReleaseRefused(f"the data still holds {len(drafts)} draft statement(s) (hva:proposal or "
                             f"hva:missingLabel), for example <{drafts[0]}>: review them before releasing")
    releases = read_releases(settings)
    last = releases[-1] if releases else None
    if last is not None and last.digest == checked.version:
        raise ReleaseRefused(f"the data is that of release {last.number} (data version {last.digest[:16]}): "
                             "there is nothing new to release")
    after = data_lines(checked.store)
    if digest(after) != checked.version:  # the data version is this very digest (knowledge/versions.py)
        raise RuntimeError("the data's canonical N-Quads do not give its data version; nothing was released")
    before = release_lines(settings, last.number) if last else frozenset()
    diffs = diff(before, after)
    today = date or datetime.datetime.now(datetime.timezone.utc).date()
    number = next_number(releases, today)
    before_store = ox.Store()
    before_store.bulk_load(b"".join(sorted(before)), format=ox.RdfFormat.N_QUADS)
    found, _ = changes(before_store, checked.store, diffs)
    release = Release(number=number, date=today.isoformat(), released=now(),
                      validated=first_validated(settings, checked.version), note=note.strip(), note_lang=note_lang,
                      predecessor=last.number if last else None, digest=checked.version,
                      graphs=_graphs(after), diff={}, patch={})
    _publish(settings, release, releases, diffs, found, checked.store)
    return Made(read_releases(settings)[-1], found, diffs)


def _graphs(lines: frozenset[bytes]) -> dict[str, dict]:
    quads = list(ox.parse(b"".join(sorted(lines)), format=ox.RdfFormat.N_QUADS))
    counts: dict[str, int] = {}
    for quad in quads:
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    return {graph: {"digest": value, "triples": counts[graph]} for graph, value in graph_digests(quads).items()}


def _publish(settings: Settings, release: Release, releases: list[Release], diffs: list[GraphDiff],
             found: list[Change], store: ox.Store) -> None:
    """Every file of the release, checked first that none exists; the record last."""
    folder = releases_folder(settings) / release.number
    written: dict[Path, bytes] = {}
    entries: dict[str, dict] = {}
    previous = f"{RELEASE[release.predecessor]}/diff/" if release.predecessor else None
    for change in diffs:
        before = next((r for r in reversed(releases) if change.graph in r.diff), None)
        entry: dict = {"name": change.name, "added": None, "removed": None}
        for side in ("added", "removed"):
            lines = getattr(change, side)
            if lines:
                relative = f"{DIFF_FOLDER}/{change.name}.{side}.nq.gz"
                body = gzip.compress(b"".join(lines), compresslevel=9, mtime=0)
                written[folder / relative] = body
                entry[side] = {"file": relative, "quads": len(lines), "size": len(body), "sha256": sha256(body)}
        patch = rdf_patch(f"{release.iri}/diff/{change.name}.rdfp",
                          before and f"{before.iri}/diff/{change.name}.rdfp", [change])
        entry["patch"] = {"name": f"{change.name}.rdfp", "size": len(patch), "sha256": sha256(patch)}
        entries[change.graph] = entry
    whole = rdf_patch(f"{release.iri}/diff/{WHOLE_PATCH}", previous and f"{previous}{WHOLE_PATCH}", diffs)
    release = dataclasses.replace(release, diff=entries,
                                  patch={"name": WHOLE_PATCH, "size": len(whole), "sha256": sha256(whole)})
    description = release_turtle(release, found)
    written[folder / DESCRIPTION] = description
    files = dumps.render_all(dumps.release_data(store))
    release = dataclasses.replace(release, dumps=[entry for _, entry in files.values()],
                                  files={str(p.relative_to(folder)): sha256(b) for p, b in written.items()})
    existing = [p for p in [*written, folder / RECORD, dumps.folder_of(settings, release.number)] if p.exists()]
    if existing:
        raise ReleaseRefused(f"{existing[0]} exists already: a published release's files are never overwritten "
                             f"(release {release.number} was not made)")
    for path, body in written.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, body)
    dumps.write_dumps(settings, release.number, files)
    atomic_write(folder / RECORD, json.dumps(release.to_json(), indent=1, ensure_ascii=False).encode("utf-8"))

