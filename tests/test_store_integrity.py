"""A store on disk is served whole or not at all (issue 24): flipped, truncated and deleted files,
a garbled or overstated record, at start and while a real `hva-graph serve --store` serves it.
Never a 200 from a damaged store; /health degraded naming what was found; healthy again, serving
the right answer, once `hva-graph load` has put a good build in its place.

The issue's own finding is the first case: 64 bytes flipped at offset 200,000 of the store's
largest table file made the server start, say "ok" and count 23,386 literals-as-subjects
instead of 23,450 (the start-up check counted triples, which reads only some of the files).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from hardening_support import BIN, get, health, start
from hva_graph.store.disk import STORE_INFO

ROOT = Path(__file__).parents[1]
pytestmark = pytest.mark.served  # builds stores and starts `hva-graph serve`
JSON = {"Accept": "application/sparql-results+json"}
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def sparql(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def load(store: Path, *data: Path) -> None:
    done = subprocess.run([str(BIN / "hva-graph"), "load", "--no-dumps", "--store", str(store), *map(str, data)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("built") / "store"
    load(path)
    return path


def largest_table(store: Path) -> Path:
    return max((store / "oxigraph").glob("*.sst"), key=lambda p: p.stat().st_size)


def flip(store: Path) -> str:
    """The issue's damage: 64 bytes inverted inside the largest table file."""
    table = largest_table(store)
    data = bytearray(table.read_bytes())
    offset = min(200_000, len(data) // 2)
    data[offset:offset + 64] = bytes(b ^ 0xFF for b in data[offset:offset + 64])
    table.write_bytes(bytes(data))
    return table.name


def truncate(store: Path) -> str:
    table = largest_table(store)
    os.truncate(table, table.stat().st_size // 2)
    return table.name


def delete(store: Path) -> str:
    table = largest_table(store)
    table.unlink()
    return table.name


def garble_manifest(store: Path) -> str:
    manifest = next((store / "oxigraph").glob("MANIFEST-*"))
    data = bytearray(manifest.read_bytes())
    for index in range(10, len(data), 97):
        data[index] ^= 0x5A
    manifest.write_bytes(bytes(data))
    return manifest.name


def delete_current(store: Path) -> str:
    (store / "oxigraph" / "CURRENT").unlink()
    return "CURRENT"


def overstate(store: Path) -> str:
    info = json.loads((store / STORE_INFO).read_text())
    info["graph_sizes"]["https://w3id.org/hva-graph/graph/themes"] += 1
    (store / STORE_INFO).write_text(json.dumps(info))
    return STORE_INFO


DAMAGE = {"flipped bytes in a table file": flip, "a truncated table file": truncate,
          "a deleted table file": delete, "a garbled MANIFEST": garble_manifest, "a deleted CURRENT": delete_current,
          "a record that overstates the store": overstate}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_store_is_refused_at_start_naming_the_file(built_store, tmp_path, damage):
    store = tmp_path / "store"
    shutil.copytree(built_store, store)
    damaged_file = DAMAGE[damage](store)
    done = subprocess.run([str(BIN / "hva-graph"), "serve", "--port", "1", "--store", str(store)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert str(store) in done.stderr and "damaged" in done.stderr and "hva-graph load" in done.stderr
    assert damaged_file in done.stderr


def count(server) -> tuple[int, bytes]:
    status, _, body = get(server, sparql(COUNT + f" # {time.monotonic()}"), JSON)  # never the response cache's
    return status, body


def until(server, wanted, within: float = 60.0) -> dict:
    """/health once wanted(its JSON) holds, polled within the bound (a margin for a busy machine)."""
    deadline, state = time.monotonic() + within, None
    while time.monotonic() < deadline:
        state = health(server)
        if state and wanted(state):
            return state
        time.sleep(0.3)
    raise AssertionError(f"/health did not change as expected within {within:g} s: {state}")


def degraded(state: dict) -> bool:
    return state["status"] == "degraded"


def ok(state: dict) -> bool:
    return state["status"] == "ok"


def test_a_store_damaged_while_served_is_never_answered_from_and_a_good_build_is_served_again(built_store, tmp_path):
    """Flipped, truncated and deleted in turn while served, each followed by `hva-graph load`
    onto the same path (the same data: a new build): every answer while damaged is a 503
    saying so, /health names the file, and the new build is served with the right count."""
    store = tmp_path / "store"
    shutil.copytree(built_store, store)
    server = start(tmp_path, {"HVA_GRAPH_QUERY_WORKERS": "1", "HVA_GRAPH_QUERY_TIMEOUT": "3"}, ("--store", str(store)))
    try:
        state = until(server, ok)
        triples = state["triples"]
        status, body = count(server)
        assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == triples
        for number, damage in enumerate((flip, truncate, delete), start=1):
            damaged_file = damage(store)
            state = until(server, degraded)
            assert "damaged" in state["problem"] and damaged_file in state["problem"], (damage, state)
            assert get(server, "/health")[0] == 503
            for query in (sparql(COUNT), sparql(COUNT + " # again"), sparql(RUNAWAY)):
                status, _, body = get(server, query, JSON)
                assert status == 503 and b"The store is damaged" in body, (damage, status, body[:300])
            status, _, _ = get(server, "/id/theme/workforce", {"Accept": "text/turtle"})
            assert status == 503, damage  # pages and dereferencing ask the same store
            load(store)
            state = until(server, lambda s: ok(s) and (s["reload"]["last"] or {}).get("number") == number)
            assert state["triples"] == triples and state["reload"]["last"]["state"] == "reloaded", state
            status, body = count(server)
            assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == triples
    finally:
        server.stop()


def test_a_replaced_store_is_followed_with_its_etags_and_health(built_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(built_store, store)
    server = start(tmp_path, {"HVA_GRAPH_QUERY_WORKERS": "1", "HVA_GRAPH_QUERY_TIMEOUT": "2"}, ("--store", str(store)))
    try:
        version, triples = health(server)["data_version"], health(server)["triples"]
        etag = get(server, sparql(COUNT), JSON)[1]["ETag"]
        theme_page = "/id/theme/workforce?lang=sv"
        status, _, before = get(server, theme_page)  # kept by the response cache
        assert status == 200 and b"another build" not in before
        data = tmp_path / "data"
        shutil.copytree(ROOT / "data", data)
        themes = data / "themes.ttl"
        themes.write_text(themes.read_text(encoding="utf-8") + '\n<https://w3id.org/hva-graph/id/theme/workforce> '
                          '<http://www.w3.org/2000/01/rdf-schema#comment> "another build"@en .\n', encoding="utf-8")
        load(store, data)
        new = json.loads((store / STORE_INFO).read_text())
        state = until(server, lambda s: s["data_version"] == new["data_version"])
        assert state["status"] == "ok" and state["reload"]["last"]["state"] == "reloaded", state
        status, body = count(server)
        assert state["triples"] == new["union_size"] == triples + 1
        assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == triples + 1
        assert get(server, sparql(COUNT), JSON)[1]["ETag"] != etag
        assert b"another build" in get(server, theme_page)[2]
        assert state["data_version"] != version
    finally:
        server.stop()
