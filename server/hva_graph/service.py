"""The running service: the validated knowledge in a store, and the processes that query it."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, URIRef

from .cache import DiskCache
from .engine import Outcome, QueryJob
from .knowledge import Knowledge, load_knowledge
from .pool import DirectRunner, QueryPool
from .settings import Settings
from .store import build_store
from .validation import format_report, load_shapes, shapes_version, validate_knowledge

log = logging.getLogger(__name__)


class InvalidData(RuntimeError):
    """The data does not conform to the shapes: the service refuses to serve it."""


@dataclass
class Service:
    settings: Settings
    store: ox.Store
    version: str
    graph_sizes: dict[str, int]
    union_size: int
    """Triples in the default graph, the union of all named graphs."""
    runner: QueryPool | DirectRunner
    started: float = field(default_factory=time.time)

    @classmethod
    def from_settings(cls, settings: Settings, isolate: bool = True) -> "Service":
        """Load, infer and validate the knowledge; refuse (InvalidData) if it violates a shape."""
        return cls.from_knowledge(settings, checked_knowledge(settings), isolate)

    @classmethod
    def from_knowledge(cls, settings: Settings, knowledge: Knowledge, isolate: bool = True) -> "Service":
        return cls.from_graphs(settings, knowledge.graphs, knowledge.version, isolate)

    @classmethod
    def from_graphs(cls, settings: Settings, graphs: dict[URIRef, Graph], version: str | None = None,
                    isolate: bool = True) -> "Service":
        """A service over any named graphs (the W3C protocol tests use their own)."""
        store = build_store(graphs)
        if version is None:
            digest = hashlib.sha256()
            for iri in sorted(graphs):
                digest.update(iri.encode() + graphs[iri].serialize(format="nt", encoding="utf-8"))
            version = digest.hexdigest()
        sizes = {str(iri): len(graph) for iri, graph in graphs.items()}
        (row,) = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", use_default_graph_as_union=True)
        union_size = int(row["n"].value)
        runner = (QueryPool(store, settings.query_workers, settings.query_timeout,
                            isolate_network=not settings.service_allowlist)
                  if isolate else DirectRunner(store))
        return cls(settings, store, version, sizes, union_size, runner)

    @property
    def etag_base(self) -> str:
        return self.version[:16]

    def etag(self, *variant) -> str:
        """An ETag for one variant of an answer (query, format, language …) in this data version."""
        return f"{self.etag_base}-{hashlib.sha256(repr(variant).encode('utf-8')).hexdigest()[:20]}"

    def run(self, job: QueryJob) -> Outcome:
        return self.runner.run(job)

    def close(self) -> None:
        self.runner.close()



def checked_knowledge(settings: Settings) -> Knowledge:
    """The knowledge, validated: raises InvalidData (with the report) on a violation and
    DataFileError on an unreadable file. The verdict is cached per data and shapes version."""
    knowledge = load_knowledge(settings)
    shapes = load_shapes(settings)
    cache = DiskCache(settings.cache_folder)
    key = f"conforms-{knowledge.version}-{shapes_version(settings)[:16]}-pyshacl{pyshacl.__version__}"
    if cache.get(key) is None:
        report = validate_knowledge(knowledge, shapes)
        if not report.conforms:
            raise InvalidData("the data does not conform to its shapes; not serving it:\n"
                              + format_report(report))
        cache.put(key, format_report(report).encode("utf-8"))
    return knowledge
