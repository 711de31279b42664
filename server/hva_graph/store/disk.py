"""A persistent pyoxigraph (RocksDB) store, built by `hva-graph load --store PATH` from
checked data. Opening it needs no parsing, inference or validation; each query process opens
it read-only after it is forked (RocksDB's threads do not survive a fork)."""

from __future__ import annotations

import datetime
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path

import pyoxigraph as ox

from ..settings import Settings
from .backend import Backend, StoreUnavailable, sizes_of
from .embedded import rows_of
from .pool import local_runner

STORE_INFO = "hva-graph-store.json"
ENGINE_FOLDER = "oxigraph"
STORE_FORMAT = 1


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
    return info


def open_disk(settings: Settings, isolate: bool, knowledge=None) -> Backend:
    """Open a built store. The server process never opens RocksDB itself: each query
    process does, read-only, after it is forked (RocksDB's threads do not survive a fork)."""
    path = Path(settings.store).resolve()
    info = read_store_info(path)
    location = str(path / ENGINE_FOLDER)

    def open_store() -> ox.Store:
        return ox.Store.read_only(location)

    return Backend("disk", local_runner(settings, open_store, isolate), info["data_version"],
                   dict(info["graph_sizes"]), int(info["union_size"]), info.get("data_modified"))


def probe_disk(settings: Settings) -> str:
    info = read_store_info(Path(settings.store))
    return (f"the store at {Path(settings.store).resolve()} (data version {info['data_version'][:16]}, "
            f"{info['union_size']} triples, built {info['built']})")


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
            "data_version": version,
            "data_modified": data_modified,
            "graph_sizes": {part.graph: sizes.get(part.graph, 0) for part in parts},
            "union_size": union,
            "built": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "pyoxigraph": package_version("pyoxigraph"),
            "hva_graph": package_version("hva-graph"),
        }
        (building / STORE_INFO).write_text(json.dumps(info, indent=1), encoding="utf-8")
        _swap_into_place(building, path)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return info


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
