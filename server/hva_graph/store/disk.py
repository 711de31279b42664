"""A persistent pyoxigraph (RocksDB) store, built by `hva-graph load --store PATH` from
checked data. Opening it needs no parsing, inference or validation; each query process opens
it read-only after it is forked (RocksDB's threads do not survive a fork).

A store is served only while it is whole: `hva-graph load` records the size and SHA-256 of
every engine file beside them (hva-graph-store.json, with a build id), and the service reads
every file against that record before it serves a build (at `hva-graph serve` before it
listens, at each reload) and again while it serves it (integrity.py; web/reload.py watches).
A store that fails is refused (StoreUnavailable), or, found damaged while served, answers 503
until a good build replaces it. Each query process opens the record and the engine's files
through one handle on the store's folder, so both are of the same build even while
`hva-graph load` swaps in another; a build other than the one served is reported
(zygote.StoreChanged) and the service follows it (web/reload.py)."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path

import pyoxigraph as ox

from ..settings import Settings
from .backend import Backend, StoreUnavailable, sizes_of
from .embedded import rows_of
from .integrity import StoreIntegrity, digest
from .pool import local_runner
from .results import QueryJob
from .zygote import StoreChanged

STORE_INFO = "hva-graph-store.json"
ENGINE_FOLDER = "oxigraph"
STORE_FORMAT = 2
"""2: the record holds the engine files' sizes and SHA-256 and a build id."""


def read_store_info(path: Path) -> dict:
    """The description `hva-graph load` wrote beside the engine's files; StoreUnavailable when
    the folder is not a store it built (or was built for another store format)."""
    path = Path(path)
    if not path.is_dir():
        raise StoreUnavailable(f"there is no store at {path}; build one with `hva-graph load --store {path}`")
    try:
        info = json.loads((path / STORE_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise StoreUnavailable(f"{path} is not a store built by `hva-graph load` (no readable {STORE_INFO}); "
                               f"build one with `hva-graph load --store {path}`") from None
    if info.get("format") != STORE_FORMAT or not (path / ENGINE_FOLDER).is_dir():
        raise StoreUnavailable(f"{path} was built by another version of hva-graph; build it again with "
                               f"`hva-graph load --store {path}`")
    if info.get("pyoxigraph") != package_version("pyoxigraph"):
        raise StoreUnavailable(f"{path} was built with pyoxigraph {info.get('pyoxigraph')}, this is "
                               f"{package_version('pyoxigraph')}; build it again with `hva-graph load --store {path}`")
    if info.get("seal") != _seal(info):
        raise StoreUnavailable(f"the store at {path} is damaged: its record ({STORE_INFO}) is not the one "
                               f"`hva-graph load` wrote; build it again with `hva-graph load --store {path}`")
    return info


def _seal(info: dict) -> str:
    """The SHA-256 of the record without its seal: a record changed since it was written (counts
    that no longer match, a file digest edited) is refused like a damaged file."""
    unsealed = {key: value for key, value in info.items() if key != "seal"}
    return hashlib.sha256(json.dumps(unsealed, sort_keys=True).encode("utf-8")).hexdigest()


def open_disk(settings: Settings, isolate: bool, knowledge=None) -> Backend:
    """Open a built store once every file of it is verified against its record, and a query
    process has opened it (StoreUnavailable if either fails). The server process never opens
    RocksDB itself: each query process does, read-only, after it is forked (RocksDB's threads
    do not survive a fork)."""
    path = Path(settings.store).resolve()
    info = read_store_info(path)
    integrity = StoreIntegrity(path / ENGINE_FOLDER, info["files"], settings.store_check_interval, str(path))
    damaged = integrity.verify()
    if damaged:
        raise StoreUnavailable(f"{damaged}; build it again with `hva-graph load --store {path}`")
    build = info["build"]
    runner = local_runner(settings, lambda: open_build(path, build), isolate, integrity)
    outcome = runner.run(QueryJob(OPENS, {"tabular": "json"}), settings.remote_read_timeout)
    if outcome.status != 200:
        runner.close()
        raise StoreUnavailable(f"the store at {path} cannot be read ({outcome.message}); build it again with "
                               f"`hva-graph load --store {path}`")
    return Backend("disk", runner, info["data_version"], dict(info["graph_sizes"]), int(info["union_size"]),
                   info.get("data_modified"), integrity=integrity, build=build)


def open_build(path: Path, build: str) -> ox.Store:
    """The store at `path`, read-only, if it is still the build `build` (StoreChanged if another
    build is there now). The folder is held open for the life of the process, and record and
    engine are read through it (/proc/self/fd): a rename of another build onto `path` meanwhile
    cannot mix two builds."""
    folder = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    pinned = Path(f"/proc/self/fd/{folder}")
    if not pinned.is_dir():  # no /proc: open by name
        pinned = path
    found = json.loads((pinned / STORE_INFO).read_text(encoding="utf-8"))
    if found.get("build") != build:
        raise StoreChanged(f"the store at {path} is now another build (data version "
                           f"{str(found.get('data_version'))[:16]})", found.get("build"))
    return ox.Store.read_only(str(pinned / ENGINE_FOLDER))


def build_at(path: Path) -> str | None:
    """The build id the record at `path` names now (None when there is no readable record)."""
    try:
        return json.loads((Path(path) / STORE_INFO).read_text(encoding="utf-8")).get("build")
    except (OSError, ValueError):
        return None


OPENS = "SELECT * WHERE { } LIMIT 0"
"""Answered by any query process that could open the store."""


def probe_disk(settings: Settings) -> str:
    """Open and verify the store in a query process of its own, before the server listens."""
    backend = open_disk(settings, isolate=True)
    backend.close()
    info = read_store_info(Path(settings.store))
    return (f"the store at {Path(settings.store).resolve()} (data version {info['data_version'][:16]}, "
            f"{info['union_size']} triples, built {info['built']}, verified)")


@dataclass(frozen=True)
class Part:
    """One named graph to load: RDF bytes, or a file read by Oxigraph's own parser."""
    graph: str
    format: ox.RdfFormat
    data: bytes | None = None
    path: Path | None = None

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.path.stat().st_size


def load_disk_store(settings: Settings, path: Path, parts: list[Part], version: str,
                    progress: Callable[[int], None] = lambda n: None, data_modified: str | None = None) -> dict:
    """Build a store at `path` from checked data, atomically.

    It is built in a hidden folder beside `path` and renamed into place only when complete
    and described; a failure at any step removes the partial build and leaves whatever was
    at `path` (a previous store) untouched and in service. `progress` is called with the
    number of bytes of input loaded after each step of the bulk load.
    """
    path = Path(path).resolve()
    if path.exists() and not (path / STORE_INFO).is_file() and any(path.iterdir()):
        raise StoreUnavailable(f"{path} exists and is not a store built by `hva-graph load`; "
                               "choose a new folder (nothing was changed)")
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(path)
    building = path.parent / f".{path.name}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    try:
        building.mkdir()
        store = ox.Store(str(building / ENGINE_FOLDER))
        # One bulk load for everything: each bulk-load call writes its own sorted files, so
        # thousands of small calls (a file per county) cost far more than one.
        store.bulk_extend(_quads(parts, progress))
        sizes, union = sizes_of(lambda query: rows_of(store, query))
        store.optimize()
        store.flush()
        del store
        info = {
            "format": STORE_FORMAT,
            "build": uuid.uuid4().hex,
            "data_version": version,
            "data_modified": data_modified,
            "graph_sizes": {part.graph: sizes.get(part.graph, 0) for part in parts},
            "union_size": union,
            "built": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "pyoxigraph": package_version("pyoxigraph"),
            "hva_graph": package_version("hva-graph"),
            "files": digest(building / ENGINE_FOLDER),
        }
        info["seal"] = _seal(info)
        (building / STORE_INFO).write_text(json.dumps(info, indent=1), encoding="utf-8")
        _swap_into_place(building, path)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return info


def remove_stale_builds(path: Path) -> list[Path]:
    """Remove what earlier loads of `path` left behind when they were killed midway (a hidden
    .NAME.building-PID or .NAME.old-PID folder whose process is gone); a load still running
    in another process keeps its folder. Returns what was removed."""
    removed = []
    for leftover in path.parent.glob(f".{path.name}.*-*"):
        kind, _, pid = leftover.name[len(path.name) + 2:].rpartition("-")
        if kind not in ("building", "old") or not pid.isdigit() or _running(int(pid)):
            continue
        shutil.rmtree(leftover, ignore_errors=True)
        removed.append(leftover)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this load's own name: an earlier process with the same pid is gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _quads(parts: list[Part], progress: Callable[[int], None]):
    """Every statement of every part, in its named graph; progress in bytes after each part."""
    for part in parts:
        target = ox.NamedNode(part.graph)
        if part.path is not None:  # a data file: relative IRIs resolve against it, as rdflib resolves them
            parsed = ox.parse(path=str(part.path), format=part.format, base_iri=part.path.resolve().as_uri())
        else:
            parsed = ox.parse(part.data, format=part.format)
        for quad in parsed:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, target)
        progress(part.size)


def _swap_into_place(building: Path, path: Path) -> None:
    """Rename the finished store to `path`; an older store there is moved aside first and
    removed after. (Two renames: a crash between them leaves the old store beside `path`,
    named .NAME.old-PID, never a half-built one at `path`.)"""
    old = None
    if path.exists():
        old = path.parent / f".{path.name}.old-{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        path.rename(old)
    try:
        building.rename(path)
    except OSError:
        if old is not None:
            old.rename(path)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
