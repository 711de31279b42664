"""The knowledge graph as named graphs: ontology, curated data, and what OWL RL infers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from ..namespaces import INFERRED_GRAPH


@dataclass
class Knowledge:
    graphs: dict[URIRef, Graph]
    """Named graphs: graph/ontology, one per data file, graph/inferred."""
    inconsistencies: list[str]
    version: str
    """The data version: the canonical digest of every graph (digests.canonical), which changes
    exactly when a statement does (not when a file is only written another way)."""

    def union(self, include_inferred: bool = True, leave_out: tuple[URIRef, ...] = ()) -> Graph:
        merged = Graph()
        for iri, graph in self.graphs.items():
            if (include_inferred or iri != INFERRED_GRAPH) and iri not in leave_out:
                merged += graph
        return merged


def data_version(files) -> str:
    """A digest of the files' names and bytes: cheap, the key of what is cached about them (the
    served data version is the canonical digest of what they say: versions.py)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(Path(path).name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return digest.hexdigest()
