"""Texts written blind (issue 21): five pages and a PDF in the style of other counties' and
Helsinki's strategies (tests/fixtures/curation/blind), each with its expected draft written by hand
by an engineer who had not read the drafting rules, committed before the drafter ever ran on them.

The drafter's first run on them (benchmarks/CURATION.md, "Blind texts") found 74 % of their passages,
77 % precise. The bounds here are what it reaches after the general fixes that followed, against the
expected drafts as the curator settled them (three were changed where they disagreed with the curated
sources, each with its text line and rule: benchmarks/CURATION.md): they fail if the drafter gets
worse. Passages found and precise are bounded as shares; every other aspect (classes, parents, tiers,
dates, kinds, groups, counts) by how many found passages have it right, so that finding more passages
never fails."""

from __future__ import annotations

import shutil

import pytest
from curation_support import (cases, comparisons_of, draft_case, status_as_expected, totals,
                              violations_beside_proposals, worse_than)

from hva_graph.curation import chrome, measure
from hva_graph.curation.measure import Comparison

CASES = cases("blind")

REACHED = {
    "11-saved-page-table": {"found": (41, 41), "precise": (41, 41), "classes": (41, 41), "parents": (8, 8),
                            "tiers": (14, 14), "dates": (8, 8), "kinds": (3, 3), "groups": (4, 4), "counts": (3, 3)},
    "12-copied-text-inflected-county": {"found": (33, 33), "precise": (33, 33), "classes": (33, 33),
                                        "parents": (7, 7), "tiers": (16, 16), "dates": (4, 4), "kinds": (3, 3),
                                        "groups": (2, 2), "counts": (1, 1)},
    "13-pdf-pages-hyphenated": {"found": (42, 42), "precise": (42, 42), "classes": (42, 42), "parents": (8, 8),
                                "tiers": (14, 14), "dates": (10, 10), "kinds": (3, 3), "groups": (4, 4),
                                "counts": (2, 2)},
    "14-city-page-accordion": {"found": (31, 31), "precise": (31, 31), "classes": (31, 31), "parents": (6, 6),
                               "tiers": (11, 11), "dates": (4, 4), "kinds": (2, 2), "groups": (2, 2), "counts": (1, 1)},
    "15-unnamed-county-timeline": {"found": (21, 21), "precise": (21, 21), "classes": (21, 21), "parents": (3, 3),
                                   "dates": (13, 13), "kinds": (4, 4), "groups": (4, 4), "counts": (2, 2)},
}
"""(right, counted) per aspect after the general fixes; an aspect absent is not counted (no such passage)."""


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blind")
    return {name: draft_case(expected, folder, "blind") for name, expected in CASES}


@pytest.fixture(scope="module")
def comparisons(drafts):
    return comparisons_of(drafts, CASES)


def test_the_blind_texts_are_five_layouts_of_five_organisers():
    assert [name for name, _ in CASES] == list(REACHED)
    inputs = [(expected["input"].rsplit(".", 1)[-1], expected.get("as")) for _, expected in CASES]
    assert {("html", None), ("txt", None), ("txt", "pdf")} <= set(inputs)
    counties = [expected["county"] for _, expected in CASES]
    assert len(set(counties)) == 5 and None in counties and "helsinki" in counties


@pytest.mark.parametrize("name", list(REACHED))
def test_a_blind_text_is_drafted_no_worse_than_after_the_general_fixes(comparisons, name):
    comparison = comparisons[name]
    worse = worse_than(comparison.ratios, REACHED[name], name, "reached")
    assert not worse, (worse, comparison.missing, comparison.extra, comparison.wrong)


def test_over_the_blind_texts_no_worse_than_after_the_general_fixes(comparisons):
    total = Comparison()
    for comparison in comparisons.values():
        total += comparison
    reached = totals(REACHED)
    assert reached["found"] == (168, 168) and reached["precise"] == (168, 168)
    assert not worse_than(total.ratios, reached, "all", "reached")


@pytest.mark.parametrize("name, expected", CASES, ids=[name for name, _ in CASES])
def test_a_blind_text_names_its_county_period_and_status(drafts, name, expected):
    drafting = drafts[name]
    found = drafting.organisation.organisation
    assert (found.slug if found else None) == expected["county"]
    right, found = status_as_expected(expected["status"], drafting, tuple(expected["period"]))
    assert right, found


@pytest.mark.parametrize("name, expected", CASES, ids=[name for name, _ in CASES])
def test_a_blind_draft_holds_no_chrome_and_quotes_exactly(drafts, name, expected):
    drafting = drafts[name]
    assert measure.chrome_in(drafting.graph, chrome.debris_pattern(), expected["chrome"]) == []
    assert measure.selectors_exact(drafting.graph, drafting.source.text).share == 1.0


@pytest.mark.parametrize("name", list(REACHED))
def test_a_blind_draft_breaks_no_rule_of_the_data_but_the_one_against_drafts(drafts, name, tmp_path):
    """Apart from its proposals and missing labels (refused until a curator is done), a draft of a text
    the rules were not written beside conforms to the shapes, dates rule included."""
    assert violations_beside_proposals(drafts[name].graph, tmp_path) == []
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)
