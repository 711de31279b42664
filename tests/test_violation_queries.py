"""Rules that SHACL says badly, as SPARQL: every shapes/*-violation.rq returns no row on the real
data, and each of its planted fixtures (tests/fixtures/violations/<rule>/*.ru, a SPARQL Update
over the valid base) makes it return the row the fixture names."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import rows

ROOT = Path(__file__).parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.rules  # the rules against the real data and their planted fixtures
RULES = sorted((ROOT / "shapes").glob("*-violation.rq"))
PLANTED = sorted((FIXTURES / "violations").glob("*/*.ru"))


def rule_name(path: Path) -> str:
    return path.name.removesuffix("-violation.rq")


def valid_base() -> ox.Store:
    """The valid base fixture with the ontology (for rdfs:subClassOf), in one default graph."""
    store = ox.Store()
    for path in (ROOT / "ontology" / "hva.ttl", FIXTURES / "minimal-valid.ttl"):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


@pytest.mark.parametrize("rule", RULES, ids=rule_name)
def test_the_real_data_breaks_no_rule(store, rule):
    assert rows(store, rule.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("rule", RULES, ids=rule_name)
def test_every_rule_has_planted_fixtures_and_passes_the_valid_base(rule):
    assert any(path.parent.name == rule_name(rule) for path in PLANTED)
    assert rows(valid_base(), rule.read_text(encoding="utf-8")) == []


def test_every_fixture_belongs_to_a_rule():
    assert {path.parent.name for path in PLANTED} <= {rule_name(rule) for rule in RULES}


@pytest.mark.parametrize("fixture", PLANTED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_planted_fixture_is_caught(fixture):
    expected = dict(re.findall(r"^# (focus|expression): (.+)$", fixture.read_text(encoding="utf-8"), re.M))
    store = valid_base()
    store.update(fixture.read_text(encoding="utf-8"))
    rule = ROOT / "shapes" / f"{fixture.parent.name}-violation.rq"
    found = rows(store, rule.read_text(encoding="utf-8"))
    focus = expected["focus"].strip("<>")
    assert [row for row in found if row[0] == focus and expected["expression"] in row[2]], found
