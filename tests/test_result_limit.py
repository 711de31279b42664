"""The result limit holds exactly on the embedded engine whichever way an answer is written:
straight in the client's format when it is short (store/results.direct_tabular), or counted
through TSV when it is long. At the limit the whole answer comes back, one row past it a 422,
never a truncated answer; the row count is the answer's own."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from hva_graph.store.embedded import execute
from hva_graph.store.results import QueryJob

ROWS = "SELECT ?n ?text WHERE { ?s <urn:n> ?n ; <urn:text> ?text } ORDER BY ?n"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for n in range(1, 41):
        text = ("a long value, " * 40) if n % 2 else "<b>&amp; \"quoted\"\nline</b>"
        store.add(ox.Quad(ox.NamedNode(f"urn:s{n}"), ox.NamedNode("urn:n"), ox.Literal(str(n), datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer")), ox.NamedNode("urn:g")))
        store.add(ox.Quad(ox.NamedNode(f"urn:s{n}"), ox.NamedNode("urn:text"), ox.Literal(text), ox.NamedNode("urn:g")))
    return store


def rows_in(body: bytes, key: str) -> int:
    if key == "json":
        return len(json.loads(body)["results"]["bindings"])
    if key == "xml":
        return body.count(b"<result>")
    return len(list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) - 1


@pytest.mark.parametrize("key", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("limit", [40, 3])
def test_an_answer_of_exactly_the_limit_comes_back_whole(store, key, limit):
    query = ROWS + f" LIMIT {limit}"
    outcome = execute(store, QueryJob(query, {"tabular": key}, result_limit=limit))
    assert outcome.status == 200
    assert outcome.count == limit
    if key != "tsv":
        assert rows_in(outcome.body, key) == limit


@pytest.mark.parametrize("key", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("limit", [39, 2])
def test_one_row_past_the_limit_is_refused_not_truncated(store, key, limit):
    outcome = execute(store, QueryJob(ROWS, {"tabular": key}, result_limit=limit))
    assert outcome.status == 422
    assert outcome.body == b""
    assert "more than" in outcome.message


@pytest.mark.parametrize("key", ["json", "xml", "csv"])
def test_a_short_answer_is_the_same_written_straight_or_through_tsv(store, key):
    short = execute(store, QueryJob(ROWS + " LIMIT 2", {"tabular": key}, result_limit=10_000))
    counted = execute(store, QueryJob(ROWS + " LIMIT 2", {"tabular": key}, result_limit=2))  # long for its limit
    assert short.status == counted.status == 200
    assert short.count == counted.count == 2
    if key == "json":
        assert json.loads(short.body) == json.loads(counted.body)
    else:
        assert rows_in(short.body, key) == rows_in(counted.body, key) == 2
