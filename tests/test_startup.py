"""The server refuses to serve data that violates its shapes, and says which node broke which rule."""

from __future__ import annotations

import shutil
import subprocess
import sys
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
