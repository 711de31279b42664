"""The server refuses to serve data that violates its shapes, and says which node broke which rule."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
pytestmark = pytest.mark.served  # runs `hva-graph serve`


def test_serve_refuses_invalid_data_naming_node_and_rule(tmp_path):
    root = tmp_path / "project"
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    source = root / "data" / "source-004.ttl"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace('schema:startDate "2021-03-01"^^xsd:date', 'schema:startDate "1921-03-01"^^xsd:date', 1),
                      encoding="utf-8")
    command = Path(sys.executable).with_name("hva-graph")
    env = {"HVA_GRAPH_ROOT": str(root), "HVA_GRAPH_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([str(command), "serve", "--port", "1"], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 1
    assert "does not conform" in result.stderr
    assert "paijat-hame-2023-2025/event/1>" in result.stderr
    assert "between 2020 and 2030" in result.stderr


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for folder in ("ontology", "data", "shapes", "queries", "sources"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def _replace_the_worker(server) -> None:
    """SIGKILL the worker and wait until gunicorn's next worker serves."""

    from hardening_support import health

    old_worker = server.worker()
    os.kill(old_worker, signal.SIGKILL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and server.worker() in (None, old_worker):
        time.sleep(0.2)
    while time.monotonic() < deadline and (health(server) or {}).get("status") != "ok":
        assert server.process.poll() is None, server.log.read_text()[-3000:]
        time.sleep(0.3)
    assert server.worker() not in (None, old_worker)


def _value_2_label(server) -> str:

    from hardening_support import get

    query = ("SELECT ?l { <https://w3id.org/hva-graph/id/strategy/pohjois-karjala-2023-2026/value/2> "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = 'fi') }")
    status, _, body = get(server, "/sparql?" + urllib.parse.urlencode({"query": query}),
                          {"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return json.loads(body)["results"]["bindings"][0]["l"]["value"]


def test_a_worker_that_replaces_a_reloaded_one_serves_the_reloaded_version(tmp_path):
    """A reload (SIGHUP) changes what is served; a worker that dies after it is replaced by one
    serving the reloaded version, not the one of the start. A damaged copy of the reloaded
    version is never served: then the replacing worker serves the version of the start."""

    from hardening_support import health, start

    root = _project(tmp_path)
    server = start(tmp_path, {"HVA_GRAPH_ROOT": str(root), "HVA_GRAPH_CACHE_DIR": str(tmp_path / "cache")})
    try:
        first = health(server)["data_version"]
        original = _value_2_label(server)
        source = root / "data" / "source-000.ttl"
        source.write_text(source.read_text(encoding="utf-8").replace(f'"{original}"@fi', '"Reloaded value"@fi', 1),
                          encoding="utf-8")
        os.kill(server.master, signal.SIGHUP)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and ((health(server) or {}).get("reload") or {}).get("last") is None:
            time.sleep(0.3)
        reloaded = health(server)
        assert reloaded["reload"]["last"]["state"] == "reloaded", reloaded
        assert reloaded["data_version"] != first and _value_2_label(server) == "Reloaded value"

        _replace_the_worker(server)
        assert health(server)["data_version"] == reloaded["data_version"]
        assert _value_2_label(server) == "Reloaded value"

        kept = next((root / "var" / "run").glob("*.snapshot"))
        damaged = bytearray(kept.read_bytes())
        damaged[-100] ^= 0xFF
        kept.write_bytes(bytes(damaged))
        _replace_the_worker(server)
        assert health(server)["data_version"] == first and _value_2_label(server) == original
    finally:
        server.stop()


def test_a_new_worker_serves_the_version_its_master_validated_whatever_the_files_say_now(tmp_path):
    """Start-up hands the master's verdict to the worker: after the files on disk have become
    invalid, a worker that dies is replaced by one that serves the version validated at start
    (gunicorn would otherwise stop the whole server: "Worker failed to boot")."""


    from hardening_support import get, health, start

    def count_of(server) -> int:
        status, _, body = get(server, "/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}),
                              {"Accept": "application/sparql-results+json"})
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    root = _project(tmp_path)
    server = start(tmp_path, {"HVA_GRAPH_ROOT": str(root), "HVA_GRAPH_CACHE_DIR": str(tmp_path / "cache")})
    try:
        before = health(server)
        served = count_of(server)
        source = root / "data" / "source-004.ttl"
        source.write_text(source.read_text(encoding="utf-8").replace(
            'schema:startDate "2021-03-01"^^xsd:date', 'schema:startDate "1921-03-01"^^xsd:date', 1), encoding="utf-8")
        _replace_the_worker(server)
        after = health(server)
        assert after["data_version"] == before["data_version"]
        assert count_of(server) == served
    finally:
        server.stop()


def test_a_worker_killed_again_and_again_while_it_loads_is_replaced_until_one_serves(tmp_path):
    """Under attack (issue 24): the data files on disk are invalid, and each new worker is
    killed while it is still loading (at once, and at later points of its start), several times
    in a row. gunicorn starts another each time (a killed worker is no boot failure), each opens
    the Snapshot its master validated, and the last one serves that version; no query process of
    a killed worker is left behind."""

    from hardening_support import alive, children_of, get, health, start

    root = _project(tmp_path)
    server = start(tmp_path, {"HVA_GRAPH_ROOT": str(root), "HVA_GRAPH_CACHE_DIR": str(tmp_path / "cache")})
    seen: set[int] = set()
    try:
        validated = health(server)["data_version"]
        source = root / "data" / "source-004.ttl"
        source.write_text(source.read_text(encoding="utf-8").replace(
            'schema:startDate "2021-03-01"^^xsd:date', 'schema:startDate "1921-03-01"^^xsd:date', 1), encoding="utf-8")
        worker = server.worker()
        for delay in (0.0, 0.0, 0.1, 0.3, 0.6, 1.0):
            seen.update([worker, *children_of(worker)])
            os.kill(worker, signal.SIGKILL)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and server.worker() in (None, worker):
                assert server.process.poll() is None, server.log.read_text()[-3000:]
                time.sleep(0.01)
            worker = server.worker()
            assert worker is not None, "gunicorn started no new worker"
            time.sleep(delay)  # then killed while it loads (or, on a fast machine, just after)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and (health(server) or {}).get("status") != "ok":
            assert server.process.poll() is None, server.log.read_text()[-3000:]
            time.sleep(0.3)
        assert health(server)["data_version"] == validated
        status, _, body = get(server, "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
                              {"Accept": "application/sparql-results+json"})
        assert status == 200 and json.loads(body)["boolean"] is True
        assert "failed to boot" not in server.log.read_text()
        time.sleep(1.0)  # the parent-death signal reaches the zygotes of the killed workers
        assert [pid for pid in seen if alive(pid)] == []
    finally:
        server.stop()
