"""The source documents ship with the project (sources/): each file is the very one the data
cites (its SHA-256 is the hva:sha256 of its hva:SourceDocument), and a clone with nothing
beside it finds them and passes every passage and fact test."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import rows

ROOT = Path(__file__).parents[1]
SOURCES = ROOT / "sources"

CHECKSUMS = """
SELECT ?file ?sha WHERE { ?doc a hva:SourceDocument ; dcterms:identifier ?file ; hva:sha256 ?sha . }"""


def test_the_default_source_folder_is_the_projects_own(settings):
    from hva_graph.settings import Settings

    assert Settings.from_env({}).seeds == Settings.from_env({}).root / "sources"
    assert Settings.from_env({"HVA_GRAPH_SEEDS": "/elsewhere"}).seeds == Path("/elsewhere")


def test_sources_holds_exactly_the_documents_the_data_describes(store):
    described = {file for file, _ in rows(store, CHECKSUMS)}
    assert described == {path.name for path in SOURCES.iterdir()}
    assert len(described) == 5


@pytest.mark.parametrize("path", sorted(SOURCES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_each_shipped_file_has_the_checksum_recorded_in_the_data(store, path):
    recorded = dict(rows(store, CHECKSUMS))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded[path.name].lower()


def _tracked_files() -> list[str]:
    listing = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                             cwd=ROOT, capture_output=True, check=True)
    return [name for name in listing.stdout.decode().split("\0") if name and (ROOT / name).is_file()]


@pytest.mark.served  # runs a test run of its own, in a clone
@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="needs the git checkout to know which files a clone holds")
def test_a_clone_with_nothing_beside_it_passes_the_passage_and_fact_tests(tmp_path, settings, checked_project):
    clone = tmp_path / "lonely" / "hva-graph"
    for name in _tracked_files():
        target = clone / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    assert not (clone.parent / "shared").exists()
    env = {key: value for key, value in os.environ.items() if not key.startswith("HVA_GRAPH_")}
    # The installed package is the one under test; the clone is its data. The closure cache
    # is keyed by the data's bytes, so sharing it only saves the reasoner's time.
    env |= {"HVA_GRAPH_ROOT": str(clone), "HVA_GRAPH_CACHE_DIR": str(settings.cache_folder)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_passages.py", "tests/test_facts.py"],
        cwd=clone, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout
