"""A release's dump files: made once from its data, kept in the state folder
(var/releases/<number>/), and checked against the SHA-256 its record holds.

The same files as the dumps of a data version (publish/dumps.py: the whole in five syntaxes,
each named graph in Turtle and N-Triples, each also gzipped), but of the release's data as it
was released, derived graphs included, and without the shapes (no part of a release). A clone
that has no state folder yet rebuilds them from the release's data (its diffs applied in
order); a file whose bytes differ from the record (another writer's version, say) is an error,
never served as the release's. The newest `release_dumps_kept` releases are served; older
ones are named in the history with their digests.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from ..knowledge.pipeline import Checked
from ..knowledge.released import DamagedRelease, Release, release_store
from ..namespaces import RELEASES_GRAPH
from ..publish.canonical import TRIPLE_FORMATS, canonical, serialise
from ..publish.dumps import SHAPES, WRITE_PREFIXES, encode, graph_names, published_specs, selected_quads
from ..settings import Settings
from ..sparql.formats import GRAPH_FORMATS

MANIFEST = "manifest.json"


def release_data(store: ox.Store) -> Checked:
    """A release's store as the dump writers take data (its named graphs and their sizes)."""
    sizes: dict[str, int] = {}
    for quad in store:
        sizes[quad.graph_name.value] = sizes.get(quad.graph_name.value, 0) + 1
    sizes.pop(str(RELEASES_GRAPH), None)
    return Checked(store, "", sizes, [])


def render_all(data: Checked) -> dict[str, tuple[bytes, dict]]:
    """Every dump file of the data: name -> (bytes, its record entry)."""
    files: dict[str, tuple[bytes, dict]] = {}
    plain: dict[tuple, bytes] = {}
    canonical_forms: dict[tuple, list] = {}
    specs = published_specs([name for name in graph_names(data) if name != SHAPES])
    for spec in specs:
        merge = spec.format in TRIPLE_FORMATS
        if (spec.graph, merge) not in canonical_forms:
            canonical_forms[(spec.graph, merge)] = canonical(selected_quads(data, data.store, None, spec.graph, merge))
        statements = canonical_forms[(spec.graph, merge)]
        if (spec.graph, spec.format) not in plain:
            plain[(spec.graph, spec.format)] = serialise(statements, spec.format, WRITE_PREFIXES)
        body = encode(plain[(spec.graph, spec.format)], spec)
        files[spec.name] = (body, {
            "name": spec.name, "graph": spec.graph, "format": spec.format,
            "media_type": GRAPH_FORMATS[spec.format].media_type, "compression": "gzip" if spec.gzip else None,
            "size": len(body), "statements": len(statements), "sha256": hashlib.sha256(body).hexdigest()})
    return files


def folder_of(settings: Settings, number: str) -> Path:
    return settings.release_dumps_folder / number


def write_dumps(settings: Settings, number: str, files: dict[str, tuple[bytes, dict]]) -> Path:
    """Write the files into the release's folder of the state folder, whole or not at all."""
    target = folder_of(settings, number)
    settings.release_dumps_folder.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=settings.release_dumps_folder, prefix=f".{number}-"))
    try:
        for name, (body, _) in files.items():
            (building / name).write_bytes(body)
        (building / MANIFEST).write_text(json.dumps([entry for _, entry in files.values()], indent=1))
        building.chmod(0o755)
        building.rename(target)
    except OSError:
        if not (target / MANIFEST).is_file():
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target


def kept(settings: Settings, releases: list[Release]) -> list[str]:
    """The releases whose dumps are served: the newest `release_dumps_kept`."""
    count = settings.release_dumps_kept
    return [r.number for r in releases[-count:]] if count else []


def dump_file(settings: Settings, release: Release, name: str) -> Path:
    """The path of one of the release's dump files, built from its data first when the state
    folder does not have it yet; KeyError for a name the release has no file of, DamagedRelease
    when the bytes are not those recorded."""
    entry = next((e for e in release.dumps if e["name"] == name), None)
    if entry is None:
        raise KeyError(name)
    path = folder_of(settings, release.number) / name
    if not path.is_file():
        files = render_all(release_data(release_store(settings, release.number)))
        wrong = sorted(n for n, (_, e) in files.items()
                       if e["sha256"] != next((r["sha256"] for r in release.dumps if r["name"] == n), None))
        if wrong:
            raise DamagedRelease(f"the dumps of release {release.number} rebuilt from its data differ from those "
                                 f"recorded ({', '.join(wrong[:3])}{' …' if len(wrong) > 3 else ''}): the writers "
                                 "changed since it was made; its files are not served as the release's")
        write_dumps(settings, release.number, files)
    if hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
        raise DamagedRelease(f"{path} is not the file release {release.number} recorded")
    return path
