"""What the dump and dataset-description tests share: asking the endpoint through the Flask
test client (the counts to compare with), and the independent RDF parser `rapper`."""

from __future__ import annotations

import os
import shutil
import subprocess

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

NQUADS_OF = {"turtle": "turtle", "ntriples": "ntriples", "trig": "trig", "nquads": "nquads"}
"""rapper's input syntax names for the formats it can read (it has no JSON-LD parser)."""


def select(client, query: str) -> list[dict[str, str]]:
    response = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.data
    return [{name: cell["value"] for name, cell in row.items()}
            for row in response.get_json()["results"]["bindings"]]


def construct(client, query: str) -> Graph:
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.data
    return Graph().parse(data=response.data, format="nt")


RELEASES = "https://w3id.org/hva-graph/graph/releases"
"""graph/releases: the releases made, served beside the data (docs/releases.md)."""


def served_graph(client, graph_iri: str | None) -> Graph:
    """What the endpoint serves for one named graph, or for the data's union (None): graph/releases,
    the history served beside the data and no part of its version, is in no dump."""
    where = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}" if graph_iri else \
        f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{RELEASES}>)"
    return construct(client, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")


def rapper_path() -> str:
    """rapper (Debian raptor2-utils), which `make test` installs when it runs as root.
    Without it these tests cannot say anything: locally they skip, in CI they fail."""
    path = shutil.which("rapper")
    if path is None:
        message = "rapper not found: apt-get install raptor2-utils (make system-packages does it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def parse_with_rapper(path, syntax: str) -> Graph | Dataset:
    """The file as rapper reads it, handed over as N-Quads (N-Triples for triple formats)."""
    quads = syntax in ("trig", "nquads")
    result = subprocess.run([rapper_path(), "--quiet", "-i", syntax, "-o", "nquads" if quads else "ntriples",
                             str(path)], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    if not quads:
        return Graph().parse(data=result.stdout, format="nt")
    dataset = Dataset(default_union=False)
    dataset.parse(data=result.stdout, format="nquads")
    return dataset


def same_statements(a: Graph, b: Graph) -> bool:
    """Isomorphism, decided by comparing RDFC-1.0 canonical forms (Oxigraph's): equal exactly
    when the graphs are isomorphic. rdflib's own test needs about a minute for the merged
    graph's hundreds of look-alike blank nodes (passage selectors), this a second."""
    return canonical_form(a) == canonical_form(b)


def canonical_form(graph: Graph) -> set[str]:
    """The graph's statements with its blank nodes relabelled by RDFC-1.0 (see same_statements)."""
    dataset = ox.Dataset(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


def graphs_of(dataset: Dataset) -> dict[str, Graph]:
    """The named graphs of a parsed dataset, each as a plain graph (empty ones left out)."""
    found = {}
    for context in dataset.graphs():
        if len(context) and str(context.identifier) != "urn:x-rdflib:default":
            found[str(context.identifier)] = Graph() + context
    return found
