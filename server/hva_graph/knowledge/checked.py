"""The one gate: knowledge of a data version is used only once it is known to conform.

"Checked knowledge for data version V" means: the ontology and data files parsed, their
OWL RL closure computed, and the SHACL verdict that they conform. Closure and verdict are
kept in the disk cache under keys made here, and only here. A key names the data version
(the input files' bytes), the shapes' version, the library versions and an explicit format
constant of the code that made the entry (inference.CLOSURE_FORMAT, validation.VERDICT_FORMAT),
so moving code between files never changes a key, and changing what it computes must.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import owlrl
import pyshacl
from rdflib import Graph, URIRef

from ..namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, SEARCH_GRAPH
from ..settings import Settings
from .cache import DiskCache
from .inference import CLOSURE_FORMAT, infer
from .loading import graph_iri_for, load_graphs
from .model import Knowledge, data_version
from .search import analyser_key, index_graph
from .validation import (VERDICT_FORMAT, ValidationReport, format_report, load_rules, load_shapes, shapes_version,
                         validate_knowledge)


log = logging.getLogger(__name__)


class InvalidData(RuntimeError):
    """The data does not conform to the shapes: nothing is served or published from it."""


def input_files(settings: Settings) -> tuple[Path, ...]:
    """The files a data version is made of: the ontology, then the data files."""
    return (settings.ontology_path, *settings.data_files)


def closure_key(version: str) -> str:
    """The cache entry of the OWL RL closure of one data version."""
    return f"inferred-{version}-c{CLOSURE_FORMAT}-owlrl{owlrl.__version__}.nt"


def search_key(version: str) -> str | None:
    """The cache entry of the search index of one data version; None without an analyser."""
    analyser = analyser_key()
    if analyser is None:
        return None
    return f"search-{version}-{hashlib.sha256(analyser.encode()).hexdigest()[:16]}.nt"


def verdict_key(settings: Settings, version: str) -> str:
    """The cache entry saying that one data version conforms to the current shapes."""
    return f"conforms-{version}-{shapes_version(settings)[:16]}-v{VERDICT_FORMAT}-pyshacl{pyshacl.__version__}"


def load_knowledge(settings: Settings) -> Knowledge:
    """Parse ontology and data files, run OWL RL and build the search index; raises
    DataFileError on an unreadable file.

    The closure (only a consistent one) and the index are cached per data version.
    """
    files = input_files(settings)
    graphs = load_graphs(files)
    assert ONTOLOGY_GRAPH in graphs
    version = data_version(files)
    cache = DiskCache(settings.cache_folder)
    asserted = Graph()
    for graph in graphs.values():
        asserted += graph
    inconsistencies = _add_closure(graphs, asserted, cache, closure_key(version))
    _add_index(graphs, asserted, cache, search_key(version))
    return Knowledge(graphs, inconsistencies, version)


def _add_closure(graphs: dict, asserted: Graph, cache: DiskCache, key: str) -> list[str]:
    cached = cache.get(key)
    if cached is not None:
        graphs[INFERRED_GRAPH] = Graph().parse(data=cached, format="nt")
        return []
    inference = infer(asserted)
    graphs[INFERRED_GRAPH] = inference.inferred
    if not inference.inconsistencies:
        cache.put(key, inference.inferred.serialize(format="nt", encoding="utf-8"))
    return inference.inconsistencies


def _add_index(graphs: dict, asserted: Graph, cache: DiskCache, key: str | None) -> None:
    """graph/search, unless the analyser is not installed (the search then says so)."""
    if key is None:
        log.warning("the Finnish analyser is not installed (apt-get install libvoikko1 voikko-fi): "
                    "no search index is built, and the search answers 503")
        return
    cached = cache.get(key)
    if cached is not None:
        graphs[SEARCH_GRAPH] = Graph().parse(data=cached, format="nt")
        return
    graphs[SEARCH_GRAPH] = index_graph(asserted)
    cache.put(key, graphs[SEARCH_GRAPH].serialize(format="nt", encoding="utf-8"))


def validate(settings: Settings) -> ValidationReport:
    """Validate ontology + the settings' data files (always, for the curator's report);
    raises DataFileError if one cannot be read."""
    return validate_knowledge(load_knowledge(settings), load_shapes(settings), load_rules(settings))


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
    report = validate_knowledge(knowledge, load_shapes(settings), load_rules(settings))
    if not report.conforms:
        raise InvalidData(f"{refusal}:\n{format_report(report)}")
    cache.put(key, format_report(report).encode("utf-8"))


@dataclass(frozen=True)
class CheckedFiles:
    """A data version known to conform, as its files and its cached derived graphs (N-Triples)."""
    version: str
    files: tuple[tuple[URIRef, Path], ...]
    """(named graph, Turtle file) for the ontology and every data file."""
    derived: tuple[tuple[URIRef, bytes], ...]
    """(named graph, N-Triples) for the OWL RL closure and the search index."""


def checked_files(settings: Settings) -> CheckedFiles | None:
    """The data files and their cached closure, when this exact data version is known to
    conform (its OWL RL closure and its validation verdict are in the cache, as after any
    earlier `hva-graph validate`, `serve` or `load`), so that another parser may read the
    files as they are and nothing is inferred or validated again. None otherwise."""
    files = input_files(settings)
    try:
        version = data_version(files)
    except OSError:
        return None
    cache = DiskCache(settings.cache_folder)
    inferred = cache.get(closure_key(version))
    if inferred is None or cache.get(verdict_key(settings, version)) is None:
        return None
    if b"_:" in inferred:  # blank nodes in the closure name those of rdflib's parse, not another parser's
        return None
    derived = [(INFERRED_GRAPH, inferred)]
    key = search_key(version)
    if key is not None:
        index = cache.get(key)  # its blank nodes are its own entries: any parser may name them
        if index is None:
            return None
        derived.append((SEARCH_GRAPH, index))
    return CheckedFiles(version, tuple((graph_iri_for(f), Path(f)) for f in files), tuple(derived))
