"""SHACL shapes tested both ways: the real data conforms, and every broken fixture
(a SPARQL Update applied to a valid base) yields the violation it is written for."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from broken_fixtures import BROKEN, FIXTURES, VOCABULARIES, base_files, expectations
from hva_graph.knowledge.checked import validate
from hva_graph.knowledge.validation import Names, ValidationReport, format_report
from hva_graph.namespaces import DERIVED_GRAPHS, GRAPH, RELEASES_GRAPH, SH
from hva_graph.settings import Settings


def validate_fixture(settings: Settings, data: Path) -> ValidationReport:
    return validate(Settings.from_env(data_paths=base_files(settings, data)))


def test_real_data_conforms(report):
    assert report.violations == [], format_report(report)


def test_real_data_warns_exactly_about_the_two_unidentified_counties(report):
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
    names = Names(Graph(), shapes).shapes.namespace_manager  # shapes named as a report names them (hvash:)
    targeted = {s for s in shapes.subjects() if any(
        shapes.value(s, SH[t]) is not None for t in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "target"))}
    covered = {expectations(path)["shape"].split(" / ")[0] for path in BROKEN}
    uncovered = {
        shape.n3(names) for shape in targeted
        if shape.n3(names) not in covered
        and not any(p.n3(names) in covered for p in shapes.objects(shape, SH.property))
    }
    assert uncovered == set()


def test_the_base_of_the_broken_fixtures_is_read_as_the_data_files_are(valid_base):
    # (and graph/releases, the project's history, beside any data when releases have been made)
    assert set(valid_base.graphs) - {RELEASES_GRAPH} == {GRAPH["candidate"], *(GRAPH[n[:-4]] for n in VOCABULARIES),
                                                         URIRef(str(GRAPH["ontology"])), *DERIVED_GRAPHS}


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture_yields_its_expected_finding(references, fixture):
    expected = expectations(fixture)

    _, report = references(fixture)  # pyshacl over the whole graph (shared with test_scale.py)

    matching = [
        f for f in report.findings
        if f.severity == expected["expect"] and f.shape == expected["shape"]
        and f.focus == expected["focus"] and expected["message"] in f.message
    ]
    assert matching, format_report(report)
    assert report.conforms == (expected["expect"] != "Violation")
