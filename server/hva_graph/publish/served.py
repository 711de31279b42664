"""The dumps of what a service serves, and when they are made.

The in-memory store serves the data files, so its dumps are made from them. A disk or remote
store is the data: each of its named graphs is read back through the store and passes the same
gate as the data files before anything is published (InvalidData on a violation; not validated
again for a data version already known to conform, such as a store `hva-graph load` checked).
"""

from __future__ import annotations

import logging
import os

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


def dumps_in_child(settings: Settings, checked: Checked) -> tuple[int, int]:
    """Write the dumps of checked data in a child process (while the caller goes on, say to
    build a disk store on the other core): (its pid, whose exit status is 0 when they are
    written; a pipe on which it forwards its progress, for progress.phases.replay)."""
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
