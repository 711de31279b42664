"""The engine profiles (store/engines.py) against answers as each engine writes them, served by a
stand-in on loopback: the quirks a real engine shows only under load or misconfiguration (a
partial "anytime" answer, a row cap) are reproduced here byte for byte, so each handling can fail.
The real engines are asked in test_store_backends.py."""

from __future__ import annotations

import pytest

from conftest import ready

from hva_graph.namespaces import INFERRED_GRAPH

from engine_servers import StandIn
from hva_graph.store.engines import ENGINES, NO_GRAPH, Dataset, engine_named
from hva_graph.store.remote import RemoteRunner
from hva_graph.store.results import QueryJob

VIRTUOSO_SERVER = "Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu"
RESULTS = (b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="x"/></head><results>'
           + b"".join(b'<result><binding name="x"><bnode>nodeID://b%d</bnode></binding></result>' % i
                      for i in range(1, 4)) + b"</results></sparql>")
"""Three rows as Virtuoso 7.2 writes them: blank nodes as nodeID://, not a valid label."""


def answer(status: int, headers: dict, body: bytes, engine: str = "virtuoso", limit: int = 100, query=None):
    stand_in = StandIn(status, headers, body)
    try:
        runner = RemoteRunner(stand_in.url, 5.0, ENGINES[engine])
        outcome = runner.run(QueryJob(query or "SELECT ?x WHERE { ?x ?p ?o }", {"tabular": "json"},
                                      result_limit=limit))
        return outcome, stand_in.asked
    finally:
        stand_in.close()


XML = {"Content-Type": "application/sparql-results+xml; charset=UTF-8", "Server": VIRTUOSO_SERVER}


def test_virtuosos_blank_nodes_are_read_as_blank_nodes():
    outcome, _ = answer(200, XML, RESULTS)
    assert outcome.status == 200 and outcome.count == 3
    assert {row["x"]["type"] for row in outcome.bindings()} == {"bnode"}


def test_virtuosos_repair_holds_when_a_read_ends_inside_what_it_repairs():
    """A streamed answer arrives in pieces of any size: "<bnode>nodeID://" split across two reads
    is repaired all the same (pieces of 1 to 17 bytes, so every split point is met)."""
    import io

    import pyoxigraph as ox

    class Trickle(io.RawIOBase):
        def __init__(self, data: bytes, size: int):
            self.data, self.size = data, size

        def readable(self):
            return True

        def readinto(self, buffer):
            piece, self.data = self.data[:min(self.size, len(buffer))], self.data[min(self.size, len(buffer)):]
            buffer[:len(piece)] = piece
            return len(piece)

    for size in range(1, 18):
        stream = ENGINES["virtuoso"].repaired("application/sparql-results+xml", Trickle(RESULTS, size))
        rows = list(ox.parse_query_results(stream, format=ox.QueryResultsFormat.XML))
        assert [type(row["x"]) for row in rows] == [ox.BlankNode] * 3, size


def test_the_generic_profile_does_not_guess_virtuosos_repairs():
    outcome, _ = answer(200, XML, RESULTS, engine="generic")
    assert outcome.status == 502 and "could not be read" in outcome.message


def test_a_partial_anytime_answer_is_a_timeout_not_an_answer():
    outcome, _ = answer(200, {**XML, "X-SQL-State": "S1TAT",
                              "X-SQL-Message": "RC...: Returning incomplete results, query interrupted by result timeout."},
                        RESULTS)
    assert outcome.status == 503 and "timed out" in outcome.message and not outcome.body


def test_virtuosos_transaction_timeout_is_a_timeout():
    outcome, _ = answer(500, {"Content-Type": "text/plain", "Server": VIRTUOSO_SERVER},
                        b"Virtuoso S1T00 Error SR171: Transaction timed out\n\nSPARQL query:\nSELECT ...")
    assert outcome.status == 503 and "timed out" in outcome.message


@pytest.mark.parametrize("limit,status,words", [(2, 422, "more than 2"), (100, 502, "ResultSetMaxRows")])
def test_an_answer_cut_at_virtuosos_row_cap_is_never_passed_on_as_whole(limit, status, words):
    """Virtuoso cut the answer at 3 rows: more than the limit of 2 (so a 422, which is true),
    or fewer than the limit of 100 (so the whole answer is unknown: a 502 naming the setting)."""
    outcome, _ = answer(200, {**XML, "X-SPARQL-MaxRows": "3"}, RESULTS, limit=limit)
    assert outcome.status == status and words in outcome.message and not outcome.body


def test_xml_results_are_counted_as_they_stream_in():
    outcome, _ = answer(200, XML, RESULTS, limit=2)
    assert outcome.status == 422 and "more than 2" in outcome.message


DATA_GRAPHS = ("https://w3id.org/hva-graph/graph/a", "https://w3id.org/hva-graph/graph/b")


def asked_of_virtuoso(*queries: str) -> list[dict]:
    stand_in = StandIn(200, XML, RESULTS)
    try:
        runner = RemoteRunner(stand_in.url, 5.0, ENGINES["virtuoso"])
        runner.graphs = set(DATA_GRAPHS)
        for query in queries:
            runner.run(QueryJob(query, {"tabular": "json"}))
    finally:
        stand_in.close()
    return stand_in.asked


def test_virtuoso_is_told_the_data_graphs_in_pragmas_and_the_time_left_as_its_timeout():
    plain, with_from = asked_of_virtuoso(
        "SELECT ?x WHERE { ?x ?p ?o }",
        "SELECT ?x FROM <https://w3id.org/hva-graph/graph/a> WHERE { GRAPH ?g { ?x ?p ?o } }")
    assert "default-graph-uri" not in plain and "named-graph-uri" not in plain  # echoed as headers by Virtuoso
    for graph in DATA_GRAPHS:
        assert f"define input:default-graph-uri <{graph}>" in plain["query"][0]
        assert f"define input:named-graph-uri <{graph}>" in plain["query"][0]
    assert 0 < int(plain["timeout"][0]) <= 5000
    # FROM in the text: Virtuoso adds its pragmas to the text's clauses, so they name no graph at all
    assert f"define input:named-graph-uri <{NO_GRAPH}>" in with_from["query"][0]
    assert f"define input:default-graph-uri <{NO_GRAPH}>" in with_from["query"][0]


def test_the_generic_profile_names_the_dataset_in_the_protocol_and_an_empty_list_as_no_graph():
    text, fields = ENGINES["generic"].request("ASK {}", Dataset(("urn:g",), ()), 5.0)
    assert text == "ASK {}" and fields == [("default-graph-uri", "urn:g"), ("named-graph-uri", NO_GRAPH)]


@pytest.mark.parametrize("setting,server,expected", [
    ("auto", "Oxigraph/0.5.13", "oxigraph"), ("auto", VIRTUOSO_SERVER, "virtuoso"),
    ("auto", "Apache Jena Fuseki (5.1.0)", "generic"), ("auto", None, "generic"),
    ("virtuoso", "nginx/1.25", "virtuoso"),  # behind a proxy the setting says which engine it is
])
def test_the_engine_is_the_setting_or_the_server_it_announces(setting, server, expected):
    assert engine_named(setting, server).key == expected


@pytest.mark.parametrize("engine,endpoint,graph_store", [
    ("oxigraph", "http://h:7878/query", "http://h:7878/store"),
    ("virtuoso", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud-auth"),
    ("virtuoso", "http://h:8890/other", None),
    ("generic", "http://h:3030/ds/sparql", None),
])
def test_each_engine_knows_where_its_graph_store_usually_is(engine, endpoint, graph_store):
    assert ENGINES[engine].graph_store(endpoint) == graph_store


def test_a_graph_that_comes_back_cut_short_publishes_no_dumps(settings, knowledge, tmp_path):
    """An engine that cuts graph answers at 1,000 triples (graph/inferred holds 1,380): the dumps,
    read back graph by graph, are refused rather than published with part of a graph."""
    import dataclasses

    from engine_servers import CappedEngine
    from hva_graph.service import Service
    from hva_graph.web.app import create_app

    engine = CappedEngine(knowledge.graphs, 10**6, graph_cap=1000)
    try:
        service = Service.from_settings(dataclasses.replace(settings, store="sparql+" + engine.url,
                                                            dumps_dir=tmp_path / "dumps", cache_dir=tmp_path / "cache"))
        app = create_app({"TESTING": True, "SETTINGS": service.settings, "SERVICE": service})
        response = ready(app).test_client().get("/dumps/")
    finally:
        engine.close()
    assert response.status_code == 503
    inferred = len(knowledge.graphs[INFERRED_GRAPH])
    assert f"graph/inferred> came back from the store with 1000 of its {inferred} triples".encode() in response.data
    assert not any((tmp_path / "dumps").glob("*/hva-graph-all.nq"))
