"""The published dumps: one folder per data version under var/dumps/, with manifest.json.

The folder's name is the data version (ontology and data files) plus a short key for
everything else that shapes the bytes (the shapes files, this writer's code and the
RDF libraries), so a change to any of them makes a new folder instead of serving
stale files. The manifest lists every file with its size, statement count and
SHA-256, and carries the facts the dataset description (VoID/DCAT) states.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import tempfile
from importlib.metadata import version as package_version
from pathlib import Path

from . import canonical_rdf, dumps, void_facts
from .canonical_rdf import TRIPLE_FORMATS, canonical, quads, serialise
from .dumps import SHAPES_GRAPH, DumpSpec, atomic_write, encode, graph_names, published_specs
from .formats import GRAPH_FORMATS
from .knowledge import Knowledge, data_version
from .namespaces import GRAPH
from .validation import shapes_version
from .settings import Settings, expand_paths


def input_files(settings: Settings) -> tuple[Path, ...]:
    return (settings.ontology_path, *settings.data_files)


def build_key(settings: Settings) -> str:
    digest = hashlib.sha256(shapes_version(settings).encode())
    for source in (__file__, dumps.__file__, canonical_rdf.__file__, void_facts.__file__):
        digest.update(Path(source).read_bytes())
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


def last_modified(settings: Settings) -> str:
    """The newest modification time of the inputs (ontology, data, shapes), UTC, whole seconds."""
    files = (*input_files(settings), *expand_paths([settings.shapes_dir]))
    newest = int(max(Path(f).stat().st_mtime for f in files))
    return datetime.datetime.fromtimestamp(newest, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_folder(settings: Settings, knowledge: Knowledge, shapes, modified: str | None = None) -> dict:
    """Write every published file and the manifest for this (validated) knowledge.
    `modified`: when the data last changed, if not the newest input file's time."""
    folder = folder_for(settings, knowledge.version)
    manifest = read_manifest(folder)
    if manifest is not None:
        return manifest
    settings.dumps_folder.mkdir(parents=True, exist_ok=True)
    # Built under a temporary name and renamed into place: a reader sees no folder or a whole one.
    building = Path(tempfile.mkdtemp(dir=settings.dumps_folder, prefix=".building-"))
    try:
        files = _write_files(building, knowledge, shapes)
        manifest = _manifest(settings, knowledge, shapes, files, modified)
        atomic_write(building / dumps.MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
        building.chmod(0o755)
        building.rename(folder)
    except OSError:
        manifest = read_manifest(folder)  # another process finished the same folder first
        if manifest is None:
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)  # nothing left after a rename
    _prune(settings.dumps_folder)
    return manifest


def _prune(parent: Path, keep: int = 3) -> None:
    """Remove all but the newest few dump folders: each data change would otherwise leave
    one behind. A few are kept for a server that still serves an older version."""
    folders = sorted((p for p in parent.iterdir() if p.is_dir() and not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def _write_files(folder: Path, knowledge: Knowledge, shapes) -> list[dict]:
    """The same steps as dumps.render(), with each canonical form and plain body made once."""
    entries = []
    statements: dict = {}
    plain: dict[DumpSpec, bytes] = {}
    for spec in published_specs(graph_names(knowledge)):
        merge = spec.format in TRIPLE_FORMATS
        if (spec.graph, merge) not in statements:
            selected = dumps.selected_graphs(knowledge, shapes, spec.graph)
            statements[spec.graph, merge] = canonical(quads(selected, merge))
        if spec.plain not in plain:
            plain[spec.plain] = serialise(statements[spec.graph, merge], spec.format, dumps.WRITE_PREFIXES)
        body = encode(plain[spec.plain], spec)
        atomic_write(folder / spec.name, body)
        entries.append(_entry(spec, body, len(statements[spec.graph, merge])))
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


def _manifest(settings: Settings, knowledge: Knowledge, shapes, files: list[dict], modified: str | None) -> dict:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "data_version": knowledge.version,
        "build": build_key(settings),
        "created": now,
        "modified": modified or last_modified(settings),
        "files": files,
        "facts": void_facts.dataset_facts(knowledge, shapes, SHAPES_GRAPH),
    }


def ensure(settings: Settings, checked: Knowledge | None = None) -> dict:
    """The manifest of the current data's dumps, writing them first if need be.

    Dumps are only ever made from checked knowledge (service.checked_knowledge, or the
    `checked` result of it): this raises InvalidData on a violation and DataFileError
    on an unreadable file, as the server does."""
    from .service import checked_knowledge
    from .validation import load_shapes

    try:
        version = checked.version if checked else data_version(input_files(settings))
        manifest = read_manifest(folder_for(settings, version))
    except OSError:
        manifest = None  # a missing input: checked_knowledge names it
    if manifest is not None:
        return manifest
    return write_folder(settings, checked or checked_knowledge(settings), load_shapes(settings))


def ensure_for(service) -> dict:
    """The manifest of the dumps of what `service` serves, writing them first if need be.

    The in-memory store serves the data files, so its dumps are made from them (ensure).
    An on-disk or remote store is the data: each of its named graphs is read back through
    the store (a CONSTRUCT per graph), validated against the shapes like the data files
    are (InvalidData on a violation: nothing is published; not again for a data version
    already known to conform, such as a store `hva-graph load` checked), and dumped."""
    from .service import ensure_conforms
    from .validation import load_shapes

    settings = service.settings
    if service.backend.kind == "memory":
        return ensure(settings)
    manifest = read_manifest(folder_for(settings, service.version))
    if manifest is not None:
        return manifest
    knowledge = knowledge_of(service)
    ensure_conforms(settings, knowledge, "the store's data does not conform to the shapes; no dumps are published")
    return write_folder(settings, knowledge, load_shapes(settings), service.backend.modified)


def knowledge_of(service) -> Knowledge:
    """Every named graph of the service's store, read back through the store itself."""
    from rdflib import Graph, URIRef

    from .engine import QueryJob
    from .resources import GRAPH_CONTENT

    graphs = {}
    for iri, size in sorted(service.graph_sizes.items()):
        outcome = service.run(QueryJob(GRAPH_CONTENT, {"graph": "ntriples"}, result_limit=size + 1,
                                       substitutions={"iri": ("iri", iri)}),
                              timeout=service.settings.remote_read_timeout)
        if outcome.status != 200:
            raise RuntimeError(f"graph <{iri}> could not be read from the store: {outcome.message}")
        graphs[URIRef(iri)] = Graph().parse(data=outcome.body, format="nt")
    return Knowledge(graphs, [], service.version)
