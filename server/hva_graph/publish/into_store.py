"""What `hva-graph load` puts into a store (a disk store or a remote engine): checked data as
parts, one per named graph, in publishing order."""

from __future__ import annotations

import pyoxigraph as ox

from ..knowledge.checked import input_files, known_data
from ..knowledge.loading import graph_iri_for
from ..knowledge.model import Knowledge
from ..knowledge.pipeline import Checked
from ..namespaces import ONTOLOGY_GRAPH
from ..settings import Settings
from ..store.disk import Part


def parts_of(knowledge: Knowledge | Checked) -> list[Part]:
    """The named graphs of checked data (or of parsed rdflib knowledge), as N-Triples, to load
    into a store: from the checked store Oxigraph writes them, without rdflib."""
    if isinstance(knowledge, Checked):
        return [Part(iri, ox.RdfFormat.N_TRIPLES,
                     knowledge.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri)))
                for iri in sorted(knowledge.sizes)]
    return [Part(str(iri), ox.RdfFormat.N_TRIPLES, graph.serialize(format="nt", encoding="utf-8"))
            for iri, graph in sorted(knowledge.graphs.items())]


def store_parts(store: ox.Store) -> list[Part]:
    """Every named graph of an Oxigraph store as N-Triples parts (a release's data, say)."""
    graphs = sorted({quad.graph_name.value for quad in store})
    return [Part(iri, ox.RdfFormat.N_TRIPLES, store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri)))
            for iri in graphs]


def checked_parts(settings: Settings) -> tuple[str, list[Part]] | None:
    """The data files as Oxigraph reads them, with their cached derived graphs, when this exact
    data version is known to conform (knowledge.checked.known_data): far faster than rdflib, and
    nothing is inferred or validated again. None otherwise."""
    checked = known_data(settings)
    if checked is None:
        return None
    return checked.version, parts_of(checked)


def publishing_order(settings: Settings, parts: list[Part]) -> list[Part]:
    """The ontology first, then the data files' graphs, then what is derived from them (the OWL RL
    closure, any other derived graph): an engine that a push leaves half done holds the
    vocabulary of what it holds, and never a derived graph newer than what it was derived from."""
    files = {str(graph_iri_for(path)) for path in input_files(settings)}

    def rank(part: Part) -> tuple:
        return (part.graph != str(ONTOLOGY_GRAPH), part.graph not in files, part.graph)

    return sorted(parts, key=rank)
