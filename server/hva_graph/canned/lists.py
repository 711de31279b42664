"""Lists inside cells in one order on every engine. GROUP_CONCAT joins a group's values in the
order the engine meets them, which SPARQL leaves open (an ordered sub-select does not fix it
either): so a canned query names its list columns in its front matter (`lists: {column:
separator}`), the query process writes the answer as TSV (which keeps every term), and here each
list's items are sorted (case-insensitively, then exactly) and the answer written in the format
asked for, by Oxigraph's own writers."""

from __future__ import annotations

import pyoxigraph as ox

from ..sparql.formats import RESULT_FORMATS
from ..store.results import Outcome

ROW = "listedRowNumber"
"""The variable that keeps the rows' order while they are written (never one of the answer's)."""


def in_order(outcome: Outcome, lists: dict[str, str], key: str) -> Outcome:
    """The answer (a TSV outcome) with the items of each list column sorted, in the format `key`."""
    solutions = ox.parse_query_results(outcome.body, format=ox.QueryResultsFormat.TSV)
    variables = [variable.value for variable in solutions.variables]
    rows = [[_sorted(solution[name], lists.get(name)) for name in variables] for solution in solutions]
    body = _written(variables, rows, RESULT_FORMATS[key].engine)
    return Outcome(200, body, key, "tabular", outcome.count)


def _sorted(term, separator: str | None):
    if separator is None or not isinstance(term, ox.Literal):
        return term
    items = sorted(term.value.split(separator), key=lambda item: (item.casefold(), item))
    if term.language:
        return ox.Literal(separator.join(items), language=term.language)
    return ox.Literal(separator.join(items), datatype=term.datatype)


def _written(variables: list[str], rows: list[list], engine_format) -> bytes:
    """The rows as query results: pyoxigraph writes results only of a query, so the rows are
    a VALUES table (each term written by pyoxigraph, as bound parameters are) evaluated over an
    empty store, in their order."""
    if ROW in variables:
        raise ValueError(f"?{ROW} is reserved for the order of listed rows")
    names = " ".join(f"?{name}" for name in variables)
    table = " ".join(f"({number} " + " ".join("UNDEF" if term is None else str(term) for term in row) + ")"
                     for number, row in enumerate(rows))
    query = f"SELECT {names} WHERE {{ VALUES (?{ROW} {names}) {{ {table} }} }} ORDER BY ?{ROW}"
    return ox.Store().query(query).serialize(format=engine_format)
