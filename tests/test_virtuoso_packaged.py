"""Virtuoso as Debian packages it: its own virtuoso.ini with only ResultSetMaxRows raised (and its
files and ports moved into a temporary folder on loopback: engine_servers.packaged_ini), the data
published into it by `hva-graph load`.

As packaged, Virtuoso refuses queries by an estimate of their cost (MaxQueryCostEstimationTime,
400 s): mission-and-vision, which it answers in milliseconds, was a 502 ("The estimated execution
time 928 (sec) exceeds the limit of 400 (sec)"). `hva-graph serve` now refuses such an engine at
start, naming the setting; with that one setting changed as the message says, every canned query,
with each value its API description allows, answers as the embedded store does."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import free_port
from engine_servers import PACKAGED_INI, Virtuoso
from hva_graph.service import Service
from hva_graph.web.app import create_app
from test_api import _calls

pytestmark = pytest.mark.engines
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def packaged(tmp_path_factory):
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso-packaged"), packaged=True)
    try:
        server.start()
        env = {**os.environ, "HVA_GRAPH_REMOTE_USER": "dba", "HVA_GRAPH_REMOTE_PASSWORD": "dba"}
        loaded = subprocess.run([str(BIN / "hva-graph"), "load", "--no-dumps", "--store", "sparql+" + server.url],
                                capture_output=True, text=True, timeout=600, env=env)
        assert loaded.returncode == 0, loaded.stderr
        yield server
    finally:
        server.stop()


def _settings_lines(text: str) -> list[str]:
    return [line.split(";")[0].strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith(";")]


def test_the_ini_is_the_packaged_one_with_only_the_row_limit_raised(packaged):
    ours, theirs = _settings_lines(packaged.ini.read_text()), _settings_lines(PACKAGED_INI.read_text())
    changed = {(a.split("=")[0].strip(), b.split("=")[0].strip()) for a, b in zip(ours, theirs) if a != b}
    moved = {"DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file", "ServerPort"}
    assert len(ours) == len(theirs)
    assert {name for name, _ in changed} - moved == {"ResultSetMaxRows"}
    assert "MaxQueryCostEstimationTime = 400" in [" ".join(line.split()) for line in ours]


def test_serve_refuses_the_packaged_cost_estimate_at_start_naming_the_setting(packaged, tmp_path):
    done = subprocess.run([str(BIN / "hva-graph"), "serve", "--store", "sparql+" + packaged.url, "--port", str(free_port())],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HVA_GRAPH_DUMPS_DIR": str(tmp_path / "dumps")})
    assert done.returncode == 2
    assert "MaxQueryCostEstimationTime" in done.stderr and "400 seconds" in done.stderr
    assert "to 0" in done.stderr


@pytest.fixture(scope="module")
def without_estimate(packaged, settings, tmp_path_factory):
    """The same Virtuoso after its operator did what the start-up message says; the service over it."""
    packaged.stop()
    text = packaged.ini.read_text()
    packaged.ini.write_text("\n".join("MaxQueryCostEstimationTime = 0" if line.startswith("MaxQueryCostEstimationTime")
                                      else line for line in text.splitlines()) + "\n")
    packaged.start()
    service = Service.from_settings(dataclasses.replace(settings, store="sparql+" + packaged.url,
                                                        dumps_dir=tmp_path_factory.mktemp("virtuoso-dumps")))
    yield service
    service.close()


def _normalised(body: bytes) -> list:
    """SPARQL JSON rows in order; a list in a cell (" | ") compared as a set until its order is
    defined in the queries (issue 20)."""
    rows = json.loads(body)["results"]["bindings"]
    return [{name: {**cell, "value": " | ".join(sorted(cell["value"].split(" | ")))} for name, cell in row.items()}
            for row in rows]


def test_every_canned_query_with_each_allowed_value_answers_as_the_embedded_store(app, without_estimate):
    embedded = app.test_client()
    remote = create_app({"TESTING": True, "SETTINGS": without_estimate.settings, "SERVICE": without_estimate}).test_client()
    calls = list(_calls(embedded.get("/openapi.json").get_json()))
    assert len(calls) > 100
    differ = []
    for path, given in calls:
        expected = embedded.get(path, query_string={**given, "format": "json"})
        got = remote.get(path, query_string={**given, "format": "json"})
        assert expected.status_code == 200, (path, given)
        if got.status_code != 200 or _normalised(got.data) != _normalised(expected.data):
            differ.append((path, given, got.status_code, _diff(got.data, expected.data) if got.status_code == 200 else got.data[:300]))
    assert differ == [], "\n".join(map(str, differ))


def _diff(got: bytes, expected: bytes):
    a, b = _normalised(got), _normalised(expected)
    return ("same rows, other order" if sorted(map(repr, a)) == sorted(map(repr, b)) else
            [r for r in a if r not in b][:2], [r for r in b if r not in a][:2])
