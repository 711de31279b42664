"""The releases made so far, as the repository keeps them under releases/ (made by `hva-graph
release`, releases/make.py), read back: their records, the data of each, and the history graph.

    releases/<number>/release.json    the record: number, dates, note, predecessor, the canonical
                                      digest of the whole and of every graph, every file's SHA-256
    releases/<number>/release.ttl     the release in RDF (DCAT version, PROV, what it changed):
                                      graph/releases is all of these together
    releases/<number>/diff/<graph>.added.nq.gz, .removed.nq.gz
                                      the canonical N-Quads lines the graph gained and lost since
                                      the predecessor (the first release's predecessor is empty)

A release's data is its predecessor's with the diffs applied, so a clone holds every release
whole: applying them in order from the empty graph gives each release's canonical N-Quads, whose
digest must be the recorded one (DamagedRelease otherwise).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from cachetools import LRUCache

from ..digests.canonical import digest_of_lines
from ..namespaces import RELEASE, RELEASES_GRAPH
from ..settings import Settings

RECORD = "release.json"
DESCRIPTION = "release.ttl"
DIFF_FOLDER = "diff"
RECORD_FORMAT = 1


class DamagedRelease(RuntimeError):
    """A release's files do not give what its record states (a changed or missing file)."""


@dataclass(frozen=True)
class Release:
    number: str
    date: str
    """The release date (xsd:date)."""
    released: str
    """When `hva-graph release` made it (UTC, ISO 8601)."""
    validated: str
    """When its data version was first validated: the Last-Modified of every replica serving it."""
    note: str
    note_lang: str
    predecessor: str | None
    digest: str
    """The canonical digest of the whole (the data version it was made from)."""
    graphs: dict[str, dict]
    """Graph IRI -> {"digest", "triples"}."""
    diff: dict[str, dict]
    """Graph IRI -> {"name", "added": {file, quads, sha256} | None, "removed": … | None,
    "patch": {name, sha256, size}}, for every graph that changed."""
    patch: dict
    """The whole release's RDF Patch: {name, sha256, size}."""
    dumps: list[dict] = field(default_factory=list)
    """Every dump file of the release: name, graph, format, compression, size, statements, sha256."""
    files: dict[str, str] = field(default_factory=dict)
    """Relative path -> SHA-256 of every file the release wrote into the repository but the record."""

    @property
    def iri(self) -> str:
        return str(RELEASE[self.number])

    @classmethod
    def from_json(cls, data: dict) -> "Release":
        fields = {name: data.get(name) for name in cls.__dataclass_fields__}
        return cls(**{name: value for name, value in fields.items() if value is not None or name == "predecessor"})

    def to_json(self) -> dict:
        return {"format": RECORD_FORMAT, **{name: getattr(self, name) for name in self.__dataclass_fields__}}


def releases_folder(settings: Settings) -> Path:
    return settings.releases_folder


def read_releases(settings: Settings) -> list[Release]:
    """Every release, oldest first (each after its predecessor); [] when none was made."""
    folder = releases_folder(settings)
    if not folder.is_dir():
        return []
    found = {}
    for record in sorted(folder.glob(f"*/{RECORD}")):
        try:
            release = Release.from_json(json.loads(record.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as error:
            raise DamagedRelease(f"{record} cannot be read: {error}") from None
        found[release.number] = release
    ordered, previous = [], None
    while len(ordered) < len(found):
        following = [r for r in found.values() if r.predecessor == previous]
        if len(following) != 1:
            raise DamagedRelease(f"the releases in {folder} are not one line: {len(following)} follow "
                                 f"{previous or 'the empty graph'}")
        ordered.append(following[0])
        previous = following[0].number
    return ordered


def release_of(settings: Settings, version: str) -> Release | None:
    """The release this data version belongs to (its canonical digest is the release's), or None
    when it is no release (a working copy): what a citation of the data names."""
    return next((r for r in read_releases(settings) if r.digest == version), None)


def diff_path(settings: Settings, release: Release, relative: str) -> Path:
    return releases_folder(settings) / release.number / relative


def read_lines(path: Path, expected: str | None = None) -> list[bytes]:
    """The N-Quads lines of a diff file, checked against its recorded SHA-256."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DamagedRelease(f"{path} cannot be read: {error}") from None
    if expected is not None and hashlib.sha256(raw).hexdigest() != expected:
        raise DamagedRelease(f"{path} is not the file its release recorded (SHA-256 differs)")
    return gzip.decompress(raw).splitlines(keepends=True)


_data: LRUCache = LRUCache(4)
_data_lock = threading.Lock()


def release_lines(settings: Settings, number: str) -> frozenset[bytes]:
    """The canonical N-Quads lines of release `number`: the diffs applied in order from the empty
    graph, each step's digest checked against its record (DamagedRelease if one differs)."""
    releases = read_releases(settings)
    names = [r.number for r in releases]
    if number not in names:
        raise KeyError(number)
    key = (str(releases_folder(settings)), number)
    with _data_lock:
        if key in _data:
            return _data[key]
    lines: set[bytes] = set()
    for release in releases[:names.index(number) + 1]:
        known = _data.get((key[0], release.number))
        if known is not None:
            lines = set(known)
            continue
        for entry in release.diff.values():
            if entry.get("removed"):
                lines.difference_update(read_lines(diff_path(settings, release, entry["removed"]["file"]),
                                                   entry["removed"]["sha256"]))
            if entry.get("added"):
                lines.update(read_lines(diff_path(settings, release, entry["added"]["file"]),
                                        entry["added"]["sha256"]))
        if digest_of_lines(sorted(lines)) != release.digest:
            raise DamagedRelease(f"applying the diffs of release {release.number} does not give its recorded "
                                 f"digest {release.digest[:16]}: its files under {releases_folder(settings)} changed")
        with _data_lock:
            _data[(key[0], release.number)] = frozenset(lines)
    return _data[key]


def release_store(settings: Settings, number: str) -> ox.Store:
    """Release `number`'s data in an Oxigraph store, every graph as it was released (the derived
    ones as they were built then)."""
    store = ox.Store()
    store.bulk_load(b"".join(sorted(release_lines(settings, number))), format=ox.RdfFormat.N_QUADS)
    return store


def history_quads(settings: Settings) -> list[ox.Quad]:
    """graph/releases: every release's description (release.ttl), checked against its record."""
    graph = ox.NamedNode(str(RELEASES_GRAPH))
    quads = []
    for release in read_releases(settings):
        path = diff_path(settings, release, DESCRIPTION)
        raw = path.read_bytes() if path.is_file() else b""
        if hashlib.sha256(raw).hexdigest() != release.files.get(DESCRIPTION):
            raise DamagedRelease(f"{path} is not the file release {release.number} recorded")
        quads += [ox.Quad(q.subject, q.predicate, q.object, graph)
                  for q in ox.parse(raw, format=ox.RdfFormat.TURTLE, base_iri=release.iri)]
    return quads
