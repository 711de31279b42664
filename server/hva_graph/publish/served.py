"""The dumps of what a service serves, and when they are made.

The in-memory store serves the data files, so its dumps are made from them. A disk or remote
store is the data: each of its named graphs is read back through the store and passes the same
gate as the data files before anything is published (InvalidData on a violation; not validated
again for a data version already known to conform, such as a store `hva-graph load` checked).

A server never waits for dumps (Background): it asks whether those of the version it serves are
written, and if not, has them made beside it while it answers from what is there (the previous
version's, after a reload) or says when to ask again.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from rdflib import Graph, URIRef

from ..knowledge.checked import checked_data, ensure_conforms, files_version
from ..knowledge.model import Knowledge
from ..knowledge.pipeline import Checked
from ..namespaces import RELEASES_GRAPH
from ..progress.phases import forward
from ..settings import Settings
from ..store.results import QueryJob
from . import folder

log = logging.getLogger(__name__)

GRAPH_CONTENT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?iri { ?s ?p ?o } }"
"""One named graph's triples (?iri bound)."""


def dumps_of(service) -> dict:
    """The manifest of the dumps of what `service` (a service.Service) serves, writing them
    first if need be."""
    return PUBLISHERS[service.kind](service)


def ensure_dumps(settings: Settings, checked: Checked | None = None) -> dict:
    """The manifest of the data files' dumps, writing them first if need be; from `checked`
    when the caller has just checked the data, else through the gate (which only reads the
    files' recorded data version when they are known to conform and their dumps are written)."""
    if checked is None:
        version = files_version(settings)
        if version is not None:
            return folder.published(settings, version, lambda: checked_data(settings))
        checked = checked_data(settings)
    return folder.published(settings, checked.version, lambda: checked)


def _dumps_of_files(service) -> dict:
    return ensure_dumps(service.settings)


def _dumps_of_store(service) -> dict:
    def checked() -> Knowledge:
        knowledge = knowledge_of(service)
        ensure_conforms(service.settings, knowledge,
                        "the store's data does not conform to the shapes; no dumps are published")
        return knowledge

    return folder.published(service.settings, service.version, checked, service.modified)


PUBLISHERS = {"memory": _dumps_of_files, "disk": _dumps_of_store, "remote": _dumps_of_store}


def knowledge_of(service) -> Knowledge:
    """Every named graph of the service's store, read back through the store itself."""
    graphs = {}
    for iri, size in sorted(service.graph_sizes.items()):
        if iri == str(RELEASES_GRAPH):  # served beside the data, no part of its version
            continue
        outcome = service.runner.run(QueryJob(GRAPH_CONTENT, {"graph": "ntriples"}, result_limit=size + 1,
                                              substitutions={"iri": ("iri", iri)}),
                                     timeout=service.settings.remote_read_timeout)
        if outcome.status != 200:
            raise RuntimeError(f"graph <{iri}> could not be read from the store: {outcome.message}")
        if outcome.count != size:  # an engine that cuts answers short must not publish part of a graph
            raise RuntimeError(f"graph <{iri}> came back from the store with {outcome.count} of its {size} triples")
        graphs[URIRef(iri)] = Graph().parse(data=outcome.body, format="nt")
    return Knowledge(graphs, [], service.version)


def dumps_in_child(settings: Settings, checked: Checked | None = None) -> tuple[int, int]:
    """Write the dumps of checked data (or of the data files, through the gate) in a child
    process, while the caller goes on (to build a disk store on the other core, to serve):
    (its pid, whose exit status is 0 when they are written; a pipe on which it forwards its
    progress, for progress.phases.replay)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into the caller's code
        os.close(read)
        forward(write)
        status = 1
        try:
            ensure_dumps(settings, checked=checked)
            status = 0
        except Exception as error:  # reported by the parent, from the exit status
            log.warning("the dumps cannot be written (%s)", error)
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


class Background:
    """The dumps of one service, made without anyone waiting for them: `manifest` gives them
    once written, and until then starts (once) their making beside the server: an in-memory
    store's in a child process from the data files (which must still be the version served), a
    disk or remote store's in a thread that reads it back through its query processes. A build
    that failed is tried again after RETRY_SECONDS."""

    RETRY_SECONDS = 60.0

    def __init__(self, service):
        self.service = service
        self.error: str | None = None
        self._failed_at = 0.0
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def manifest(self) -> dict | None:
        found = self._written()
        if found is None:
            self._start()
        return found

    def _written(self) -> dict | None:
        found = folder.read_manifest(folder.folder_for(self.service.settings, self.service.version))
        return found if found is not None and found["data_version"] == self.service.version else None

    def wait(self, timeout: float) -> dict | None:
        """The manifest once written, waiting up to `timeout` seconds for the build (for commands
        and tests; a request never waits)."""
        manifest = self.manifest()
        thread = self._thread
        if manifest is None and thread is not None:
            thread.join(timeout)
            manifest = self.manifest()
        return manifest

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            if self.error is not None and time.monotonic() - self._failed_at < self.RETRY_SECONDS:
                return
            self._thread = threading.Thread(target=self._build, name="dumps", daemon=True)
            self._thread.start()

    def _build(self) -> None:
        service = self.service
        try:
            if service.kind == "memory":
                pid, progress = dumps_in_child(service.settings)
                with os.fdopen(progress, "rb") as pipe:  # drained: a server's dumps show no progress
                    while pipe.read(65536):
                        pass
                _, status = os.waitpid(pid, 0)
                if status != 0:
                    raise RuntimeError("the process that wrote them failed (see the log)")
                if self._written() is None:
                    raise RuntimeError(CHANGED)
            else:
                dumps_of(service)
            self.error = None
        except Exception as error:  # said by the view that asked, and tried again later
            log.warning("the dumps of data version %s cannot be written: %s", service.version[:16], error)
            self.error, self._failed_at = str(error), time.monotonic()


CHANGED = ("the data on disk has changed since this server started; the dumps would not match what the endpoint "
           "serves. Restart the server, or reload it (hva-graph reload), to publish the new data.")
