"""An engine that cannot be served, as `hva-graph serve` and `hva-graph load` report it: one readable
paragraph naming the engine, what was asked and what came back, exit status 2, no traceback."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import free_port
from engine_servers import CappedEngine, OxigraphServer, StandIn
from hva_graph.service import Service
from hva_graph.store.backend import StoreUnavailable

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.served  # runs `hva-graph serve` and `load`, against engines and stand-ins on loopback


def hva_graph(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "hva-graph"), *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def serve(store: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return hva_graph("serve", "--port", str(free_port()), "--store", store,
                     env={"HVA_GRAPH_DUMPS_DIR": str(tmp_path / "dumps"), **env})


def one_paragraph(result: subprocess.CompletedProcess) -> str:
    """The error as the operator reads it: exit status 2, no traceback, one `error:` paragraph."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.fixture
def empty_oxigraph(tmp_path):
    server = OxigraphServer(tmp_path / "empty", writable=True).start()
    yield server
    server.stop()


def test_an_unreachable_engine(tmp_path):
    port = free_port()
    message = one_paragraph(serve(f"sparql+http://127.0.0.1:{port}/sparql", tmp_path))
    assert f"http://127.0.0.1:{port}/sparql" in message and "ASK {}" in message and "could not be reached" in message


def test_an_address_that_is_not_an_endpoint(empty_oxigraph, tmp_path):
    url = empty_oxigraph.url.replace("/query", "/nothing-here")
    message = one_paragraph(serve("sparql+" + url, tmp_path))
    assert "Oxigraph 0.5" in message and url in message and "404" in message


def test_an_engine_without_the_data_says_how_to_publish_it(empty_oxigraph, tmp_path):
    message = one_paragraph(serve("sparql+" + empty_oxigraph.url, tmp_path))
    assert "holds none of hva-graph's named graphs" in message
    assert f"hva-graph load --store sparql+{empty_oxigraph.url}" in message


def test_an_engine_that_answers_a_web_page(tmp_path):
    stand_in = StandIn(200, {"Content-Type": "text/html", "Server": "nginx/1.25"}, b"<html>Please log in</html>")
    try:
        message = one_paragraph(serve("sparql+" + stand_in.url, tmp_path))
    finally:
        stand_in.close()
    assert "(nginx/1.25)" in message and "text/html" in message and "does not read" in message


@pytest.mark.parametrize("cap,result_limit,words", [
    (500, 1000, "1024 rows (two VALUES blocks of 32 values). It answered: 500 rows"),  # refused before listening
    (5000, 1000, "the {total} statements of the data's graphs. It answered: 5000 statements"),  # when read whole
])
def test_an_engine_that_cuts_answers_short(knowledge, tmp_path, cap, result_limit, words):
    engine = CappedEngine(knowledge.graphs, cap)
    try:
        message = one_paragraph(serve("sparql+" + engine.url, tmp_path, HVA_GRAPH_RESULT_LIMIT=str(result_limit)))
    finally:
        engine.close()
    total = sum(len(graph) for graph in knowledge.graphs.values())
    assert "does not give whole answers" in message and words.format(total=total) in message


def test_a_truncated_content_is_refused_by_the_service_too(settings, knowledge, tmp_path):
    engine = CappedEngine(knowledge.graphs, 5000)
    try:
        with pytest.raises(StoreUnavailable, match="5000 statements"):
            Service.from_settings(dataclasses.replace(settings, store="sparql+" + engine.url, result_limit=1000,
                                                      dumps_dir=tmp_path))
    finally:
        engine.close()


def test_a_push_to_an_unreachable_engine(tmp_path):
    port = free_port()
    message = one_paragraph(hva_graph("load", "--store", f"sparql+http://127.0.0.1:{port}/query"))
    assert f"127.0.0.1:{port}" in message and "could not be reached" in message


def test_a_push_to_a_read_only_engine_names_the_graph_and_changes_nothing(tmp_path, empty_oxigraph):
    empty_oxigraph.stop()
    read_only = OxigraphServer(empty_oxigraph.location).start()  # serve-read-only on the same database
    try:
        message = one_paragraph(hva_graph("load", "--store", "sparql+" + read_only.url))
    finally:
        read_only.stop()
    assert "graph <https://w3id.org/hva-graph/graph/ontology> could not be pushed" in message
    assert "0 graphs before it hold the new data" in message and "/store" in message


def test_a_push_to_an_engine_whose_graph_store_is_not_known_says_what_to_set(knowledge, tmp_path):
    engine = CappedEngine(knowledge.graphs, 10**6)  # a generic engine: no usual Graph Store address
    try:
        message = one_paragraph(hva_graph("load", "--store", "sparql+" + engine.url))
    finally:
        engine.close()
    assert "HVA_GRAPH_REMOTE_GRAPH_STORE" in message and "Nothing was changed" in message
