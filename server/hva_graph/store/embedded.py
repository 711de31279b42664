"""The embedded engine: a pyoxigraph store holding named graphs, and one query run on it.

execute() runs inside a query process (pool.py) or, without isolation, in the caller's thread.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ..sparql.binding import bind_values
from .results import (LimitReached, Outcome, QueryJob, boolean_answer, direct_tabular, graph_answer,
                      limit_exceeded, tabular_answer)


def build_store(graphs: dict[URIRef, Graph]) -> ox.Store:
    """An in-memory pyoxigraph store with one named graph per rdflib graph."""
    store = ox.Store()
    for iri, graph in graphs.items():
        store.load(
            graph.serialize(format="nt", encoding="utf-8"),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(str(iri)),
        )
    return store


def execute(store: ox.Store, job: QueryJob) -> Outcome:
    try:
        result = _query(store, job)
        if isinstance(result, ox.QueryBoolean):
            return boolean_answer(result, job)
        if isinstance(result, ox.QuerySolutions):
            # Written straight in the client's format when it is short; else run again and counted.
            return direct_tabular(result, job) or tabular_answer(_query(store, job), job)
        return graph_answer(result, job)
    except SyntaxError as error:
        return Outcome(400, message=f"SPARQL syntax error: {error}")
    except LimitReached as reached:
        return limit_exceeded(job, reached)
    except (OSError, ValueError, RuntimeError) as error:
        if str(error).startswith(STORAGE_ERRORS):  # the store is damaged, not the query
            return Outcome(503, kind="storage", message=f"The store cannot be read ({error}): it is damaged or its "
                                                        "disk failed. Tell the operator.")
        return Outcome(400, message=f"Query evaluation failed: {error}")


STORAGE_ERRORS = ("Corruption", "IO error")
"""How RocksDB's errors begin (a query's own errors never do)."""


def _query(store: ox.Store, job: QueryJob):
    return store.query(
        bind_values(job.query, job.substitutions, job.facts),
        base_iri=job.base_iri,
        prefixes=None,
        # The union of all graphs is the default graph, unless the protocol's
        # default-graph-uri or the query's own FROM / FROM NAMED say otherwise.
        use_default_graph_as_union=job.default_graphs is None and not job.facts.declares_dataset,
        # () is an empty default graph (only named-graph-uri given), None the union.
        default_graph=[ox.NamedNode(g) for g in job.default_graphs] if job.default_graphs is not None else None,
        named_graphs=[ox.NamedNode(g) for g in job.named_graphs] if job.named_graphs is not None else None,
    )


def rows_of(store: ox.Store, query: str, prefixes: dict[str, str] | None = None) -> list[dict[str, str]]:
    """The rows of a SELECT over the union of the store's graphs, each term as its lexical value
    (an unbound variable is missing from its row)."""
    solutions = store.query(query, use_default_graph_as_union=True, prefixes=prefixes)
    names = [variable.value for variable in solutions.variables]
    return [{name: term.value for name, term in zip(names, solution) if term is not None}
            for solution in solutions]
