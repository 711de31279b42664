"""`hva-graph diff A B`: the same diff a release publishes, between any two releases or working
copies. A side is a release number (its data rebuilt from the diffs), `working` (the data files
as they are, validated), or a folder holding a working copy (its ontology/ and data/)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..knowledge.checked import checked_data
from ..knowledge.released import read_releases, release_lines
from ..settings import Settings
from .changes import Change, Summary, changes
from .diff import GraphDiff, diff, digest, rdf_patch
from .make import data_lines

WORKING = "working"


@dataclass
class Side:
    name: str
    lines: frozenset[bytes]

    @property
    def digest(self) -> str:
        return digest(self.lines)

    def store(self) -> ox.Store:
        store = ox.Store()
        store.bulk_load(b"".join(sorted(self.lines)), format=ox.RdfFormat.N_QUADS)
        return store


@dataclass
class Comparison:
    before: Side
    after: Side
    diffs: list[GraphDiff]
    changes: list[Change]
    summaries: list[Summary]


def side(settings: Settings, spec: str) -> Side:
    """ValueError for a spec that is no release, `working` nor a working copy's folder."""
    if spec == WORKING:
        return Side(WORKING, data_lines(checked_data(settings).store))
    if spec in {r.number for r in read_releases(settings)}:
        return Side(spec, release_lines(settings, spec))
    folder = Path(spec)
    if (folder / "data").is_dir() and (folder / "ontology").is_dir():
        other = dataclasses.replace(settings, root=folder.resolve(), data_paths=())
        return Side(str(folder), data_lines(checked_data(other).store))
    known = ", ".join(r.number for r in read_releases(settings)) or "none yet"
    raise ValueError(f"{spec!r} is no release (releases: {known}), not `{WORKING}`, and no folder with "
                     "ontology/ and data/")


def compare(settings: Settings, before: str, after: str) -> Comparison:
    old, new = side(settings, before), side(settings, after)
    diffs = diff(old.lines, new.lines)
    found, summaries = changes(old.store(), new.store(), diffs)
    return Comparison(old, new, diffs, found, summaries)


def write(comparison: Comparison, folder: Path) -> list[Path]:
    """The N-Quads pair and the RDF Patch of every changed graph, and the whole as one patch."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for change in comparison.diffs:
        for side_name in ("added", "removed"):
            path = folder / f"{change.name}.{side_name}.nq"
            path.write_bytes(b"".join(getattr(change, side_name)))
            written.append(path)
        path = folder / f"{change.name}.rdfp"
        path.write_bytes(rdf_patch(f"urn:hva-graph:diff:{comparison.after.digest}:{change.name}", None, [change]))
        written.append(path)
    path = folder / "hva-graph.rdfp"
    path.write_bytes(rdf_patch(f"urn:hva-graph:diff:{comparison.after.digest}", None, comparison.diffs))
    return [*written, path]
