"""The knowledge graph as named graphs: ontology, curated data, and what OWL RL infers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

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


def load_knowledge(settings: Settings) -> Knowledge:
    """Parse ontology and data files and run OWL RL; raises DataFileError on an unreadable file."""
    files = (settings.ontology_path, *settings.data_files)
    graphs = load_graphs(files)
    asserted = Graph()
    for graph in graphs.values():
        asserted += graph
    inference = infer(asserted)
    graphs[INFERRED_GRAPH] = inference.inferred
    assert ONTOLOGY_GRAPH in graphs
    return Knowledge(graphs, inference.inconsistencies, data_version(files))
