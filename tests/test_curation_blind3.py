"""The third blind set (issue 21): five texts in the style of other counties' and Helsinki's strategy
pages (tests/fixtures/curation/blind3), each with its expected draft written by hand by an engineer
who had not read the drafting rules, committed before the drafter ever ran on them.

The lower bounds are the drafter's first run on them (benchmarks/CURATION.md, "Third blind set (first
run)"), the honest figures of texts it has not seen: passages found and precise as shares, every other
aspect (classes, parents, tiers, dates, kinds, groups, counts) as how many found passages have it
right, so that finding more passages never fails. They fail if the drafter gets worse on texts it was
not written beside. Whatever the figures, a draft quotes its text exactly, holds no more page chrome
than at the first run, and breaks no rule of the data but the one against drafts."""

from __future__ import annotations

import dataclasses

import pytest
from curation_support import ROOT, cases, draft_case, expected_statements, status_as_expected

from hva_graph.curation import chrome, measure, turtle
from hva_graph.curation.measure import ASPECTS, Comparison
from hva_graph.knowledge.checked import validate
from hva_graph.settings import Settings

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
STATUS_RIGHT_AT_FIRST_RUN = ("31-saved-page-goals-measures", "32-copied-text-inflected-county", "33-pdf-pages-draft",
                             "35-city-page-participation")
"""The drafts whose status was the expected one at the first run (county and period were right for all)."""
CHROME_AT_FIRST_RUN = {"31-saved-page-goals-measures": 3, "32-copied-text-inflected-county": 1,
                       "33-pdf-pages-draft": 5, "34-timeline-table-unnamed": 2}
"""Texts of the drafts that held page chrome at the first run (31's disruption notice and documents' sizes,
32's customer service hours, 33's running footers, 34's like and comment buttons)."""
VIOLATIONS_AT_FIRST_RUN = {"33-pdf-pages-draft": 1}
"""Drafts that broke a rule of the data besides the one against drafts at the first run: 33's title line
and the sentence after it ("Luonnos lausunnoille Tämä on …") drafted as a request for statements to no group."""
VOCABULARIES = ("organisations.ttl", "themes.ttl", "stakeholder-groups.ttl", "document-statuses.ttl",
                "decision-kinds.ttl")


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blind3")
    return {name: draft_case(expected, folder, "blind3") for name, expected in CASES}


@pytest.fixture(scope="module")
def comparisons(drafts):
    return {name: measure.compare(drafts[name].source.text, expected_statements(expected, drafts[name]),
                                  measure.from_graph(drafts[name].graph)) for name, expected in CASES}


def test_the_third_blind_texts_are_five_layouts_of_five_organisers():
    assert [name for name, _ in CASES] == list(FIRST_RUN)
    inputs = {(expected["input"].rsplit(".", 1)[-1], expected.get("as")) for _, expected in CASES}
    assert {("html", None), ("txt", None), ("txt", "pdf")} <= inputs
    counties = [expected["county"] for _, expected in CASES]
    assert len(set(counties)) == 5 and None in counties and "helsinki" in counties


def _worse(ratios: dict, reached: dict, name: str) -> list[str]:
    worse = []
    for aspect in ASPECTS:
        right, total = reached.get(aspect, (0, 0))
        now = ratios[aspect]
        if aspect in ("found", "precise"):
            if total and now.share < right / total:
                worse.append(f"{aspect} of {name}: {now.right}/{now.total}, first run {right}/{total}")
        elif now.right < right:
            worse.append(f"{aspect} of {name}: {now.right} right, first run {right}")
    return worse


@pytest.mark.parametrize("name", list(FIRST_RUN))
def test_a_third_blind_text_is_drafted_no_worse_than_at_the_first_run(comparisons, name):
    comparison = comparisons[name]
    worse = _worse(comparison.ratios, FIRST_RUN[name], name)
    assert not worse, (worse, comparison.missing, comparison.extra, comparison.wrong)


def test_over_the_third_blind_texts_no_worse_than_at_the_first_run(comparisons):
    total = Comparison()
    for comparison in comparisons.values():
        total += comparison
    first = {aspect: tuple(map(sum, zip(*(r.get(aspect, (0, 0)) for r in FIRST_RUN.values())))) for aspect in ASPECTS}
    assert first["found"] == (111, 154) and first["precise"] == (111, 144)
    assert not _worse(total.ratios, first, "all")


@pytest.mark.parametrize("name, expected", CASES, ids=[name for name, _ in CASES])
def test_a_third_blind_text_names_its_county_and_period(drafts, name, expected):
    drafting = drafts[name]
    found = drafting.organisation.organisation
    assert (found.slug if found else None) == expected["county"]
    first, last = expected["period"]
    assert any(str(s).endswith(f"-{first}-{last}") for s in drafting.graph.subjects(measure.HVA.organiser, None))
    if name in STATUS_RIGHT_AT_FIRST_RUN:
        right, statuses = status_as_expected(expected["status"], drafting, (first, last))
        assert right, statuses


@pytest.mark.parametrize("name, expected", CASES, ids=[name for name, _ in CASES])
def test_a_third_blind_draft_quotes_exactly_and_holds_no_more_chrome_than_at_the_first_run(drafts, name, expected):
    drafting = drafts[name]
    found = measure.chrome_in(drafting.graph, chrome.debris_pattern(), expected["chrome"])
    assert len(found) <= CHROME_AT_FIRST_RUN.get(name, 0), found
    assert measure.selectors_exact(drafting.graph, drafting.source.text).share == 1.0


@pytest.mark.parametrize("name", list(FIRST_RUN))
def test_a_third_blind_draft_breaks_no_more_rules_of_the_data_than_at_the_first_run(drafts, name, tmp_path):
    """Apart from its proposals and missing labels (refused until a curator is done), a draft of a
    text the rules were not written beside conforms to the shapes, the dates rule included (but
    for the violations the first run had)."""
    draft = tmp_path / "source-950.ttl"
    draft.write_text(turtle.write(drafts[name].graph), encoding="utf-8")
    files = (draft, *(ROOT / "data" / vocabulary for vocabulary in VOCABULARIES))
    report = validate(dataclasses.replace(Settings.from_env(), data_paths=files, cache_dir=tmp_path / "cache"))
    broken = [(f.focus, f.message) for f in report.violations if f.shape != "rule proposals-left"]
    assert len(broken) <= VIOLATIONS_AT_FIRST_RUN.get(name, 0), broken
