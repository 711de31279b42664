"""The benchmarks' generated counties (benchmarks/synthetic.py) must be data the service accepts:
a benchmark of `hva-graph validate`, `load` or `serve` over data its shapes refuse would time a
refusal, not the work. Two counties, validated by the real command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402


@pytest.mark.served  # runs `hva-graph validate` in its own process
def test_generated_counties_conform_to_the_shapes(tmp_path):
    sizes = synthetic.generate(2, tmp_path)
    assert {"source-000", "source-001", "organisations", "annotations"} <= set(sizes)
    result = subprocess.run([str(Path(sys.executable).with_name("hva-graph")), "validate"],
                            capture_output=True, text=True, timeout=300,
                            env={"HVA_GRAPH_ROOT": str(tmp_path / "root"), "HVA_GRAPH_CACHE_DIR": str(tmp_path / "cache"),
                                 "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
