"""/dumps/ never waits for dumps being written (issue 24: it waited 7-12 s after a reload): a
real `hva-graph serve` answers at once, from the previous version's files after a reload, or 503
with Retry-After when there are none yet.

Order, not seconds: the test holds the dumps folder's lock, which every dump builder takes
(publish/folder.py), so while it holds it no dumps can be written; each answer asserted under
the lock was given before the new version's dumps existed.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from hardening_support import get, health, start

ROOT = Path(__file__).parents[1]
pytestmark = pytest.mark.served  # starts `hva-graph serve`
JSON = {"Accept": "application/json"}


@contextmanager
def no_dumps_written(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def manifests(folder: Path) -> set[str]:
    """The data versions whose dumps are written (a folder with its manifest)."""
    return {json.loads(m.read_text())["data_version"] for m in folder.glob("*/manifest.json")}


def index(server) -> tuple[int, dict, dict | None]:
    status, headers, body = get(server, "/dumps/?format=json", JSON, timeout=60)
    return status, headers, json.loads(body) if status == 200 else None


def until_written(server, version: str, within: float = 600.0) -> dict:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        status, _, listing = index(server)
        if status == 200 and listing["data_version"] == version:
            return listing
        time.sleep(0.5)
    raise AssertionError(f"the dumps of {version[:16]} were not served within {within:g} s: {index(server)}")


def test_dumps_answer_at_once_while_the_new_versions_dumps_are_written(tmp_path, settings):
    root = tmp_path / "project"
    for folder in ("ontology", "data", "shapes", "queries", "sources"):
        shutil.copytree(ROOT / folder, root / folder)
    dumps = tmp_path / "dumps"
    env = {"HVA_GRAPH_ROOT": str(root), "HVA_GRAPH_CACHE_DIR": str(settings.cache_folder),
           "HVA_GRAPH_DUMPS_DIR": str(dumps)}
    with no_dumps_written(dumps):
        server = start(tmp_path, env)
        try:
            first = health(server)["data_version"]
            status, headers, _ = index(server)
            assert status == 503 and int(headers["Retry-After"]) >= 1  # nothing written yet, and none before
            status, headers, body = get(server, "/dumps/hva-graph-all.nq")
            assert status == 503 and int(headers["Retry-After"]) >= 1 and b"being written" in body
            assert manifests(dumps) == set()
        except BaseException:
            server.stop()
            raise
    try:
        old = until_written(server, first)
        entry = next(f for f in old["files"] if f["name"] == "hva-graph-source-000.nt")

        source = root / "data" / "source-000.ttl"
        source.write_text(source.read_text(encoding="utf-8") + '\n<https://w3id.org/hva-graph/id/theme/workforce> '
                          '<http://www.w3.org/2000/01/rdf-schema#comment> "reloaded"@en .\n', encoding="utf-8")
        with no_dumps_written(dumps):
            os.kill(server.master, signal.SIGHUP)
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and health(server)["data_version"] == first:
                time.sleep(0.3)
            second = health(server)["data_version"]
            assert second != first
            status, _, listing = index(server)  # answered while the new dumps cannot be written
            assert status == 200 and listing["data_version"] == first and listing["serving_data_version"] == second
            status, _, body = get(server, "/dumps/" + entry["name"])
            assert status == 200 and len(body) == entry["size"]
            assert second not in manifests(dumps)
        new = until_written(server, second)
        assert new["serving_data_version"] == second
        changed = next(f for f in new["files"] if f["name"] == "hva-graph-source-000.nt")
        assert changed["sha256"] != entry["sha256"] and changed["statements"] == entry["statements"] + 1
    finally:
        server.stop()
