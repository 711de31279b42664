"""The composition root: the store the settings name, opened with checked knowledge, and what
the service publishes from it.

knowledge/ and store/ never import each other; this is where they meet: the in-memory store
is loaded from knowledge that passed the gate (knowledge.checked), a disk store is built from
it, and the dumps of a disk or remote store are read back through the store and pass the same
gate before anything is published.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import time
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .knowledge.checked import checked_data, checked_files, ensure_conforms, input_files
from .knowledge.loading import graph_iri_for
from .knowledge.model import Knowledge, data_version
from .knowledge.pipeline import Checked
from .namespaces import ONTOLOGY_GRAPH
from .publish import folder
from .settings import Settings
from .store.backend import Backend
from .store.backends import open_backend, probe
from .store.disk import Part
from .store.memory import memory_backend
from .store.results import Outcome, QueryJob

log = logging.getLogger(__name__)

GRAPH_CONTENT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?iri { ?s ?p ?o } }"


@dataclass
class Service:
    settings: Settings
    backend: Backend
    started: float = field(default_factory=time.time)

    @classmethod
    def from_settings(cls, settings: Settings, isolate: bool = True) -> "Service":
        """The store the settings name. For the default in-memory store the knowledge is loaded,
        inferred and validated first: InvalidData on a violation."""
        return cls(settings, open_backend(settings, isolate, lambda: checked_data(settings)))

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

    def dumps(self) -> dict:
        """The manifest of the dumps of what this service serves, writing them first if need be.

        The in-memory store serves the data files, so its dumps are made from them. A disk or
        remote store is the data: each of its named graphs is read back through the store and
        passes the same gate as the data files before anything is published (InvalidData on a
        violation; not validated again for a data version already known to conform, such as a
        store `hva-graph load` checked)."""
        return PUBLISHERS[self.backend.kind](self)

    def close(self, drain: float = 0.0) -> None:
        """Stop its query processes, letting running queries finish for up to `drain` seconds."""
        self.backend.close(drain)


def ensure_dumps(settings: Settings, checked: Checked | None = None) -> dict:
    """The manifest of the data files' dumps, writing them first if need be; from `checked`
    when the caller has just checked the data, else through the gate."""
    if checked is not None:
        return folder.published(settings, checked.version, lambda: checked)
    try:
        version = data_version(input_files(settings))
    except OSError:
        checked_data(settings)  # raises DataFileError, naming the missing file
        raise
    return folder.published(settings, version, lambda: checked_data(settings))


def _dumps_of_files(service: Service) -> dict:
    return ensure_dumps(service.settings)


def _dumps_of_store(service: Service) -> dict:
    def checked() -> Knowledge:
        knowledge = knowledge_of(service)
        ensure_conforms(service.settings, knowledge,
                        "the store's data does not conform to the shapes; no dumps are published")
        return knowledge

    return folder.published(service.settings, service.version, checked, service.backend.modified)


PUBLISHERS = {"memory": _dumps_of_files, "disk": _dumps_of_store, "remote": _dumps_of_store}


def knowledge_of(service: Service) -> Knowledge:
    """Every named graph of the service's store, read back through the store itself."""
    graphs = {}
    for iri, size in sorted(service.graph_sizes.items()):
        outcome = service.run(QueryJob(GRAPH_CONTENT, {"graph": "ntriples"}, result_limit=size + 1,
                                       substitutions={"iri": ("iri", iri)}),
                              timeout=service.settings.remote_read_timeout)
        if outcome.status != 200:
            raise RuntimeError(f"graph <{iri}> could not be read from the store: {outcome.message}")
        if outcome.count != size:  # an engine that cuts answers short must not publish part of a graph
            raise RuntimeError(f"graph <{iri}> came back from the store with {outcome.count} of its {size} triples")
        graphs[URIRef(iri)] = Graph().parse(data=outcome.body, format="nt")
    return Knowledge(graphs, [], service.version)


def prepare(settings: Settings) -> str:
    """Refuse before a server listens: check that the store the settings name can be served.
    Returns what will be served.

    For the in-memory store the data files are loaded, inferred and validated (InvalidData,
    DataFileError) in a child process, which leaves the verdict and closure in the cache for
    the server process, then goes on to write the dumps while the server starts: the server
    never holds a second copy of the data, and a first download waits for that build
    (folder.published) instead of starting another."""
    if settings.store_kind != "memory":
        return probe(settings)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into the caller's code
        os.close(read)
        try:
            _check_then_publish(settings, write)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        try:
            kind, value = pickle.load(pipe)
        except EOFError:
            os.waitpid(pid, 0)
            raise RuntimeError("checking the data failed (the process that checked it died)") from None
    if kind == "error":
        os.waitpid(pid, 0)
        raise value
    return value


def dumps_in_child(settings: Settings, checked: Checked) -> int:
    """Write the dumps of checked data in a child process (while the caller goes on, say to
    build a disk store on the other core); its exit status is 0 when they are written."""
    pid = os.fork()
    if pid == 0:  # the child never returns into the caller's code
        status = 1
        try:
            ensure_dumps(settings, checked=checked)
            status = 0
        except Exception as error:  # reported by the parent, from the exit status
            log.warning("the dumps cannot be written (%s)", error)
        finally:
            os._exit(status)
    return pid


def _check_then_publish(settings: Settings, pipe: int) -> None:
    checked = None
    try:
        checked = checked_data(settings)
        message = ("ok", f"{probe(settings)} (data version {checked.version[:16]})")
    except BaseException as error:  # handed to the parent, which raises it
        message = ("error", error)
    with os.fdopen(pipe, "wb") as out:
        pickle.dump(message, out)
    if checked is not None:
        try:
            ensure_dumps(settings, checked=checked)
        except OSError as error:
            log.warning("the dumps cannot be written (%s); /dumps/ will answer 503", error)


def parts_of(knowledge: Knowledge | Checked) -> list[Part]:
    """The named graphs of checked data (or of parsed rdflib knowledge), as N-Triples, to load
    into a store: from the checked store Oxigraph writes them, without rdflib."""
    if isinstance(knowledge, Checked):
        return [Part(iri, ox.RdfFormat.N_TRIPLES,
                     knowledge.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri)))
                for iri in sorted(knowledge.sizes)]
    return [Part(str(iri), ox.RdfFormat.N_TRIPLES, graph.serialize(format="nt", encoding="utf-8"))
            for iri, graph in sorted(knowledge.graphs.items())]


def checked_parts(settings: Settings) -> tuple[str, list[Part]] | None:
    """The data files as Oxigraph reads them, with their cached closure, when this exact data
    version is known to conform (knowledge.checked.checked_files): far faster than rdflib, and
    nothing is inferred or validated again. None otherwise."""
    checked = checked_files(settings)
    if checked is None:
        return None
    parts = [Part(str(iri), ox.RdfFormat.TURTLE, path=path) for iri, path in checked.files]
    return checked.version, [*parts, *(Part(str(iri), ox.RdfFormat.N_TRIPLES, data) for iri, data in checked.derived)]


def publishing_order(settings: Settings, parts: list[Part]) -> list[Part]:
    """The ontology first, then the data files' graphs, then what is derived from them (the OWL RL
    closure, any other derived graph): an engine that a push leaves half done holds the
    vocabulary of what it holds, and never a derived graph newer than what it was derived from."""
    files = {str(graph_iri_for(path)) for path in input_files(settings)}

    def rank(part: Part) -> tuple:
        return (part.graph != str(ONTOLOGY_GRAPH), part.graph not in files, part.graph)

    return sorted(parts, key=rank)
