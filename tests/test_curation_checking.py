"""The review page's check of a draft (curation/editing/checking.py) says about the draft's
statements exactly what the project's validation of all the data with the draft says
(`hva-graph validate --draft`), though it reads only the data files the draft reaches: on the
hand-made draft of Keski-Pohjanmaa as the machine proposed it, with mistakes planted in it, and
with a strategy IRI that another source graph already uses."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from hva_graph.curation import turtle
from hva_graph.curation.editing.checking import DraftChecker
from hva_graph.curation.editing.naming import rename
from hva_graph.curation.todo import owner_of
from hva_graph.knowledge.checked import validate
from hva_graph.namespaces import HVA

FIXTURES = Path(__file__).parent / "fixtures" / "curation"
# one worker makes the module's validated draft (the `checked` fixture) for all of its tests
pytestmark = pytest.mark.xdist_group("curation-checking")
KP = "https://w3id.org/hva-graph/id/strategy/keski-pohjanmaa-2023-2026"


def _as_proposed(graph):
    return graph


def _broken(graph):
    """A duplicate ordinal, markup in a label, a priority in the top tier under a goal of that tier."""
    graph.set((URIRef(f"{KP}/goal/2"), HVA.ordinal, Literal(1)))
    graph.add((URIRef(f"{KP}/vision/1"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
               Literal("Hyvä <b>elää</b>", lang="en")))
    graph.set((URIRef(f"{KP}/priority/1"), HVA.tier, URIRef(f"{KP}/tier/1")))
    return graph


def _colliding(graph):
    """The draft names its strategy as source 001 names South Karelia's."""
    rename(graph, {URIRef(KP): URIRef("https://w3id.org/hva-graph/id/strategy/etela-karjala-2023-2025")})
    return graph


@pytest.fixture(scope="module")
def checked(settings, tmp_path_factory):
    """(variant -> (findings of the review's check, of its rules alone, of the whole validation, files read))."""
    found = {}
    for name, change in (("as proposed", _as_proposed), ("broken", _broken), ("colliding", _colliding)):
        folder = tmp_path_factory.mktemp(name.replace(" ", "-"))
        for path in (FIXTURES / "draft-906").iterdir():
            shutil.copy(path, folder / path.name)
        file = folder / "source-906.ttl"
        graph = change(turtle.read(file.read_text(encoding="utf-8")))
        file.write_text(turtle.write(graph), encoding="utf-8")
        checker = DraftChecker(settings, file)
        try:
            review, rules = checker.full(graph), checker.rules_only(graph, file)
            reached = [path.name for path in checker.reached(graph)]
        finally:
            checker.close()
        others = [f for f in settings.data_files if f.name != file.name]
        whole = validate(dataclasses.replace(settings, data_paths=(*others, file)))
        found[name] = tuple(_about_draft(report, graph) for report in (review, rules, whole)) + (reached,)
    return found


def _about_draft(report, graph) -> set[tuple]:
    subjects = {str(s) for s in graph.subjects()}
    return {(owner, f.severity, f.shape, f.message) for f in report.findings
            if (owner := owner_of(graph, f.focus)) in subjects}


@pytest.mark.parametrize("variant", ["as proposed", "broken", "colliding"])
def test_the_review_finds_on_the_draft_what_the_whole_validation_finds(checked, variant):
    review, _, whole, _ = checked[variant]
    assert review == whole


@pytest.mark.parametrize("variant", ["as proposed", "broken", "colliding"])
def test_the_rules_alone_answer_with_a_part_of_it(checked, variant):
    review, rules, _, _ = checked[variant]
    assert rules and rules <= review
    assert all(shape.startswith("rule ") or "Shape" in shape for _, _, shape, _ in rules)


def test_what_the_machine_got_wrong_is_found_on_its_statements(checked):
    """draft-906: the event's day "13.12.2022" proposed as a month; "Yhdessä tekeminen" proposed as
    a principle, which needs a tier."""
    review = checked["as proposed"][0]
    violations = {(owner.removeprefix("https://w3id.org/hva-graph/id/strategy/"), message.split(":")[0]) for owner, severity, _, message in review
                  if severity == "Violation" and not message.startswith("A draft is not curated data")}
    assert ("keski-pohjanmaa-2023-2026/event/1",
            "Every date a label or description gives is carried by a structured date") in violations
    assert any(owner == "keski-pohjanmaa-2023-2026/principle/1" and "tier" in message for owner, message in violations)


def test_the_planted_mistakes_are_found(checked):
    messages = {message for _, severity, _, message in checked["broken"][0] if severity == "Violation"}
    assert any(message.startswith("Ordinal 1 is used twice") for message in messages)
    assert any(message.startswith("Markup in a literal") for message in messages)
    assert any(message.startswith("A statement's tier is a tier of its own strategy and lies below") for message in messages)


def test_a_draft_reads_the_data_it_reaches_and_the_graph_whose_names_it_takes(checked):
    assert set(checked["as proposed"][3]) >= {"organisations.ttl", "themes.ttl", "document-statuses.ttl",
                                              "decision-kinds.ttl"}
    assert not [name for name in checked["as proposed"][3] if name.startswith("source-")]
    assert "source-001.ttl" in checked["colliding"][3]
    collisions = {owner for owner, _, _, message in checked["colliding"][0] if message == "At most one label per language."}
    assert "https://w3id.org/hva-graph/id/strategy/etela-karjala-2023-2025/value/1" in collisions, \
        "source 001's value/1 (Mie turvaan.) and the draft's both take that name"
