"""The knowledge graph as named graphs: ontology, curated data, and what OWL RL infers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import owlrl
from rdflib import Graph, URIRef

from .cache import DiskCache

from . import inference as inference_module
from .inference import infer
from .loading import load_graphs
from .namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from .settings import Settings


@dataclass
class Knowledge:
    graphs: dict[URIRef, Graph]
    """Named graphs: graph/ontology, one per data file, graph/inferred."""
    inconsistencies: list[str]
    version: str
    """SHA-256 over the bytes of every input file: changes exactly when the data does."""

    def union(self, include_inferred: bool = True) -> Graph:
        merged = Graph()
        for iri, graph in self.graphs.items():
            if include_inferred or iri != INFERRED_GRAPH:
                merged += graph
        return merged


def data_version(files) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(Path(path).name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return digest.hexdigest()


def closure_key(version: str) -> str:
    """The cache entry of the OWL RL closure of one data version (and reasoner version)."""
    reasoner = hashlib.sha256(Path(inference_module.__file__).read_bytes()).hexdigest()[:12]
    return f"inferred-{version}-{reasoner}-owlrl{owlrl.__version__}.nt"


def load_knowledge(settings: Settings) -> Knowledge:
    """Parse ontology and data files and run OWL RL; raises DataFileError on an unreadable file.

    The closure is cached per data version (and owlrl version); only a consistent one is kept.
    """
    files = (settings.ontology_path, *settings.data_files)
    graphs = load_graphs(files)
    assert ONTOLOGY_GRAPH in graphs
    version = data_version(files)
    cache = DiskCache(settings.cache_folder)
    key = closure_key(version)
    cached = cache.get(key)
    if cached is not None:
        graphs[INFERRED_GRAPH] = Graph().parse(data=cached, format="nt")
        return Knowledge(graphs, [], version)
    asserted = Graph()
    for graph in graphs.values():
        asserted += graph
    inference = infer(asserted)
    graphs[INFERRED_GRAPH] = inference.inferred
    if not inference.inconsistencies:
        cache.put(key, inference.inferred.serialize(format="nt", encoding="utf-8"))
    return Knowledge(graphs, inference.inconsistencies, version)
