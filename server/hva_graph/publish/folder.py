"""The published dumps: one folder per data version under var/dumps/, with manifest.json.

The folder's name is the data version (ontology and data files) plus a short key for
everything else that shapes the bytes (the shapes files, the writers' format version
dumps.DUMP_FORMAT and the RDF libraries), so a change to any of them makes a new folder
instead of serving stale files. The manifest lists every file with its size, statement count and
SHA-256, and carries the facts the dataset description (VoID/DCAT) states.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from importlib.metadata import version as package_version
from pathlib import Path

from collections.abc import Callable
from contextlib import contextmanager

from ..knowledge.cache import atomic_write
from ..knowledge.validation import load_shapes, shapes_version
from ..knowledge.versions import first_validated
from ..namespaces import GRAPH
from ..progress.phases import phase
from ..settings import Settings
from ..sparql.formats import GRAPH_FORMATS
from . import dumps, facts
from .canonical import TRIPLE_FORMATS, canonical, serialise
from .dumps import DUMP_FORMAT, SHAPES_GRAPH, WHOLE, DumpSpec, encode, graph_names, published_specs
from .parts import Parts, graph_digest


def build_key(settings: Settings) -> str:
    digest = hashlib.sha256(shapes_version(settings).encode())
    digest.update(f"dumps{DUMP_FORMAT}".encode())
    for package in ("pyoxigraph", "rdflib"):
        digest.update(f"{package}=={package_version(package)}".encode())
    return digest.hexdigest()[:8]


def folder_for(settings: Settings, version: str, build: str | None = None) -> Path:
    return settings.dumps_folder / f"{version[:16]}-{build or build_key(settings)}"


def read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((folder / dumps.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_folder(settings: Settings, knowledge, shapes, modified: str | None = None) -> dict:
    """Write every published file and the manifest for this (validated) data: checked data
    (knowledge.pipeline.Checked) or knowledge as rdflib graphs. `modified`: when the data last
    changed (a store's record of it), if not when its version was first validated here."""
    folder = folder_for(settings, knowledge.version)
    manifest = read_manifest(folder)
    if manifest is not None:
        return manifest
    settings.dumps_folder.mkdir(parents=True, exist_ok=True)
    # Built under a temporary name and renamed into place: a reader sees no folder or a whole one.
    building = Path(tempfile.mkdtemp(dir=settings.dumps_folder, prefix=".building-"))
    try:
        store = dumps.store_of(knowledge)
        parts = Parts(settings.dumps_folder, build_key(settings))
        files = _write_files(building, knowledge, store, shapes, parts)
        manifest = _manifest(settings, knowledge, store, shapes, files, modified)
        os.sync()  # every file on disk before the manifest names them (one sync, not one per file)
        atomic_write(building / dumps.MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
        building.chmod(0o755)
        building.rename(folder)
    except OSError:
        manifest = read_manifest(folder)  # another process finished the same folder first
        if manifest is None:
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)  # nothing left after a rename
    parts.prune()
    _prune(settings.dumps_folder)
    return manifest


def _prune(parent: Path, keep: int = 3) -> None:
    """Remove all but the newest few dump folders: each data change would otherwise leave
    one behind. A few are kept for a server that still serves an older version."""
    folders = sorted((p for p in parent.iterdir() if p.is_dir() and not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def _write_files(folder: Path, data, store, shapes, parts: Parts) -> list[dict]:
    """The same steps as dumps.render(), with each canonical form and plain body made once, and
    each named graph's files reused from the last build when its statements are unchanged."""
    entries = []
    specs = published_specs(graph_names(data))
    by_graph: dict[str, list[DumpSpec]] = {}
    for spec in specs:
        by_graph.setdefault(spec.graph, []).append(spec)
    iris = {iri.rsplit("/", 1)[-1]: iri for iri in dumps.graph_iris(data)}
    with phase("writing dumps", len(specs), "files") as step:
        for graph, graph_specs in by_graph.items():
            digest = graph_digest(store, iris[graph]) if graph in iris else None
            reused = parts.reuse(graph, digest, folder) if digest else None
            written = reused if reused is not None else _write_graph(folder, data, store, shapes, graph, graph_specs)
            if reused is None and digest and graph != WHOLE:
                parts.keep(graph, digest, folder, written)
            entries += written
            step.advance(len(graph_specs))
    order = {spec.name: i for i, spec in enumerate(specs)}
    return sorted(entries, key=lambda e: order[e["name"]])


def _write_graph(folder: Path, data, store, shapes, graph: str, specs: list[DumpSpec]) -> list[dict]:
    entries, statements, plain = [], {}, {}
    for spec in specs:
        merge = spec.format in TRIPLE_FORMATS
        if merge not in statements:
            statements[merge] = canonical(dumps.selected_quads(data, store, shapes, graph, merge))
        if spec.plain not in plain:
            plain[spec.plain] = serialise(statements[merge], spec.format, dumps.WRITE_PREFIXES)
        body = encode(plain[spec.plain], spec)
        (folder / spec.name).write_bytes(body)  # the folder is private until its rename (write_folder)
        entries.append(_entry(spec, body, len(statements[merge])))
    return entries


def _entry(spec: DumpSpec, body: bytes, count: int) -> dict:
    graph_iri = None if spec.graph == dumps.WHOLE else str(
        SHAPES_GRAPH if spec.graph == dumps.SHAPES else GRAPH[spec.graph])
    return {
        "name": spec.name,
        "graph": spec.graph,
        "graph_iri": graph_iri,
        "format": spec.format,
        "media_type": GRAPH_FORMATS[spec.format].media_type,
        "compression": "gzip" if spec.gzip else None,
        "size": len(body),
        "statements": count,
        "statement_kind": "triples" if spec.format in TRIPLE_FORMATS else "quads",
        "sha256": hashlib.sha256(body).hexdigest(),
    }


def _manifest(settings: Settings, knowledge, store, shapes, files: list[dict], modified: str | None) -> dict:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "data_version": knowledge.version,
        "build": build_key(settings),
        "created": now,
        "modified": modified or first_validated(settings, knowledge.version),
        "files": files,
        "facts": facts.dataset_facts(store, shapes, SHAPES_GRAPH),
    }


def published(settings: Settings, version: str, checked: Callable,
              modified: str | None = None) -> dict:
    """The manifest of the dumps of data version `version`, writing them first if need be, from
    `checked()`: knowledge that has passed the gate (knowledge.checked). Dumps are only ever
    made from checked knowledge; what `checked` raises (InvalidData, DataFileError) is passed on."""
    manifest = read_manifest(folder_for(settings, version))
    if manifest is not None:
        return manifest
    with _one_builder(settings):
        manifest = read_manifest(folder_for(settings, version))  # made while this one waited
        if manifest is not None:
            return manifest
        return write_folder(settings, checked(), load_shapes(settings), modified)


@contextmanager
def _one_builder(settings: Settings):
    """One process at a time writes dumps (the server's background build, a first download,
    `hva-graph load`): another one waits and then finds the folder made."""
    settings.dumps_folder.mkdir(parents=True, exist_ok=True)
    with open(settings.dumps_folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
