"""What the graph contains, as Markdown tables for the README and the command line."""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import PREFIXES
from ..store.embedded import rows_of

GRAPH_SIZES = """
SELECT ?graph (COUNT(*) AS ?triples) (SAMPLE(?en) AS ?label) WHERE {
    GRAPH ?graph { ?s ?p ?o }
    OPTIONAL { GRAPH ?graph { ?graph rdfs:label ?en FILTER (LANG(?en) = "en") } }
} GROUP BY ?graph ORDER BY ?graph"""

CLASS_SIZES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) WHERE {
    ?s a ?class . FILTER (STRSTARTS(STR(?class), STR(hva:)))
} GROUP BY ?class ORDER BY DESC(?instances) ?class"""


def markdown_tables(store: ox.Store) -> str:
    graphs = [(row["graph"], row["triples"], row.get("label", "")) for row in rows_of(store, GRAPH_SIZES, PREFIXES)]
    lines = ["| named graph | triples | what it holds |", "|---|---:|---|"]
    for graph, triples, label in graphs:
        short = graph.rsplit("/", 1)[-1]
        what = label or {"ontology": "The welfare-strategy ontology",
                         "inferred": "What OWL RL infers from ontology and data",
                         "search": "The search index: base forms and compound parts of the statements' words",
                         }.get(short, "")
        lines.append(f"| `graph/{short}` | {triples} | {what} |")
    total = sum(int(t) for _, t, _ in graphs)
    lines.append(f"| all | {total} | |")
    lines += ["", "| class | instances |", "|---|---:|"]
    for row in rows_of(store, CLASS_SIZES, PREFIXES):
        cls, count = row["class"], row["instances"]
        lines.append(f"| `hva:{cls.rsplit('#', 1)[-1]}` | {count} |")
    return "\n".join(lines)
