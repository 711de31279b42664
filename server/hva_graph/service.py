"""The composition root: the store the settings name, opened over checked knowledge.

knowledge/ and store/ never import each other; this is where they meet: the in-memory store
is loaded from knowledge that passed the gate (knowledge.checked); a disk or remote store is
opened as it is (store.backends). What is published from a service is publish/served.py; how
a server starts is startup.py.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .digests.canonical import canonical_digest

from .knowledge.checked import checked_data
from .knowledge.model import Knowledge
from .knowledge.versions import first_validated
from .namespaces import RELEASES_GRAPH
from .settings import Settings
from .store.backend import Backend, StoreUnavailable
from .store.backends import open_backend
from .store.memory import memory_backend
from .store.results import QueryJob


@dataclass
class Service(Backend):
    """An opened store with the settings it serves under: what every view, page and command
    asks. Queries go straight to its runner (`service.runner.run(job)`)."""

    settings: Settings = field(kw_only=True)
    started: float = field(default_factory=time.time, kw_only=True)
    history: str = field(default="", kw_only=True)
    """The canonical digest of graph/releases (the releases made so far), "" without one: it is
    served beside the data but is no part of the data version, so the ETags name both."""

    @classmethod
    def over(cls, settings: Settings, backend: Backend) -> "Service":
        """`modified` (Last-Modified) is what the store recorded of its data (a disk store: when
        `load` validated it), else when this data version was first validated (knowledge.versions)."""
        service = cls(**vars(backend), settings=settings)
        if service.modified is None:
            service.modified = first_validated(settings, service.version)
        if str(RELEASES_GRAPH) in service.graph_sizes:
            service.history = _graph_digest(service, str(RELEASES_GRAPH))
        return service

    @classmethod
    def from_settings(cls, settings: Settings, isolate: bool = True) -> "Service":
        """The store the settings name. For the default in-memory store the knowledge is loaded,
        inferred and validated first: InvalidData on a violation."""
        return cls.over(settings, open_backend(settings, isolate, lambda: checked_data(settings)))

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
        return cls.over(settings, memory_backend(settings, graphs, version, isolate))

    @property
    def etag_base(self) -> str:
        """What every answer's ETag and kept answer is keyed by: the data version, and the
        history when there is one (a new release of the same data changes graph/releases)."""
        return self.version[:16] + (f"-{self.history[:8]}" if self.history else "")

    def etag(self, *variant) -> str:
        """An ETag for one variant of an answer (query, format, language …) in this data version."""
        return f"{self.etag_base}-{hashlib.sha256(repr(variant).encode('utf-8')).hexdigest()[:20]}"


def _graph_digest(service: Service, iri: str) -> str:
    outcome = service.runner.run(QueryJob(GRAPH_TRIPLES, {"graph": "ntriples"}, result_limit=10**9,
                                          substitutions={"graph": ("iri", iri)}))
    if outcome.status != 200:
        raise StoreUnavailable(f"graph <{iri}> cannot be read from the store: {outcome.message}")
    return canonical_digest(ox.parse(outcome.body, format=ox.RdfFormat.N_TRIPLES))


GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?graph { ?s ?p ?o } }"
