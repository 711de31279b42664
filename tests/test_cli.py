"""`hva-graph validate` exit codes and report, as a curator meets them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hva_graph.cli import main

ROOT = Path(__file__).parents[1]


@pytest.fixture
def data_copy(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    return copy


@pytest.mark.served  # runs `hva-graph validate` in its own process
def test_validate_exits_0_on_the_real_data_with_the_installed_command(checked_project):
    command = Path(sys.executable).with_name("hva-graph")
    result = subprocess.run([str(command), "validate"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms: 0 violation(s), 2 warning(s)" in result.stdout


def test_validate_exits_1_on_a_broken_copy_and_names_node_path_shape_and_message(data_copy):
    source = data_copy / "source-002.ttl"
    text = source.read_text(encoding="utf-8")
    broken = text.replace('dcat:startDate "2023-01-01"^^xsd:date', 'dcat:startDate "2026-01-01"^^xsd:date')
    assert broken != text
    source.write_text(broken, encoding="utf-8")

    result = CliRunner().invoke(main, ["validate", str(data_copy)])

    assert result.exit_code == 1, result.output
    assert "Violation: A period has exactly one start date (xsd:date), not after its end date." in result.output
    assert "focus node: <https://w3id.org/hva-graph/id/strategy/unidentified-002-2023-2025/period>" in result.output
    assert "path:       dcat:startDate" in result.output
    assert "shape:      hvash:PeriodShape / dcat:startDate" in result.output


def test_validate_checks_a_single_candidate_file(tmp_path):
    candidate = ROOT / "tests" / "fixtures" / "minimal-valid.ttl"
    vocabularies = [str(ROOT / "data" / name) for name in ("organisations.ttl", "themes.ttl", "stakeholder-groups.ttl",
                                                                  "document-statuses.ttl", "decision-kinds.ttl")]
    result = CliRunner().invoke(main, ["validate", str(candidate), *vocabularies])
    assert result.exit_code == 0, result.output


def test_validate_exits_2_on_a_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nowhere.ttl")])
    assert result.exit_code == 2
    assert "nowhere.ttl: no such file" in result.output


def test_validate_exits_2_on_unparsable_turtle_naming_file_and_line(data_copy):
    source = data_copy / "source-001.ttl"
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[40] = lines[40] + ' "unterminated'
    source.write_text("\n".join(lines), encoding="utf-8")

    result = CliRunner().invoke(main, ["validate", str(data_copy)])

    assert result.exit_code == 2
    assert f"{source}:41: Turtle syntax error" in result.output


def test_validate_exits_2_on_a_file_that_is_not_utf8(data_copy):
    (data_copy / "latin1.ttl").write_bytes('<http://a> <http://b> "Päijät-Häme" .\n'.encode("latin-1"))
    result = CliRunner().invoke(main, ["validate", str(data_copy)])
    assert result.exit_code == 2
    assert "latin1.ttl:1: not UTF-8" in result.output


def test_validate_exits_1_on_a_date_in_a_label_that_no_structured_date_carries(data_copy):
    """The SPARQL rules (shapes/*-violation.rq) are part of the verdict, as the shapes are."""
    source = data_copy / "source-004.ttl"
    text = source.read_text(encoding="utf-8")
    broken = text.replace("käynnisti strategian valmistelun keväällä 2021", "käynnisti strategian valmistelun syksyllä 2021")
    assert broken != text
    source.write_text(broken, encoding="utf-8")

    result = CliRunner().invoke(main, ["validate", str(data_copy)])

    assert result.exit_code == 1, result.output
    assert "focus node: <https://w3id.org/hva-graph/id/strategy/paijat-hame-2023-2025/event/1>" in result.output
    assert "shape:      rule dates-in-labels" in result.output
    assert "syksy" in result.output
