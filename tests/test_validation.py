"""SHACL shapes tested both ways: the real data conforms, and every broken fixture
(a SPARQL Update applied to a valid base) yields the violation it is written for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES
from rdflib import Graph

from hva_graph.namespaces import SH
from hva_graph.settings import Settings
from hva_graph.validation import ValidationReport, format_report, validate, validate_knowledge

BROKEN = sorted((FIXTURES / "broken").glob("*.ru"))
VOCABULARIES = ("organisations.ttl", "themes.ttl", "stakeholder-groups.ttl", "document-statuses.ttl",
                "decision-kinds.ttl")


def expectations(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^# (expect|shape|focus|message): (.+)$", path.read_text(), re.M))


def validate_fixture(settings: Settings, data: Path) -> ValidationReport:
    files = (data, *(settings.data_dir / name for name in VOCABULARIES))
    return validate(Settings.from_env(data_paths=files))


def test_real_data_conforms(knowledge, shapes):
    report = validate_knowledge(knowledge, shapes)
    assert report.violations == [], format_report(report)


def test_real_data_warns_exactly_about_the_two_unidentified_counties(knowledge, shapes):
    report = validate_knowledge(knowledge, shapes)
    assert sorted(w.focus for w in report.warnings) == [
        "<https://w3id.org/hva-graph/id/strategy/unidentified-002-2023-2025>",
        "<https://w3id.org/hva-graph/id/strategy/unidentified-003-2023-2025>",
    ]
    assert all("does not name the county" in w.message for w in report.warnings)


def test_the_valid_base_fixture_conforms_without_warnings(settings):
    report = validate_fixture(settings, FIXTURES / "minimal-valid.ttl")
    assert report.findings == [], format_report(report)


def test_there_is_a_broken_fixture_for_every_shape(shapes):
    """Every targeted node shape is seen failing, through itself or a named property shape of its."""
    names = shapes.namespace_manager
    targeted = {s for s in shapes.subjects() if any(
        shapes.value(s, SH[t]) is not None for t in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "target"))}
    covered = {expectations(path)["shape"].split(" / ")[0] for path in BROKEN}
    uncovered = {
        shape.n3(names) for shape in targeted
        if shape.n3(names) not in covered
        and not any(p.n3(names) in covered for p in shapes.objects(shape, SH.property))
    }
    assert uncovered == set()


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture_yields_its_expected_finding(settings, tmp_path, fixture):
    expected = expectations(fixture)
    graph = Graph().parse(FIXTURES / "minimal-valid.ttl")
    graph.update(fixture.read_text())
    data = tmp_path / "candidate.ttl"
    graph.serialize(data, format="turtle")

    report = validate_fixture(settings, data)

    matching = [
        f for f in report.findings
        if f.severity == expected["expect"] and f.shape == expected["shape"]
        and f.focus == expected["focus"] and expected["message"] in f.message
    ]
    assert matching, format_report(report)
    assert report.conforms == (expected["expect"] != "Violation")
