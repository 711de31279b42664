"""The final blind set (issue 21): five texts in the style of other counties' and Helsinki's strategy
pages (tests/fixtures/curation/blind2), each with its expected draft written by hand by an engineer
who had not read the drafting rules, committed before the drafter ever ran on them.

The drafter's first run on them (benchmarks/CURATION.md, "Final blind set (first run)") is kept here as the
honest figures of texts it had not seen; the lower bounds are what it reaches after the general fixes that
followed (two rounds, no expected draft changed), raised from those: passages found and precise as shares,
every other aspect (classes, parents, tiers, dates, kinds, groups, counts) as how many found passages have
it right, so that finding more passages never fails. Whatever the figures, a draft quotes its text
exactly, holds no page chrome, names the expected status, and breaks no rule of the data but the one
against drafts."""

from __future__ import annotations

import pytest
from curation_support import (as_ratios, cases, comparisons_of, draft_case, status_as_expected, totals,
                              violations_beside_proposals, worse_than)

from hva_graph.curation import chrome, measure
from hva_graph.curation.measure import Comparison

CASES = cases("blind2")

FIRST_RUN = {
    "21-vantaa-kerava-page": {"found": (25, 39), "precise": (25, 34), "classes": (16, 25), "tiers": (1, 1),
                              "dates": (7, 7), "kinds": (0, 3), "groups": (0, 2), "counts": (0, 1)},
    "22-pirkanmaa-copied": {"found": (36, 40), "precise": (36, 38), "classes": (32, 36), "parents": (7, 7),
                            "tiers": (13, 17), "dates": (7, 7), "kinds": (2, 2), "groups": (2, 3), "counts": (1, 1)},
    "23-pohjanmaa-pdf": {"found": (38, 40), "precise": (38, 41), "classes": (37, 38), "parents": (6, 8),
                         "tiers": (1, 12), "dates": (10, 10), "kinds": (2, 4), "groups": (2, 2), "counts": (2, 2)},
    "24-unnamed-plan-page": {"found": (25, 26), "precise": (25, 28), "classes": (18, 25), "parents": (3, 7),
                             "dates": (13, 13), "kinds": (4, 4), "groups": (5, 6), "counts": (0, 2)},
    "25-helsinki-copied": {"found": (12, 36), "precise": (12, 20), "classes": (8, 12), "tiers": (1, 1),
                           "dates": (4, 4), "kinds": (1, 1)},
}
"""(right, counted) per aspect at the first run (commit ab7edfc); an aspect absent was not counted."""
NOW = {
    "21-vantaa-kerava-page": {"found": (39, 39), "precise": (39, 39), "classes": (39, 39), "parents": (7, 7),
                              "tiers": (5, 5), "dates": (9, 9), "kinds": (4, 4), "groups": (2, 2), "counts": (1, 1)},
    "22-pirkanmaa-copied": {"found": (40, 40), "precise": (40, 41), "classes": (39, 40), "parents": (7, 7),
                            "tiers": (16, 17), "dates": (11, 11), "kinds": (3, 3), "groups": (5, 5), "counts": (2, 2)},
    "23-pohjanmaa-pdf": {"found": (39, 40), "precise": (39, 40), "classes": (38, 39), "parents": (8, 8),
                         "tiers": (5, 13), "dates": (10, 10), "kinds": (3, 4), "groups": (2, 2), "counts": (2, 2)},
    "24-unnamed-plan-page": {"found": (26, 26), "precise": (26, 26), "classes": (26, 26), "parents": (7, 7),
                             "dates": (14, 14), "kinds": (4, 4), "groups": (7, 7), "counts": (2, 2)},
    "25-helsinki-copied": {"found": (36, 36), "precise": (36, 36), "classes": (36, 36), "parents": (12, 12),
                           "tiers": (14, 14), "dates": (5, 5), "kinds": (2, 2)},
}
"""(right, counted) per aspect after two rounds of general fixes (benchmarks/CURATION.md, "Final blind set, after
the general fixes" and "Third blind set, after the general fixes"): the bounds now, raised from the first run's."""
STATUS_RIGHT_AT_FIRST_RUN = ("22-pirkanmaa-copied", "23-pohjanmaa-pdf")
"""The drafts whose status was the expected one at the first run (county and period were right for all); now
every one's is."""
CHROME_AT_FIRST_RUN = {"23-pohjanmaa-pdf": 2, "25-helsinki-copied": 1}
"""Texts of the drafts that held page chrome at the first run (23's table of contents, 25's registry address);
none since the fixes."""


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blind2")
    return {name: draft_case(expected, folder, "blind2") for name, expected in CASES}


@pytest.fixture(scope="module")
def comparisons(drafts):
    return comparisons_of(drafts, CASES)


def test_the_final_blind_texts_are_five_layouts_of_five_organisers():
    assert [name for name, _ in CASES] == list(FIRST_RUN)
    inputs = {(expected["input"].rsplit(".", 1)[-1], expected.get("as")) for _, expected in CASES}
    assert {("html", None), ("txt", None), ("txt", "pdf")} <= inputs
    counties = [expected["county"] for _, expected in CASES]
    assert len(set(counties)) == 5 and None in counties and "helsinki" in counties


@pytest.mark.parametrize("name", list(FIRST_RUN))
def test_a_final_blind_text_is_drafted_no_worse_than_now_and_so_than_at_the_first_run(comparisons, name):
    comparison = comparisons[name]
    assert not worse_than(as_ratios(NOW[name]), FIRST_RUN[name], name, "first run"), \
        "the bounds now are above the first run's"
    worse = worse_than(comparison.ratios, NOW[name], name, "first run")
    assert not worse, (worse, comparison.missing, comparison.extra, comparison.wrong)


def test_over_the_final_blind_texts_no_worse_than_now(comparisons):
    total = Comparison()
    for comparison in comparisons.values():
        total += comparison
    first, now = totals(FIRST_RUN), totals(NOW)
    assert first["found"] == (136, 181) and first["precise"] == (136, 161)
    assert now["found"] == (180, 181) and now["precise"] == (180, 182)
    assert not worse_than(total.ratios, now, "all", "first run")


@pytest.mark.parametrize("name, expected", CASES, ids=[name for name, _ in CASES])
def test_a_final_blind_text_names_its_county_and_period(drafts, name, expected):
    drafting = drafts[name]
    found = drafting.organisation.organisation
    assert (found.slug if found else None) == expected["county"]
    first, last = expected["period"]
    assert any(str(s).endswith(f"-{first}-{last}") for s in drafting.graph.subjects(measure.HVA.organiser, None))
    right, statuses = status_as_expected(expected["status"], drafting, (first, last))
    assert right, statuses


@pytest.mark.parametrize("name, expected", CASES, ids=[name for name, _ in CASES])
def test_a_final_blind_draft_quotes_exactly_and_holds_no_chrome(drafts, name, expected):
    drafting = drafts[name]
    found = measure.chrome_in(drafting.graph, chrome.debris_pattern(), expected["chrome"])
    assert found == [], f"{len(found)} now, {CHROME_AT_FIRST_RUN.get(name, 0)} at the first run: {found}"
    assert measure.selectors_exact(drafting.graph, drafting.source.text).share == 1.0


@pytest.mark.parametrize("name", list(FIRST_RUN))
def test_a_final_blind_draft_breaks_no_rule_of_the_data_but_the_one_against_drafts(drafts, name, tmp_path):
    """Apart from its proposals and missing labels (refused until a curator is done), a draft of a
    text the rules were not written beside conforms to the shapes, the dates rule included."""
    assert violations_beside_proposals(drafts[name].graph, tmp_path) == []
