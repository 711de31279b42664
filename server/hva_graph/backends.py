"""Where the queries are answered: the one place a store backend is chosen from the settings.

- `memory` (the default): a pyoxigraph store in memory, loaded at start from the validated
  data files; queries run in killable processes that share it copy-on-write (pool.py).
- a folder path: a persistent pyoxigraph (RocksDB) store built by `hva-graph load --store
  PATH` from the validated data. Opening it needs no parsing, inference or validation; each
  query process opens it read-only after it is forked.
- `sparql+http(s)://host/path`: a remote SPARQL 1.1 engine, asked through the protocol
  (remote.py), with this endpoint's time and result limits still enforced here.

Every backend is a Backend: a runner that turns a QueryJob into an Outcome, plus what the
service states about the data (version, triples per named graph). Nothing above this
module knows which one it has.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .engine import Outcome, QueryJob
from .pool import DirectRunner, QueryPool
from .remote import SCHEMES, RemoteRunner, endpoint_url
from .settings import Settings

MEMORY = "memory"
STORE_INFO = "hva-graph-store.json"
ENGINE_FOLDER = "oxigraph"
STORE_FORMAT = 1

GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
UNION_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
EVERYTHING = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


class StoreUnavailable(RuntimeError):
    """The configured store cannot be used: missing, not built by `hva-graph load`, unreachable."""


def kind_of(spec: str) -> str:
    """memory, disk or remote, for a `store` setting (checked by Settings.check)."""
    if spec == MEMORY:
        return "memory"
    if spec.startswith(SCHEMES):
        return "remote"
    return "disk"


def check_spec(spec: str) -> None:
    """Raise ValueError for a `store` setting that is none of the three kinds."""
    if not spec:
        raise ValueError("store must be 'memory', a folder built by `hva-graph load`, or sparql+http(s)://…")
    if kind_of(spec) == "remote":
        endpoint_url(spec)
    elif "://" in spec:
        raise ValueError(f"store {spec!r}: the only remote stores are sparql+http://… and sparql+https://…")


@dataclass
class Backend:
    kind: str
    runner: QueryPool | DirectRunner | RemoteRunner
    version: str
    graph_sizes: dict[str, int]
    union_size: int
    modified: str | None = None
    """When the data last changed (UTC, ISO 8601), where the backend knows it."""
    store: ox.Store | None = None
    """The in-memory store (memory backend only)."""

    def run(self, job: QueryJob, timeout: float | None = None) -> Outcome:
        return self.runner.run(job, timeout)

    def close(self) -> None:
        self.runner.close()


def sizes_of(run: Callable[[str], list[dict]]) -> tuple[dict[str, int], int]:
    """Triples per named graph and in the default graph (the union), asked by SPARQL through
    `run`, which gives each row as {variable: lexical value}."""
    sizes = {row["g"]: int(row["n"]) for row in run(GRAPH_SIZES)}
    (union,) = run(UNION_SIZE)
    return sizes, int(union["n"])


def _rows_of(store: ox.Store) -> Callable[[str], list[dict]]:
    """A `run` for sizes_of over an embedded store (the union of graphs as default graph)."""
    def rows(query: str) -> list[dict]:
        solutions = store.query(query, use_default_graph_as_union=True)
        names = [variable.value for variable in solutions.variables]
        return [{name: term.value for name, term in zip(names, solution)} for solution in solutions]
    return rows


def _local_runner(settings: Settings, store, isolate: bool) -> QueryPool | DirectRunner:
    """Killable query processes (or, without isolation, the calling thread) over an embedded
    store, given loaded or as a function that opens it."""
    if not isolate:
        return DirectRunner(store)
    return QueryPool(store, settings.query_workers, settings.query_timeout,
                     isolate_network=not settings.service_allowlist)


# --- in memory ---------------------------------------------------------------------------

def memory_backend(settings: Settings, graphs: dict[URIRef, Graph], version: str, isolate: bool) -> Backend:
    from .store import build_store

    store = build_store(graphs)
    sizes = {str(iri): len(graph) for iri, graph in graphs.items()}
    (row,) = _rows_of(store)(UNION_SIZE)
    return Backend("memory", _local_runner(settings, store, isolate), version, sizes, int(row["n"]), store=store)


# --- on disk -----------------------------------------------------------------------------

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


def disk_backend(settings: Settings, path: Path, isolate: bool) -> Backend:
    """Open a built store. The server process never opens RocksDB itself: each query
    process does, read-only, after it is forked (RocksDB's threads do not survive a fork)."""
    path = Path(path).resolve()
    info = read_store_info(path)
    location = str(path / ENGINE_FOLDER)

    def open_store() -> ox.Store:
        return ox.Store.read_only(location)

    return Backend("disk", _local_runner(settings, open_store, isolate), info["data_version"], dict(info["graph_sizes"]), int(info["union_size"]),
                   info.get("data_modified"))


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


def parts_of(knowledge) -> list[Part]:
    """The named graphs of parsed (rdflib) knowledge, as N-Triples."""
    return [Part(str(iri), ox.RdfFormat.N_TRIPLES, graph.serialize(format="nt", encoding="utf-8"))
            for iri, graph in sorted(knowledge.graphs.items())]


def checked_parts(settings: Settings) -> tuple[str, list[Part]] | None:
    """The data files and their cached closure, when this exact data version is known to
    conform (its OWL RL closure and its validation verdict are in the cache, as after any
    earlier `hva-graph validate`, `serve` or `load`): then Oxigraph parses the Turtle itself,
    far faster than rdflib, and nothing is inferred or validated again. None otherwise."""
    from .cache import DiskCache
    from .knowledge import closure_key, data_version
    from .loading import graph_iri_for
    from .namespaces import INFERRED_GRAPH
    from .service import verdict_key

    files = (settings.ontology_path, *settings.data_files)
    try:
        version = data_version(files)
    except OSError:
        return None
    cache = DiskCache(settings.cache_folder)
    inferred = cache.get(closure_key(version))
    if inferred is None or cache.get(verdict_key(settings, version)) is None:
        return None
    if b"_:" in inferred:  # blank nodes in the closure name those of rdflib's parse, not Oxigraph's
        return None
    parts = [Part(str(graph_iri_for(f)), ox.RdfFormat.TURTLE, path=Path(f)) for f in files]
    return version, [*parts, Part(str(INFERRED_GRAPH), ox.RdfFormat.N_TRIPLES, inferred)]


def load_disk_store(settings: Settings, path: Path, parts: list[Part], version: str,
                    progress: Callable[[int], None] = lambda n: None, data_modified: str | None = None) -> dict:
    """Build a store at `path` from checked data (see checked_parts, parts_of), atomically.

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
        sizes, union = sizes_of(_rows_of(store))
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


# --- a remote engine ---------------------------------------------------------------------

def remote_backend(settings: Settings, spec: str) -> Backend:
    """A remote engine, checked and fingerprinted at start: its graphs and their sizes, its
    default graph (which must be the union of the named graphs, as here), and a data version
    made from all of its content, so that cached answers and dumps follow the data."""
    endpoint = endpoint_url(spec)
    runner = RemoteRunner(endpoint, settings.query_timeout)
    long = max(settings.query_timeout, settings.remote_read_timeout)

    def rows(query: str) -> list[dict]:
        outcome = runner.run(QueryJob(query, {"tabular": "json"}, result_limit=10**9), long)
        if outcome.status != 200:
            raise StoreUnavailable(f"the SPARQL engine at {endpoint} did not answer a start-up query: "
                                    f"{outcome.message}")
        return [{name: cell["value"] for name, cell in row.items()}
                for row in json.loads(outcome.body)["results"]["bindings"]]

    sizes, union = sizes_of(rows)
    runner.graphs = set(sizes)
    if sizes and union == 0:
        raise StoreUnavailable(
            f"the default graph of {endpoint} is empty although its named graphs hold "
            f"{sum(sizes.values())} triples: configure the engine so that its default graph is the union of "
            "its named graphs (oxigraph serve --union-default-graph; Fuseki tdb2:unionDefaultGraph true), "
            "as the queries of this service expect")
    version = _content_version(runner, endpoint, long)
    modified = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Backend("remote", runner, version, sizes, union, modified)


def _content_version(runner: RemoteRunner, endpoint: str, timeout: float) -> str:
    """SHA-256 over every quad of the engine, sorted, blank nodes written as one name (their
    labels differ between answers): the same content gives the same version."""
    outcome = runner.run(QueryJob(EVERYTHING, {"tabular": "tsv"}, result_limit=10**9), timeout)
    if outcome.status != 200:
        raise StoreUnavailable(f"the content of {endpoint} could not be read: {outcome.message}")
    lines = outcome.body.split(b"\n")[1:]
    normalised = sorted(_blank_free(line) for line in lines if line)
    digest = hashlib.sha256(b"remote\0")
    for line in normalised:
        digest.update(line + b"\n")
    return digest.hexdigest()


def _blank_free(line: bytes) -> bytes:
    return b"\t".join(b"_:" if cell.startswith(b"_:") else cell for cell in line.split(b"\t"))


# --- the one place ------------------------------------------------------------------------

def open_backend(settings: Settings, isolate: bool = True, knowledge_loader: Callable | None = None) -> Backend:
    """The backend the settings name. `knowledge_loader` gives the checked knowledge for the
    memory backend (loaded only when that is the one chosen)."""
    kind = kind_of(settings.store)
    if kind == "remote":
        return remote_backend(settings, settings.store)
    if kind == "disk":
        return disk_backend(settings, Path(settings.store), isolate)
    knowledge = knowledge_loader()
    return memory_backend(settings, knowledge.graphs, knowledge.version, isolate)


def probe(settings: Settings) -> str:
    """Check, before a server starts listening, that a disk or remote store can be used;
    StoreUnavailable says why not. Returns what will be served, for the operator."""
    kind = kind_of(settings.store)
    if kind == "disk":
        info = read_store_info(Path(settings.store))
        return (f"the store at {Path(settings.store).resolve()} (data version {info['data_version'][:16]}, "
                f"{info['union_size']} triples, built {info['built']})")
    if kind == "remote":
        endpoint = endpoint_url(settings.store)
        outcome = RemoteRunner(endpoint, settings.query_timeout).run(QueryJob("ASK { ?s ?p ?o }", {"boolean": "json"}))
        if outcome.status != 200:
            raise StoreUnavailable(f"the SPARQL engine at {endpoint} cannot be used: {outcome.message}")
        return f"the SPARQL engine at {endpoint}"
    return "the data files, in memory"
