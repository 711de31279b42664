"""Reading the Turtle files: each file is one named graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..namespaces import GRAPH, ONTOLOGY_GRAPH
from ..progress.phases import phase
from .skolem import skolemise
from .terms import to_oxigraph, to_rdflib


class DataFileError(Exception):
    """A file that cannot be read as RDF: names the file and, where known, the line."""

    def __init__(self, path: Path, message: str, line: int | None = None):
        self.path, self.message, self.line = Path(path), message, line
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # passed between processes as it was made (startup.check)
        return DataFileError, (self.path, self.message, self.line)


def graph_iri_for(path: Path) -> URIRef:
    """The named graph of a file: graph/ + its stem; the ontology is graph/ontology."""
    path = Path(path)
    if path.parent.name == "ontology":
        return ONTOLOGY_GRAPH
    return GRAPH[path.stem]


def parse_file(path: Path) -> Graph:
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, "no such file")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise DataFileError(path, f"not UTF-8 ({error.reason})", line) from None
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as error:
        raise DataFileError(path, f"Turtle syntax error: {error._why}", error.lines + 1) from None
    except Exception as error:  # rdflib raises plain exceptions for some bad terms
        raise DataFileError(path, f"cannot parse: {error}") from None
    return graph


def load_graphs(files) -> dict[URIRef, Graph]:
    """Parse every file into its named graph, the data files' blank nodes named as reading.py
    names them (skolem.py); two files for one graph are an error."""
    graphs: dict[URIRef, Graph] = {}
    origin: dict[URIRef, Path] = {}
    files = list(files)
    with phase("reading", len(files), "files") as step:
        for path in files:
            iri = graph_iri_for(path)
            if iri in graphs:
                raise DataFileError(path, f"graph {iri} is already loaded from {origin[iri]}")
            graphs[iri] = parse_file(path) if iri == ONTOLOGY_GRAPH else skolemised(parse_file(path))
            origin[iri] = Path(path)
            step.advance()
    return graphs


def skolemised(graph: Graph) -> Graph:
    quads = skolemise([ox.Quad(*(to_oxigraph(term) for term in triple)) for triple in graph])
    named = Graph()
    for quad in quads:
        named.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return named
