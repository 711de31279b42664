"""SHACL shapes tested both ways: the real data conforms, and every broken fixture
(a SPARQL Update applied to a valid base) yields the violation it is written for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES
from rdflib import Graph, Literal, URIRef

from hva_graph.knowledge.checked import load_knowledge, validate
from hva_graph.knowledge.inference import infer
from hva_graph.knowledge.model import Knowledge
from hva_graph.knowledge.validation import ValidationReport, format_report, validate_knowledge
from hva_graph.search.index import index_graph
from hva_graph.namespaces import DERIVED_GRAPHS, GRAPH, INFERRED_GRAPH, SEARCH_GRAPH, SH
from hva_graph.settings import Settings

BROKEN = sorted((FIXTURES / "broken").glob("*.ru"))
VOCABULARIES = ("organisations.ttl", "themes.ttl", "stakeholder-groups.ttl", "document-statuses.ttl",
                "decision-kinds.ttl")


def expectations(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^# (expect|shape|focus|message): (.+)$", path.read_text(), re.M))


def validate_fixture(settings: Settings, data: Path) -> ValidationReport:
    files = (data, *(settings.data_dir / name for name in VOCABULARIES))
    return validate(Settings.from_env(data_paths=files))


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


@pytest.fixture(scope="session")
def valid_base(settings, tmp_path_factory) -> Knowledge:
    """The valid base fixture with the shared vocabularies and its OWL RL closure, loaded once
    through the same path as real data files."""
    folder = tmp_path_factory.mktemp("valid-base")
    data = folder / "candidate.ttl"
    data.write_bytes((FIXTURES / "minimal-valid.ttl").read_bytes())
    files = (data, *(settings.data_dir / name for name in VOCABULARIES))
    return load_knowledge(Settings.from_env(data_paths=files, cache_dir=folder / "cache"))


def _resources(graph: Graph) -> set:
    """What OWL RL reads: the triples without a literal object (inference.infer leaves literals out)."""
    return {triple for triple in graph if not isinstance(triple[2], Literal)}


def broken_knowledge(base: Knowledge, fixture: Path) -> Knowledge:
    """The valid base with the fixture's update applied, and its search index made again. The
    closure is computed again only when the update touches what OWL RL reads; most fixtures
    break a literal, and reuse the base's."""
    candidate = GRAPH["candidate"]
    graph = Graph()
    graph += base.graphs[candidate]
    graph.update(fixture.read_text())
    graphs = {**base.graphs, candidate: graph}
    asserted = Graph()
    for iri, part in graphs.items():
        if iri not in DERIVED_GRAPHS:
            asserted += part
    graphs[SEARCH_GRAPH] = index_graph(asserted)
    if _resources(graph) == _resources(base.graphs[candidate]):
        return Knowledge(graphs, base.inconsistencies, f"{base.version}+{fixture.stem}")
    inference = infer(asserted)
    return Knowledge({**graphs, INFERRED_GRAPH: inference.inferred}, inference.inconsistencies, fixture.stem)


def test_the_base_of_the_broken_fixtures_is_read_as_the_data_files_are(valid_base):
    assert set(valid_base.graphs) == {GRAPH["candidate"], *(GRAPH[n[:-4]] for n in VOCABULARIES),
                                      URIRef(str(GRAPH["ontology"])), *DERIVED_GRAPHS}


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture_yields_its_expected_finding(shapes, valid_base, fixture):
    expected = expectations(fixture)

    report = validate_knowledge(broken_knowledge(valid_base, fixture), shapes)

    matching = [
        f for f in report.findings
        if f.severity == expected["expect"] and f.shape == expected["shape"]
        and f.focus == expected["focus"] and expected["message"] in f.message
    ]
    assert matching, format_report(report)
    assert report.conforms == (expected["expect"] != "Violation")
