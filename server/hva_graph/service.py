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
from .backends import Backend, memory_backend, open_backend
from .settings import Settings
from .validation import format_report, load_shapes, shapes_version, validate_knowledge

log = logging.getLogger(__name__)


class InvalidData(RuntimeError):
    """The data does not conform to the shapes: the service refuses to serve it."""


@dataclass
class Service:
    settings: Settings
    backend: Backend
    started: float = field(default_factory=time.time)

    @classmethod
    def from_settings(cls, settings: Settings, isolate: bool = True) -> "Service":
        """The store the settings name (backends.open_backend). For the default in-memory store
        the knowledge is loaded, inferred and validated first: InvalidData on a violation."""
        return cls(settings, open_backend(settings, isolate, lambda: checked_knowledge(settings)))

    @classmethod
    def from_knowledge(cls, settings: Settings, knowledge: Knowledge, isolate: bool = True) -> "Service":
        return cls.from_graphs(settings, knowledge.graphs, knowledge.version, isolate)

    @classmethod
    def from_graphs(cls, settings: Settings, graphs: dict[URIRef, Graph], version: str | None = None,
                    isolate: bool = True) -> "Service":
        """An in-memory service over any named graphs (the W3C protocol tests use their own)."""
        if version is None:
            digest = hashlib.sha256()
            for iri in sorted(graphs):
                digest.update(iri.encode() + graphs[iri].serialize(format="nt", encoding="utf-8"))
            version = digest.hexdigest()
        return cls(settings, memory_backend(settings, graphs, version, isolate))

    @property
    def version(self) -> str:
        return self.backend.version

    @property
    def graph_sizes(self) -> dict[str, int]:
        return self.backend.graph_sizes

    @property
    def union_size(self) -> int:
        """Triples in the default graph, the union of all named graphs."""
        return self.backend.union_size

    @property
    def runner(self):
        return self.backend.runner

    @property
    def store(self) -> ox.Store | None:
        """The in-memory store, when that is the backend."""
        return self.backend.store

    @property
    def etag_base(self) -> str:
        return self.version[:16]

    def etag(self, *variant) -> str:
        """An ETag for one variant of an answer (query, format, language …) in this data version."""
        return f"{self.etag_base}-{hashlib.sha256(repr(variant).encode('utf-8')).hexdigest()[:20]}"

    def run(self, job: QueryJob, timeout: float | None = None) -> Outcome:
        return self.backend.run(job, timeout)

    def close(self) -> None:
        self.backend.close()


def verdict_key(settings: Settings, version: str) -> str:
    """The cache entry saying that one data version conforms to the current shapes."""
    return f"conforms-{version}-{shapes_version(settings)[:16]}-pyshacl{pyshacl.__version__}"


def checked_knowledge(settings: Settings) -> Knowledge:
    """The knowledge, validated: raises InvalidData (with the report) on a violation and
    DataFileError on an unreadable file. The verdict is cached per data and shapes version."""
    knowledge = load_knowledge(settings)
    ensure_conforms(settings, knowledge, "the data does not conform to its shapes; not serving it")
    return knowledge


def ensure_conforms(settings: Settings, knowledge: Knowledge, refusal: str) -> None:
    """Validate, unless this data version is already known to conform; InvalidData (the
    refusal and the report) on a violation. A conforming verdict is cached per data version."""
    cache = DiskCache(settings.cache_folder)
    key = verdict_key(settings, knowledge.version)
    if cache.get(key) is not None:
        return
    report = validate_knowledge(knowledge, load_shapes(settings))
    if not report.conforms:
        raise InvalidData(f"{refusal}:\n{format_report(report)}")
    cache.put(key, format_report(report).encode("utf-8"))
