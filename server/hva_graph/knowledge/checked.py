"""The one gate: knowledge of a data version is used only once it is known to conform.

"Checked knowledge for data version V" means: the ontology and data files parsed, their
OWL RL closure computed, and the SHACL verdict that they conform. Closure and verdict are
kept in the disk cache under keys made here, and only here. A key names the input files'
bytes (cheap to compute: model.data_version), the blank nodes' naming rule (skolem.py), the
shapes' version, the library versions and an explicit format
constant of the code that made the entry (inference.CLOSURE_FORMAT, validation.VERDICT_FORMAT),
so moving code between files never changes a key, and changing what it computes must. The
per-unit entries behind them (per_unit.closure_key, per_unit.verdict_key) follow the same rule
with reasoner.REASONER_FORMAT and validation.UNIT_VERDICT_FORMAT.

The work itself is pipeline.py (Oxigraph, `reasonable` and pyshacl per unit, on every core);
load_knowledge and validate_knowledge (owlrl and pyshacl over the whole) are the reference it is
tested against, and what reads back a store's content for its dumps. Graphs derived from
checked data (the search index) are added by the DERIVED hook (derived.py), cached per data
version and the deriving code's own key. The data version served is the canonical digest of
all of it (versions.py), recorded under those keys.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import owlrl
import pyoxigraph as ox
import pyshacl
import reasonable
from rdflib import Graph, URIRef

from ..namespaces import DERIVED_GRAPHS, INFERRED_GRAPH, ONTOLOGY_GRAPH, RELEASES_GRAPH, SEARCH_GRAPH
from ..progress.phases import phase
from ..settings import Settings
from .cache import DiskCache
from .derived import DERIVED, index, search_key
from . import pipeline
from .inference import CLOSURE_FORMAT, infer
from .loading import graph_iri_for, load_graphs
from .model import Knowledge, data_version
from .skolem import SKOLEM_FORMAT
from .pipeline import Checked
from .reading import read_files
from .validation import (VERDICT_FORMAT, ValidationReport, format_report, load_rules, load_shapes, shapes_version,
                         validate_knowledge)
from .released import history_quads
from .terms import to_oxigraph, to_rdflib
from .versions import canonical_version, first_validated, recorded_version

log = logging.getLogger(__name__)


class InvalidData(RuntimeError):
    """The data does not conform to the shapes: nothing is served or published from it."""


def input_files(settings: Settings) -> tuple[Path, ...]:
    """The files a data version is made of: the ontology, then the data files."""
    return (settings.ontology_path, *settings.data_files)


def graph_names(settings: Settings) -> list[str]:
    """The short names of the named graphs the data has, without reading it: one per input file
    (the ontology, each data file) and the derived graphs."""
    iris = {*(graph_iri_for(path) for path in input_files(settings)), *DERIVED_GRAPHS}
    return sorted(str(iri).rsplit("/", 1)[-1] for iri in iris)


def closure_key(key: str) -> str:
    """The cache entry of the OWL RL closure of the files with this key."""
    return (f"inferred-{key}-c{CLOSURE_FORMAT}-k{SKOLEM_FORMAT}-owlrl{owlrl.__version__}"
            f"-reasonable{reasonable.__version__}.nt")


def verdict_key(settings: Settings, key: str) -> str:
    """The cache entry saying that the files with this key (or a store's data of this canonical
    version) conform to the current shapes."""
    return (f"conforms-{key}-{shapes_version(settings)[:16]}-v{VERDICT_FORMAT}-k{SKOLEM_FORMAT}"
            f"-pyshacl{pyshacl.__version__}")


def derived_keys(key: str) -> list[str]:
    """Every cache key that what is served from the files with this key depends on."""
    return [closure_key(key), search_key(key) or "no-search-index"]


def load_knowledge(settings: Settings) -> Knowledge:
    """Parse ontology and data files with rdflib, run owlrl and build the search index (the
    reference path); raises DataFileError on an unreadable file.

    The closure (only a consistent one) and the index are cached per data version.
    """
    files = input_files(settings)
    graphs = load_graphs(files)
    assert ONTOLOGY_GRAPH in graphs
    key = data_version(files)
    cache = DiskCache(settings.cache_folder)
    asserted = Graph()
    for graph in graphs.values():
        asserted += graph
    inconsistencies = _add_closure(graphs, asserted, cache, closure_key(key))
    entries = index(cache, key, lambda: asserted)
    if entries is not None:
        graphs[SEARCH_GRAPH] = Graph().parse(data=entries, format="nt")
    store = ox.Store()
    store.bulk_extend(ox.Quad(*(to_oxigraph(term) for term in triple), ox.NamedNode(str(iri)))
                      for iri, graph in graphs.items() for triple in graph)
    version = canonical_version(settings, store, ["rdflib", *derived_keys(key)])
    history = history_quads(settings)
    if history:
        graphs[RELEASES_GRAPH] = Graph()
        for quad in history:
            graphs[RELEASES_GRAPH].add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return Knowledge(graphs, inconsistencies, version)


def _add_closure(graphs: dict, asserted: Graph, cache: DiskCache, key: str) -> list[str]:
    cached = cache.get(key)
    if cached is not None:
        graphs[INFERRED_GRAPH] = Graph().parse(data=cached, format="nt")
        return []
    with phase("inferring (OWL RL over the whole)"):
        inference = infer(asserted)
    graphs[INFERRED_GRAPH] = inference.inferred
    if not inference.inconsistencies:
        cache.put(key, inference.inferred.serialize(format="nt", encoding="utf-8"))
    return inference.inconsistencies


def validate(settings: Settings) -> ValidationReport:
    """Validate ontology + the settings' data files (always, for the curator's report: only
    the units an edit touched are checked again); raises DataFileError if one cannot be read."""
    return _checked(settings)[1]


def checked_data(settings: Settings) -> Checked:
    """The data of this version in an Oxigraph store (graph/inferred included), validated:
    raises InvalidData (with the report) on a violation and DataFileError on an unreadable file.
    When the version's closure and verdict are cached, Oxigraph only reads the files."""
    checked = _known(settings)
    if checked is None:
        checked, report = _checked(settings)
        if not report.conforms:
            raise InvalidData(f"the data does not conform to its shapes; not serving it:\n{format_report(report)}")
    return _completed(settings, checked)


def files_version(settings: Settings) -> str | None:
    """The data version of the files as they are, when it is recorded (they were checked before);
    None otherwise (or when one cannot be read)."""
    try:
        key = data_version(input_files(settings))
    except OSError:
        return None
    return recorded_version(settings, derived_keys(key))


def _add_history(settings: Settings, checked: Checked) -> None:
    """graph/releases (the releases made so far), beside the data and outside its version."""
    history = history_quads(settings)
    if history:
        checked.add_graph(str(RELEASES_GRAPH), history)


def known_data(settings: Settings) -> Checked | None:
    """checked_data when this exact data version is known to conform (checked_files), without
    validating anything; None otherwise."""
    checked = _known(settings)
    return None if checked is None else _completed(settings, checked)


def _completed(settings: Settings, checked: Checked) -> Checked:
    """The derived graphs added, and the data version: the canonical digest of it all."""
    for derive in DERIVED:
        graph = derive(settings, checked)
        if graph is not None:
            checked.add_graph(*graph)
    checked.version = canonical_version(settings, checked.store, derived_keys(checked.key))
    first_validated(settings, checked.version)
    _add_history(settings, checked)
    cache = DiskCache(settings.cache_folder)
    verdict = cache.get(verdict_key(settings, checked.key))
    if verdict is not None:  # a store found to hold this very version need not be validated again
        cache.put(verdict_key(settings, checked.version), verdict)
    return checked


def checked_knowledge(settings: Settings) -> Knowledge:
    """checked_data as rdflib graphs (for the pretty writers of the dumps)."""
    return checked_data(settings).knowledge()


def _checked(settings: Settings) -> tuple[Checked, ValidationReport]:
    """Infer and validate unit by unit; the version's closure and verdict are cached when it conforms."""
    folder = settings.cache_folder
    checked, homes, graphs = pipeline.read_and_infer(input_files(settings), folder)
    report = pipeline.validate(checked, homes, graphs, load_shapes(settings), shapes_version(settings), folder,
                               load_rules(settings))
    if report.conforms:
        cache = DiskCache(folder)
        cache.put(closure_key(checked.key), _ntriples(checked))
        cache.put(verdict_key(settings, checked.key), format_report(report).encode("utf-8"))
    checked.report = report
    return checked, report


def _ntriples(checked: Checked) -> bytes:
    graph = ox.NamedNode(str(INFERRED_GRAPH))
    lines = sorted(f"{q.triple} .\n" for q in checked.store.quads_for_pattern(None, None, None, graph))
    return "".join(lines).encode("utf-8")


def _known(settings: Settings) -> Checked | None:
    """The checked data from the files and the cached closure, when this version is known to conform."""
    known = checked_files(settings)
    if known is None:
        return None
    data = read_files((path for _, path in known.files), homes=False)
    graph = ox.NamedNode(str(INFERRED_GRAPH))
    inferred = [ox.Quad(q.subject, q.predicate, q.object, graph)
                for q in ox.parse(known.inferred, format=ox.RdfFormat.N_TRIPLES)]
    data.store.bulk_extend(inferred)
    return Checked(data.store, known.key, {**data.sizes, str(INFERRED_GRAPH): len(inferred)}, [])


def ensure_conforms(settings: Settings, knowledge: Knowledge, refusal: str) -> None:
    """Validate, unless this data version is already known to conform; InvalidData (the
    refusal and the report) on a violation. A conforming verdict is cached per data version."""
    cache = DiskCache(settings.cache_folder)
    key = verdict_key(settings, knowledge.version)
    if cache.get(key) is not None:
        return
    with phase("validating (SHACL over the whole)"):
        report = validate_knowledge(knowledge, load_shapes(settings), load_rules(settings))
    if not report.conforms:
        raise InvalidData(f"{refusal}:\n{format_report(report)}")
    cache.put(key, format_report(report).encode("utf-8"))


@dataclass(frozen=True)
class CheckedFiles:
    """A data version known to conform, as its files and its cached derived graphs (N-Triples)."""
    key: str
    """The files' key (model.data_version)."""
    files: tuple[tuple[URIRef, Path], ...]
    """(named graph, Turtle file) for the ontology and every data file."""
    derived: tuple[tuple[URIRef, bytes], ...]
    """(named graph, N-Triples) for the OWL RL closure and the search index."""

    @property
    def inferred(self) -> bytes:
        return dict(self.derived)[INFERRED_GRAPH]


def checked_files(settings: Settings) -> CheckedFiles | None:
    """The data files and their cached derived graphs, when this exact data version is known to
    conform (its OWL RL closure and its validation verdict are in the cache, as after any
    earlier `hva-graph validate`, `serve` or `load`), so that another parser may read the
    files as they are and nothing is inferred or validated again. None otherwise."""
    files = input_files(settings)
    try:
        key = data_version(files)
    except OSError:
        return None
    cache = DiskCache(settings.cache_folder)
    inferred = cache.get(closure_key(key))
    if inferred is None or cache.get(verdict_key(settings, key)) is None:
        return None
    if b"_:" in inferred:  # blank nodes in the closure name those of rdflib's parse, not another parser's
        return None
    derived = [(INFERRED_GRAPH, inferred)]
    index_key = search_key(key)
    if index_key is not None:
        index = cache.get(index_key)
        if index is None:
            return None
        derived.append((SEARCH_GRAPH, index))
    return CheckedFiles(key, tuple((graph_iri_for(f), Path(f)) for f in files), tuple(derived))
