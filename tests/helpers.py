"""Query helpers for tests: rows of plain Python values from SPARQL over the pyoxigraph store
(the union of all named graphs is the default graph)."""

from __future__ import annotations

import datetime

import pyoxigraph as ox

from hva_graph.namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
STRATEGY = "https://w3id.org/hva-graph/id/strategy/"


def python(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == XSD + "integer":
            return int(term.value)
        if datatype == XSD + "date":
            return datetime.date.fromisoformat(term.value)
        return term.value
    return term.value


def rows(store: ox.Store, query: str, **bindings) -> list[tuple]:
    substitutions = {ox.Variable(name): _term(value) for name, value in bindings.items()}
    result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True,
                         substitutions=substitutions)
    names = [v.value for v in result.variables]
    return [tuple(python(solution[name]) for name in names) for solution in result]


def column(store: ox.Store, query: str, **bindings) -> list:
    return [row[0] for row in rows(store, query, **bindings)]


def _term(value):
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return ox.NamedNode(value)
    return ox.Literal(str(value))
