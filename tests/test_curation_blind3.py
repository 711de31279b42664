"""The third blind set (issue 21): five texts in the style of other counties' and Helsinki's strategy
pages (tests/fixtures/curation/blind3), each with its expected draft written by hand by an engineer
who had not read the drafting rules, committed before the drafter ever ran on them.

The drafter's first run on them (benchmarks/CURATION.md, "Third blind set (first run)") is kept here as
the honest figures of texts it had not seen; the lower bounds are what it reaches after the general fixes
that followed (no expected draft changed), raised from those: passages found and precise as shares, every
other aspect (classes, parents, tiers, dates, kinds, groups, counts) as how many found passages have it
right, so that finding more passages never fails. Whatever the figures, a draft quotes its text exactly,
holds no page chrome, names the expected status, and breaks no rule of the data but the one against drafts."""

from __future__ import annotations

import pytest
from curation_support import (as_ratios, cases, comparisons_of, draft_case, status_as_expected, totals,
                              violations_beside_proposals, worse_than)

from hva_graph.curation import chrome, measure
from hva_graph.curation.measure import Comparison

CASES = cases("blind3")

FIRST_RUN = {
    "31-saved-page-goals-measures": {"found": (17, 32), "precise": (17, 26), "classes": (17, 17), "tiers": (1, 1),
                                     "dates": (3, 3), "kinds": (2, 2)},
    "32-copied-text-inflected-county": {"found": (18, 27), "precise": (18, 27), "classes": (18, 18),
                                        "parents": (0, 6), "tiers": (2, 8), "dates": (1, 1)},
    "33-pdf-pages-draft": {"found": (28, 41), "precise": (28, 36), "classes": (24, 28), "parents": (0, 10),
                           "tiers": (8, 11), "dates": (7, 7), "kinds": (2, 2), "groups": (3, 3), "counts": (2, 2)},
    "34-timeline-table-unnamed": {"found": (22, 22), "precise": (22, 23), "classes": (21, 22), "dates": (17, 17),
                                  "kinds": (4, 4), "groups": (3, 6), "counts": (4, 4)},
    "35-city-page-participation": {"found": (26, 32), "precise": (26, 32), "classes": (25, 26), "parents": (8, 8),
                                   "tiers": (5, 13), "dates": (5, 5), "kinds": (3, 3)},
}
"""(right, counted) per aspect at the first run (commit 8cfe3c1); an aspect absent was not counted."""
NOW = {
    "31-saved-page-goals-measures": {"found": (32, 32), "precise": (32, 32), "classes": (32, 32), "parents": (8, 8),
                                     "tiers": (5, 5), "dates": (4, 4), "kinds": (2, 2)},
    "32-copied-text-inflected-county": {"found": (26, 27), "precise": (26, 27), "classes": (26, 26),
                                        "parents": (6, 6), "tiers": (4, 10), "dates": (1, 1)},
    "33-pdf-pages-draft": {"found": (41, 41), "precise": (41, 41), "classes": (41, 41), "parents": (7, 7),
                           "tiers": (15, 15), "dates": (9, 9), "kinds": (3, 3), "groups": (3, 3), "counts": (2, 2)},
    "34-timeline-table-unnamed": {"found": (22, 22), "precise": (22, 22), "classes": (22, 22), "dates": (17, 17),
                                  "kinds": (4, 4), "groups": (6, 6), "counts": (4, 4)},
    "35-city-page-participation": {"found": (31, 32), "precise": (31, 32), "classes": (31, 31), "parents": (8, 8),
                                   "tiers": (14, 14), "dates": (5, 5), "kinds": (3, 3), "groups": (4, 4),
                                   "counts": (3, 3)},
}
"""(right, counted) per aspect after the general fixes (benchmarks/CURATION.md, "Third blind set, after the
general fixes"): the bounds now, raised from the first run's; no longer blind figures."""
STATUS_RIGHT_AT_FIRST_RUN = ("31-saved-page-goals-measures", "32-copied-text-inflected-county", "33-pdf-pages-draft",
                             "35-city-page-participation")
"""The drafts whose status was the expected one at the first run (county and period were right for all); since
the general fixes every one's is (34's too: in preparation)."""
CHROME_AT_FIRST_RUN = {"31-saved-page-goals-measures": 3, "32-copied-text-inflected-county": 1,
                       "33-pdf-pages-draft": 5, "34-timeline-table-unnamed": 2}
"""Texts of the drafts that held page chrome at the first run (31's disruption notice and documents' sizes,
32's customer service hours, 33's running footers, 34's like and comment buttons); none since the fixes."""
VIOLATIONS_AT_FIRST_RUN = {"33-pdf-pages-draft": 1}
"""Drafts that broke a rule of the data besides the one against drafts at the first run: 33's title line
and the sentence after it ("Luonnos lausunnoille Tämä on …") drafted as a request for statements to no group;
none since the fixes."""


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blind3")
    return {name: draft_case(expected, folder, "blind3") for name, expected in CASES}


@pytest.fixture(scope="module")
def comparisons(drafts):
    return comparisons_of(drafts, CASES)


def test_the_third_blind_texts_are_five_layouts_of_five_organisers():
    assert [name for name, _ in CASES] == list(FIRST_RUN)
    inputs = {(expected["input"].rsplit(".", 1)[-1], expected.get("as")) for _, expected in CASES}
    assert {("html", None), ("txt", None), ("txt", "pdf")} <= inputs
    counties = [expected["county"] for _, expected in CASES]
    assert len(set(counties)) == 5 and None in counties and "helsinki" in counties


@pytest.mark.parametrize("name", list(FIRST_RUN))
def test_a_third_blind_text_is_drafted_no_worse_than_now_and_so_than_at_the_first_run(comparisons, name):
    comparison = comparisons[name]
    assert not worse_than(as_ratios(NOW[name]), FIRST_RUN[name], name, "first run"), \
        "the bounds now are above the first run's"
    worse = worse_than(comparison.ratios, NOW[name], name, "first run")
    assert not worse, (worse, comparison.missing, comparison.extra, comparison.wrong)


def test_over_the_third_blind_texts_no_worse_than_now(comparisons):
    total = Comparison()
    for comparison in comparisons.values():
        total += comparison
    first, now = totals(FIRST_RUN), totals(NOW)
    assert first["found"] == (111, 154) and first["precise"] == (111, 144)
    assert now["found"] == (152, 154) and now["precise"] == (152, 154)
    assert not worse_than(total.ratios, now, "all", "first run")


@pytest.mark.parametrize("name, expected", CASES, ids=[name for name, _ in CASES])
def test_a_third_blind_text_names_its_county_and_period(drafts, name, expected):
    drafting = drafts[name]
    found = drafting.organisation.organisation
    assert (found.slug if found else None) == expected["county"]
    first, last = expected["period"]
    assert any(str(s).endswith(f"-{first}-{last}") for s in drafting.graph.subjects(measure.HVA.organiser, None))
    right, statuses = status_as_expected(expected["status"], drafting, (first, last))
    assert right, statuses


@pytest.mark.parametrize("name, expected", CASES, ids=[name for name, _ in CASES])
def test_a_third_blind_draft_quotes_exactly_and_holds_no_chrome(drafts, name, expected):
    drafting = drafts[name]
    found = measure.chrome_in(drafting.graph, chrome.debris_pattern(), expected["chrome"])
    assert found == [], f"{len(found)} now, {CHROME_AT_FIRST_RUN.get(name, 0)} at the first run: {found}"
    assert measure.selectors_exact(drafting.graph, drafting.source.text).share == 1.0


@pytest.mark.parametrize("name", list(FIRST_RUN))
def test_a_third_blind_draft_breaks_no_rule_of_the_data_but_the_one_against_drafts(drafts, name, tmp_path):
    """Apart from its proposals and missing labels (refused until a curator is done), a draft of a
    text the rules were not written beside conforms to the shapes, the dates rule included (the first
    run broke one more in 33: VIOLATIONS_AT_FIRST_RUN)."""
    assert violations_beside_proposals(drafts[name].graph, tmp_path) == []
