"""A curator's changes to a draft (curation/editing), without a browser: each change on the example
drafts, the result written by the deterministic writer and read back, every passage's selectors
exact against the draft's text, and what the change did checked against that text.

tests/fixtures/curation/draft-905/ is the hand-checked example of the draft format (Kainuu);
draft-906/ is a hand-made draft of Keski-Pohjanmaa whose proposals hold the machine's mistakes a
curator corrects (a value taken for a principle, a priority under the wrong goal, a day read as a
month). Expected values are read off the texts beside them."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS

from hva_graph.curation import turtle
from hva_graph.curation.editing import dates, passages, statements
from hva_graph.curation.editing.kinds import KINDS, Classes
from hva_graph.curation.editing.naming import rename
from hva_graph.curation.editing.publishing import curated, with_themes
from hva_graph.curation.editing.selectors import EditError, span_of
from hva_graph.knowledge.loading import parse_file
from hva_graph.namespaces import HVA, OA, SCHEMA, THEME

ROOT = Path(__file__).parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "curation"
KAINUU = "https://w3id.org/hva-graph/id/strategy/kainuu-2023-2025"
KP = "https://w3id.org/hva-graph/id/strategy/keski-pohjanmaa-2023-2026"


@pytest.fixture(scope="module")
def classes() -> Classes:
    return Classes(parse_file(ROOT / "ontology" / "hva.ttl"))


def draft(number: int) -> tuple[Graph, str]:
    folder = FIXTURES / f"draft-{number}"
    text_file = next(folder.glob(f"{number}_*.txt"))
    with open(text_file, encoding="utf-8", newline="") as handle:
        text = handle.read()
    return turtle.read((folder / f"source-{number}.ttl").read_text(encoding="utf-8")), text


def written(graph: Graph, text: str) -> Graph:
    """The graph as the draft file holds it after the change, read back; every passage quotes the
    text at its offsets, and every statement's verbatim text is its quote."""
    again = turtle.read(turtle.write(graph))
    for passage in again.subjects(RDF.type, HVA.Passage):
        exact = [again.value(s, OA.exact) for s in again.objects(passage, OA.hasSelector) if again.value(s, OA.exact)]
        spans = [(int(again.value(s, OA.start)), int(again.value(s, OA.end)))
                 for s in again.objects(passage, OA.hasSelector) if again.value(s, OA.start) is not None]
        assert len(exact) == 1 and len(spans) == 1, passage
        assert text[spans[0][0]:spans[0][1]] == str(exact[0]), passage
    for statement, verbatim in again.subject_objects(HVA.verbatim):
        passage = again.value(statement, HVA.passage)
        quote = next(again.value(s, OA.exact) for s in again.objects(passage, OA.hasSelector) if again.value(s, OA.exact))
        assert str(verbatim) == str(quote), statement
    return again


def dangling(graph: Graph) -> set:
    """Statement IRIs pointed to that the draft no longer describes."""
    return {o for o in graph.objects() if isinstance(o, URIRef) and "/id/strategy/" in o and (o, None, None) not in graph}


def proposed(graph: Graph, subject) -> set:
    return {graph.value(node, HVA.proposedProperty) for node in graph.objects(URIRef(subject), HVA.proposal)}


def label(graph: Graph, subject, language: str = "fi") -> str | None:
    found = [str(o) for o in graph.objects(URIRef(subject), RDFS.label) if o.language == language]
    return found[0] if found else None


def ordinals(graph: Graph, kind: str, strategy: str) -> dict[str, int]:
    return {str(s)[len(strategy) + 1:]: int(graph.value(s, HVA.ordinal)) for s in graph.subjects(HVA.inStrategy, URIRef(strategy))
            if re.search(f"/{kind}/\\d+$", str(s))}


# --- kinds: the IRIs data/README.md gives each class -------------------------------------------------


def test_every_family_of_statements_in_the_ontology_has_its_kind(classes):
    ontology = parse_file(ROOT / "ontology" / "hva.ttl")
    families = set(ontology.subjects(RDFS.subClassOf, HVA.StrategyElement))
    assert families == set(KINDS)
    assert classes.kind(HVA.Seminar) == "event" and classes.kind(HVA.ServiceStrategy) == "document"


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_every_curated_statement_is_named_by_its_kind(classes, number):
    graph = parse_file(ROOT / "data" / f"source-{number}.ttl")
    named = {s: re.search(r"/id/strategy/[^/]+/([a-z-]+)/\d+$", str(s)) for s in graph.subjects(HVA.inStrategy, None)}
    assert named and all(match is not None for match in named.values())
    assert {str(s): classes.kind_of(graph, s) for s in named} == {str(s): m.group(1) for s, m in named.items()}


# --- accept ------------------------------------------------------------------------------------------


def test_accepting_removes_the_statements_proposals_and_only_its_own():
    graph, text = draft(905)
    others = {s: proposed(graph, s) for s in graph.subjects(HVA.proposal, None) if str(s) != f"{KAINUU}/goal/1"}
    before = len(list(graph.subjects(RDF.type, HVA.Proposal)))
    statements.accept(graph, f"{KAINUU}/goal/1")
    after = written(graph, text)
    assert proposed(after, f"{KAINUU}/goal/1") == set()
    assert {s: proposed(after, s) for s in others} == others
    assert len(list(after.subjects(RDF.type, HVA.Proposal))) == before - 3, "its three proposals, nothing left of them"
    assert after.value(URIRef(f"{KAINUU}/goal/1"), RDF.type) == HVA.StrategicGoal, "the value stays, confirmed"


def test_accepting_one_property_keeps_the_other_proposals():
    graph, text = draft(905)
    statements.accept(graph, f"{KAINUU}/goal/2", str(HVA.theme))
    assert proposed(written(graph, text), f"{KAINUU}/goal/2") == {RDF.type, HVA.tier, HVA.ordinal}
    with pytest.raises(EditError):
        statements.accept(graph, f"{KAINUU}/goal/2", str(HVA.theme))


# --- retype ------------------------------------------------------------------------------------------


def test_retyping_a_principle_into_a_value_names_it_by_its_place_among_the_values(classes):
    """draft-906's text lists two values under "Arvot": Asukaslähtöisyys, then Yhdessä tekeminen."""
    graph, text = draft(906)
    new = statements.retype(graph, classes, f"{KP}/principle/1", HVA.Value)
    after = written(graph, text)
    assert str(new) == f"{KP}/value/2"
    assert after.value(new, RDF.type) == HVA.Value and RDF.type not in proposed(after, new)
    assert label(after, new) == "Yhdessä tekeminen"
    assert ordinals(after, "value", KP) == {"value/1": 1, "value/2": 2}
    assert not list(after.subjects(RDF.type, HVA.StrategicPrinciple))
    assert (URIRef(f"{KP}/principle/1"), None, None) not in after and not dangling(after)
    assert after.value(URIRef(f"{KP}/value/2/passage"), OA.hasSource) is not None, "its passage follows its name"


def test_retyping_within_a_kind_keeps_the_name(classes):
    graph, text = draft(905)
    assert str(statements.retype(graph, classes, f"{KAINUU}/event/1", HVA.Seminar)) == f"{KAINUU}/event/1"
    assert written(graph, text).value(URIRef(f"{KAINUU}/event/1"), RDF.type) == HVA.Seminar


def test_retyping_an_earlier_statement_renumbers_both_lists(classes):
    """905's goals: 1. Palvelut ovat lähellä asukkaita. 2. Henkilöstö voi hyvin."""
    graph, text = draft(905)
    new = statements.retype(graph, classes, f"{KAINUU}/goal/1", HVA.Priority)
    after = written(graph, text)
    assert str(new) == f"{KAINUU}/priority/1"
    assert label(after, f"{KAINUU}/goal/1") == "Henkilöstö voi hyvin."
    assert ordinals(after, "goal", KAINUU) == {"goal/1": 1}
    assert not dangling(after)


def test_a_class_that_is_no_statement_is_refused(classes):
    graph, _ = draft(905)
    with pytest.raises(EditError):
        statements.retype(graph, classes, f"{KAINUU}/goal/1", HVA.Passage)


# --- move --------------------------------------------------------------------------------------------


def test_moving_a_priority_under_the_goal_its_text_names(classes):
    """draft-906: "- Houkutteleva työnantaja (tavoite 2)"."""
    graph, text = draft(906)
    statements.move(graph, classes, f"{KP}/priority/2", parent=f"{KP}/goal/2")
    after = written(graph, text)
    assert after.value(URIRef(f"{KP}/priority/2"), HVA.partOf) == URIRef(f"{KP}/goal/2")
    assert proposed(after, f"{KP}/priority/2") == {RDF.type, HVA.tier, HVA.theme}
    assert after.value(URIRef(f"{KP}/priority/1"), HVA.partOf) == URIRef(f"{KP}/goal/1"), "the other stays"


def test_a_statement_cannot_be_put_under_itself_or_what_is_below_it(classes):
    graph, _ = draft(906)
    with pytest.raises(EditError):
        statements.move(graph, classes, f"{KP}/goal/1", parent=f"{KP}/priority/1")
    with pytest.raises(EditError):
        statements.move(graph, classes, f"{KP}/goal/1", parent=f"{KP}/goal/1")
    with pytest.raises(EditError):
        statements.move(graph, classes, f"{KP}/goal/1", parent="https://w3id.org/hva-graph/id/strategy/x/goal/1")
    with pytest.raises(EditError):
        statements.move(graph, classes, f"{KP}/goal/1", tier=f"{KP}/goal/2")


def test_a_new_place_in_the_list_renames_the_statements_and_what_points_to_them(classes):
    graph, text = draft(906)
    moved = statements.move(graph, classes, f"{KP}/goal/2", ordinal=1)
    after = written(graph, text)
    assert str(moved) == f"{KP}/goal/1"
    assert label(after, f"{KP}/goal/1") == "Henkilöstö voi hyvin ja osaaminen vahvistuu."
    assert label(after, f"{KP}/goal/2") == "Palvelut ovat lähellä ja saatavilla."
    for priority in ("priority/1", "priority/2"):  # both were under "Palvelut ovat lähellä…", still are
        assert label(after, after.value(URIRef(f"{KP}/{priority}"), HVA.partOf)) == "Palvelut ovat lähellä ja saatavilla."
    assert HVA.ordinal not in proposed(after, moved)
    with pytest.raises(EditError):
        statements.move(graph, classes, moved, ordinal=3)


def test_a_statement_leaves_its_tier(classes):
    graph, text = draft(905)
    statements.move(graph, classes, f"{KAINUU}/goal/1", tier=None)
    after = written(graph, text)
    assert after.value(URIRef(f"{KAINUU}/goal/1"), HVA.tier) is None
    assert HVA.tier not in proposed(after, f"{KAINUU}/goal/1")


# --- labels and themes --------------------------------------------------------------------------------


def test_writing_labels_clears_what_was_marked_missing():
    graph, text = draft(905)
    statements.set_labels(graph, f"{KAINUU}/goal/2", {"en": " The staff\nare  well. ", "sv": ""})
    after = written(graph, text)
    subject = URIRef(f"{KAINUU}/goal/2")
    assert label(after, subject, "en") == "The staff are well."
    assert {str(o) for o in after.objects(subject, HVA.missingLabel)} == {"sv"}
    statements.set_labels(graph, subject, {"sv": "Personalen mår bra.", "en": ""})
    assert {str(o) for o in written(graph, text).objects(subject, HVA.missingLabel)} == {"en"}
    with pytest.raises(EditError):
        statements.set_labels(graph, subject, {"fi": "  "})


def test_theme_tags_are_those_of_the_scheme():
    graph, text = draft(905)
    known = set(parse_file(ROOT / "data" / "themes.ttl").subjects(RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")))
    statements.set_themes(graph, f"{KAINUU}/goal/1", [THEME.access, THEME.prevention], known)
    after = written(graph, text)
    assert set(after.objects(URIRef(f"{KAINUU}/goal/1"), HVA.theme)) == {THEME.access, THEME.prevention}
    statements.set_themes(graph, f"{KAINUU}/goal/2", [], known)
    after = written(graph, text)
    assert list(after.objects(URIRef(f"{KAINUU}/goal/2"), HVA.theme)) == []
    assert HVA.theme not in proposed(after, f"{KAINUU}/goal/2"), "no tag is a curator's answer too"
    with pytest.raises(EditError):
        statements.set_themes(graph, f"{KAINUU}/goal/1", [THEME["no-such-theme"]], known)


# --- dates -------------------------------------------------------------------------------------------


def test_a_day_read_as_a_month_is_fixed_to_the_day_the_text_gives(classes):
    """draft-906: "Aluevaltuusto hyväksyi strategian kokouksessaan 13.12.2022."."""
    graph, text = draft(906)
    event = URIRef(f"{KP}/event/1")
    dates.fix_date(graph, classes, event, "day", "2022-12-13")
    after = written(graph, text)
    day = Literal(datetime.date(2022, 12, 13))
    assert after.value(event, SCHEMA.startDate) == day and after.value(event, SCHEMA.endDate) == day
    assert after.value(event, HVA.datePrecision) == HVA.DayPrecision
    assert SCHEMA.startDate not in proposed(after, event)
    assert dates.date_of(after, event) == ("day", "2022-12-13")


@pytest.mark.parametrize("precision, value, start, end", [
    ("day", "2022-05-17/2022-05-18", "2022-05-17", "2022-05-18"),
    ("month", "2022-12", "2022-12-01", "2022-12-31"),
    ("season", "2023-autumn", "2023-09-01", "2023-11-30"),
    ("season", "2022-winter", "2022-12-01", "2023-02-28"),
    ("year", "2022", "2022-01-01", "2022-12-31"),
    ("deadline", "2022-06-24", None, "2022-06-24"),
])
def test_each_precision_is_the_interval_data_readme_gives_it(classes, precision, value, start, end):
    graph, text = draft(905)
    event = URIRef(f"{KAINUU}/event/1")
    dates.fix_date(graph, classes, event, precision, value)
    after = written(graph, text)
    found = after.value(event, SCHEMA.startDate)
    assert (str(found) if found is not None else None, str(after.value(event, SCHEMA.endDate))) == (start, end)
    assert dates.date_of(after, event) == (precision, value)


def test_a_statement_that_is_no_event_is_dated_by_a_period(classes):
    graph, text = draft(906)
    vision = URIRef(f"{KP}/vision/1")
    dates.fix_date(graph, classes, vision, "year", "2023/2026")
    after = written(graph, text)
    period = after.value(vision, DCTERMS.temporal)
    assert str(period) == f"{KP}/vision/1/period"
    assert (str(after.value(period, DCAT.startDate)), str(after.value(period, DCAT.endDate))) == ("2023-01-01", "2026-12-31")
    dates.clear_date(graph, classes, vision)
    after = written(graph, text)
    assert after.value(vision, DCTERMS.temporal) is None and (URIRef(f"{KP}/vision/1/period"), None, None) not in after


def test_a_new_period_renames_the_strategy_and_all_it_holds(classes):
    graph, text = draft(906)
    count = len(graph)
    new = dates.fix_date(graph, classes, KP, "year", "2023/2025")
    after = written(graph, text)
    assert str(new) == "https://w3id.org/hva-graph/id/strategy/keski-pohjanmaa-2023-2025"
    assert len(after) == count - 5, "the same statements, less the proposal about dcterms:temporal (5 triples)"
    assert not [s for s in after.subjects() if "keski-pohjanmaa-2023-2026" in str(s)]
    assert after.value(URIRef(str(new) + "/goal/1"), HVA.inStrategy) == new


@pytest.mark.parametrize("precision, value", [("day", "13.12.2022"), ("month", "2022-13"), ("deadline", "2022-01-01/2022-02-01"),
                                              ("season", "2023-monsoon"), ("week", "2023-1")])
def test_a_date_written_otherwise_is_refused_with_how_to_write_it(classes, precision, value):
    graph, _ = draft(905)
    with pytest.raises(EditError):
        dates.fix_date(graph, classes, f"{KAINUU}/event/1", precision, value)


# --- passages ----------------------------------------------------------------------------------------


def test_a_selection_becomes_the_passage(classes):
    graph, text = draft(905)
    start = text.index("Rohkeus")
    passages.reselect(graph, text, f"{KAINUU}/value/1", start - 1, start + len("Rohkeus") + 1)  # whitespace trimmed
    after = written(graph, text)
    assert span_of(after, URIRef(f"{KAINUU}/value/1")) == (start, start + len("Rohkeus"))
    assert label(after, f"{KAINUU}/value/1") == "Rohkeus"
    assert {str(o) for o in after.objects(URIRef(f"{KAINUU}/value/1"), HVA.missingLabel)} == {"en", "sv"}


def test_splitting_off_the_end_of_a_passage_makes_a_statement_of_it(classes):
    """905: "Rohkeus\\nUudistamme toimintaa ennakkoluulottomasti." is one value; split, the
    description becomes a statement of its own (the curator's choice)."""
    graph, text = draft(905)
    part = "Uudistamme toimintaa ennakkoluulottomasti."
    start = text.index(part)
    new = passages.split(graph, classes, text, f"{KAINUU}/value/1", start, start + len(part))
    after = written(graph, text)
    assert str(new) == f"{KAINUU}/value/2"
    assert span_of(after, new) == (start, start + len(part)) and label(after, new) == part
    assert span_of(after, URIRef(f"{KAINUU}/value/1")) == (text.index("Rohkeus"), text.index("Rohkeus") + 7)
    assert proposed(after, new) == {RDF.type}, "what the machine copied is to be confirmed"
    assert {str(o) for o in after.objects(new, HVA.missingLabel)} == {"en", "sv"}


def test_offsets_are_code_points_where_the_text_has_letters_beyond_ascii(classes):
    """906: "2. Henkilöstö voi hyvin ja osaaminen vahvistuu.", after the page's "👉" (one code point,
    two UTF-16 units, four UTF-8 bytes) and many ä and ö (one code point, two UTF-8 bytes)."""
    graph, text = draft(906)
    part = "osaaminen vahvistuu."
    start = text.index(part)
    assert len(text[:start].encode("utf-8")) > len(text[:start].encode("utf-16-le")) // 2 > start
    new = passages.split(graph, classes, text, f"{KP}/goal/2", start, start + len(part))
    after = written(graph, text)
    assert span_of(after, new) == (start, start + len(part))
    assert str(after.value(URIRef(f"{KP}/goal/2"), HVA.verbatim)) == "Henkilöstö voi hyvin ja"
    assert after.value(new, HVA.tier) == URIRef(f"{KP}/tier/1")
    assert str(new) == f"{KP}/goal/3"


def test_a_split_must_leave_one_passage(classes):
    graph, text = draft(905)
    start = text.index("toimintaa")
    with pytest.raises(EditError):
        passages.split(graph, classes, text, f"{KAINUU}/value/1", start, start + len("toimintaa"))
    span = span_of(graph, URIRef(f"{KAINUU}/value/1"))
    with pytest.raises(EditError):
        passages.split(graph, classes, text, f"{KAINUU}/value/1", *span)


def test_merging_a_selection_makes_one_statement_and_redirects_what_pointed_to_the_others(classes):
    """906's goals "1. Palvelut…" and "2. Henkilöstö…", each with a priority under it."""
    graph, text = draft(906)
    statements.move(graph, classes, f"{KP}/priority/2", parent=f"{KP}/goal/2")
    start, end = text.index("Palvelut ovat"), text.index("vahvistuu.") + len("vahvistuu.")
    kept = passages.merge(graph, classes, text, start, end)
    after = written(graph, text)
    assert str(kept) == f"{KP}/goal/1" and span_of(after, kept) == (start, end)
    assert str(after.value(kept, HVA.verbatim)) == text[start:end]
    assert label(after, kept) == "Palvelut ovat lähellä ja saatavilla. 2. Henkilöstö voi hyvin ja osaaminen vahvistuu."
    assert (URIRef(f"{KP}/goal/2"), None, None) not in after and not dangling(after)
    assert {after.value(URIRef(f"{KP}/priority/{n}"), HVA.partOf) for n in (1, 2)} == {kept}
    with pytest.raises(EditError):
        passages.merge(graph, classes, text, start, start + 5)


def test_a_statement_the_machine_missed_is_added_in_source_order(classes):
    """905: the heading "Arvot" comes before "Strategiset tavoitteet"."""
    graph, text = draft(905)
    start = text.index("Arvot")
    new = passages.add(graph, classes, text, KAINUU, HVA.Tier, start, start + len("Arvot"))
    after = written(graph, text)
    assert str(new) == f"{KAINUU}/tier/1" and label(after, new) == "Arvot"
    second = URIRef(f"{KAINUU}/tier/2")
    assert str(after.value(second, HVA.verbatim)) == "Strategiset tavoitteet"
    assert after.value(URIRef(f"{KAINUU}/goal/1"), HVA.tier) == second, "the goals keep their tier, renamed"
    assert proposed(after, new) == set()


def test_removing_a_statement_renumbers_its_list_and_leaves_nothing_pointing_at_it(classes):
    graph, text = draft(906)
    passages.remove(graph, classes, f"{KP}/goal/1")
    after = written(graph, text)
    assert label(after, f"{KP}/goal/1") == "Henkilöstö voi hyvin ja osaaminen vahvistuu."
    assert (URIRef(f"{KP}/goal/2"), None, None) not in after
    assert after.value(URIRef(f"{KP}/priority/1"), HVA.partOf) is None
    assert not dangling(after)
    assert not [s for s in after.subjects() if str(s).startswith(f"{KP}/goal/2")]


def test_renaming_moves_what_lies_under_a_name():
    graph = Graph()
    a, b = URIRef("https://w3id.org/hva-graph/id/strategy/s/goal/1"), URIRef("https://w3id.org/hva-graph/id/strategy/s/goal/2")
    graph.add((a, HVA.passage, URIRef(f"{a}/passage")))
    graph.add((b, HVA.partOf, a))
    rename(graph, {a: b, b: a})
    assert set(graph) == {(b, HVA.passage, URIRef(f"{b}/passage")), (a, HVA.partOf, b)}


# --- publishing: what moves where ----------------------------------------------------------------------


def test_published_data_holds_no_marker_and_its_theme_tags_go_to_the_annotations():
    graph, _ = draft(906)
    statements.set_labels(graph, KP, {"en": "Strategy", "sv": ""})
    data, tags = curated(graph)
    assert not list(data.objects(None, HVA.missingLabel)) and not list(data.objects(None, HVA.theme))
    assert set(tags) == set(graph.triples((None, HVA.theme, None))) and len(tags) == 6


def test_theme_tags_are_written_into_the_annotations_in_their_own_section():
    graph, _ = draft(906)
    _, tags = curated(graph)
    old = (ROOT / "data" / "annotations.ttl").read_text(encoding="utf-8")
    new = with_themes(old, tags)
    assert set(turtle.read(new)) == set(turtle.read(old)) | set(tags)
    sections = [line for line in new.splitlines() if re.fullmatch(r"# [a-z0-9-]+-\d{4}-\d{4}", line)]
    assert sections == sorted(sections) and "# keski-pohjanmaa-2023-2026" in sections
    added = new.splitlines()[new.splitlines().index("# keski-pohjanmaa-2023-2026") + 1]
    assert added == "<keski-pohjanmaa-2023-2026/goal/1> hva:theme theme:access ."
    assert new.startswith(old.split("# keski-pohjanmaa")[0][:200])


# --- the other values ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def known():
    from hva_graph.curation.editing.values import vocabularies

    data = Graph()
    for name in ("decision-kinds.ttl", "document-statuses.ttl", "stakeholder-groups.ttl", "organisations.ttl"):
        data += parse_file(ROOT / "data" / name)
    return vocabularies(data)


def test_a_decisions_kind_and_whether_it_was_held_are_corrected(classes, known):
    from hva_graph.curation.editing.values import set_values

    graph, text = draft(906)
    event = URIRef(f"{KP}/event/1")
    set_values(graph, classes, event, DCTERMS.type, ["https://w3id.org/hva-graph/id/decision-kind/decides"], known)
    set_values(graph, classes, event, HVA.eventStatus, [str(HVA.Planned)], known)
    set_values(graph, classes, event, HVA.concerns, [KP, f"{KP}/vision/1"], known)
    after = written(graph, text)
    assert after.value(event, DCTERMS.type) == URIRef("https://w3id.org/hva-graph/id/decision-kind/decides")
    assert after.value(event, HVA.eventStatus) == HVA.Planned
    assert set(after.objects(event, HVA.concerns)) == {URIRef(KP), URIRef(f"{KP}/vision/1")}
    assert proposed(after, event) == {RDF.type, SCHEMA.startDate, HVA.heldBy}
    with pytest.raises(EditError):
        set_values(graph, classes, event, DCTERMS.type, ["https://w3id.org/hva-graph/id/decision-kind/guessed"], known)
    with pytest.raises(EditError):
        set_values(graph, classes, event, HVA.eventStatus, [str(HVA.Held), str(HVA.Planned)], known)


def test_a_tiers_level_is_a_whole_number_from_one(classes, known):
    from hva_graph.curation.editing.values import set_values

    graph, text = draft(906)
    tier = URIRef(f"{KP}/tier/2")
    set_values(graph, classes, tier, HVA.tierLevel, ["3"], known)
    assert written(graph, text).value(tier, HVA.tierLevel) == Literal(3)
    for wrong in ("0", "two"):
        with pytest.raises(EditError):
            set_values(graph, classes, tier, HVA.tierLevel, [wrong], known)


def test_another_county_renames_the_strategy_and_its_bodies(classes, known):
    """The draft's strategy and bodies are named after the county: a county the text does not name
    (the drafting tool's unidentified one) corrected to Keski-Pohjanmaa."""
    from hva_graph.curation.editing.values import set_values

    graph, text = draft(906)
    unnamed = URIRef("https://w3id.org/hva-graph/id/organisation/unidentified-906")
    graph.add((unnamed, RDF.type, HVA.UnidentifiedCounty))
    graph.add((unnamed, RDFS.label, Literal("Tunnistamaton hyvinvointialue (lähde 906)", lang="fi")))
    strategy = set_values(graph, classes, KP, HVA.organiser, [str(unnamed)], known)
    assert str(strategy) == "https://w3id.org/hva-graph/id/strategy/unidentified-906-2023-2026"
    body = URIRef("https://w3id.org/hva-graph/id/organisation/unidentified-906/body/aluevaltuusto")
    assert graph.value(URIRef(f"{strategy}/event/1"), HVA.heldBy) == body
    strategy = set_values(graph, classes, strategy, HVA.organiser, ["https://w3id.org/hva-graph/id/organisation/keski-pohjanmaa"], known)
    after = written(graph, text)
    assert str(strategy) == KP and (unnamed, None, None) not in after, "nothing names the unidentified county now"
    assert after.value(URIRef(f"{KP}/event/1"), HVA.heldBy) == URIRef(
        "https://w3id.org/hva-graph/id/organisation/keski-pohjanmaa/body/aluevaltuusto")
    assert not dangling(after) and HVA.organiser not in proposed(after, KP)
    with pytest.raises(EditError):
        set_values(graph, classes, KP, HVA.organiser, ["https://w3id.org/hva-graph/id/organisation/atlantis"], known)


def test_the_passage_that_shows_the_status_is_set_for_the_strategy_and_its_document():
    """905: "Aluevaltuusto hyväksyi strategian 14.12.2022." shows the strategy is adopted; the
    curator takes only "hyväksyi strategian" as the passage."""
    graph, text = draft(905)
    start = text.index("hyväksyi strategian")
    passages.reselect_status(graph, text, KAINUU, start, start + len("hyväksyi strategian"))
    after = written(graph, text)
    source = URIRef("https://w3id.org/hva-graph/id/source/905_dd3dd3a51c7554f1.txt")
    assert span_of(after, URIRef(KAINUU), HVA.statusPassage) == (start, start + len("hyväksyi strategian"))
    assert after.value(source, HVA.statusPassage) == after.value(URIRef(KAINUU), HVA.statusPassage)
    assert span_of(after, URIRef(f"{KAINUU}/event/1")) == (text.index("Aluevaltuusto"), text.index("2022.") + 5)


# --- issue 20's model: an event's phase, a strategy's stage, council groups ------------------------


def test_a_decision_keeps_its_phase_when_it_is_retyped_and_the_curator_can_change_the_phase(classes):
    """906's "Aluevaltuusto hyväksyi strategian kokouksessaan 13.12.2022." is the adoption: a decision
    and an event of the preparation (data/README.md, "Preparation and implementation")."""
    graph, text = draft(906)
    event = URIRef(f"{KP}/event/1")
    assert classes.phase_of(graph, event) == HVA.PreparationEvent
    statements.retype(graph, classes, event, HVA.Seminar)
    assert set(graph.objects(event, RDF.type)) == {HVA.Seminar}, "a seminar is a preparation event by its class"
    statements.retype(graph, classes, event, HVA.Decision)
    assert set(graph.objects(event, RDF.type)) == {HVA.Decision, HVA.PreparationEvent}
    statements.set_phase(graph, classes, event, HVA.ImplementationEvent)
    after = written(graph, text)
    assert set(after.objects(event, RDF.type)) == {HVA.Decision, HVA.ImplementationEvent}
    assert RDF.type not in proposed(after, event)
    statements.retype(graph, classes, event, HVA.Decision)
    assert classes.phase_of(graph, event) == HVA.ImplementationEvent, "retyped within its kind, it keeps its phase"


def test_a_phase_is_refused_where_the_class_gives_another_or_the_statement_is_no_event(classes):
    graph, _ = draft(906)
    event = URIRef(f"{KP}/event/1")
    statements.retype(graph, classes, event, HVA.Hearing)
    with pytest.raises(EditError, match="preparation by its class"):
        statements.set_phase(graph, classes, event, HVA.ImplementationEvent)
    with pytest.raises(EditError, match="only an event"):
        statements.set_phase(graph, classes, f"{KP}/goal/1", HVA.PreparationEvent)
    with pytest.raises(EditError):
        statements.set_phase(graph, classes, event, HVA.Decision)


def test_an_event_of_no_more_particular_kind_changes_phase_by_its_class(classes):
    graph, text = draft(906)
    event = URIRef(f"{KP}/event/1")
    statements.retype(graph, classes, event, HVA.PreparationEvent)
    statements.set_phase(graph, classes, event, HVA.ImplementationEvent)
    assert set(written(graph, text).objects(event, RDF.type)) == {HVA.ImplementationEvent}


def test_a_decision_added_from_a_selection_is_of_the_preparation_until_the_curator_says_otherwise(classes):
    graph, text = draft(906)
    start = text.index("Aluevaltuusto")
    new = passages.add(graph, classes, text, KP, HVA.Decision, start, start + len("Aluevaltuusto hyväksyi"))
    assert set(graph.objects(new, RDF.type)) == {HVA.Decision, HVA.PreparationEvent}


@pytest.fixture(scope="module")
def known_with_stages(known):
    from hva_graph.curation.editing.values import STAGES, strategy_stages

    return {**known, STAGES: strategy_stages(ROOT / "shapes" / "data.ttl")}


def test_a_strategy_is_offered_its_stages_and_its_document_also_the_kinds_of_document(classes, known_with_stages):
    """issue 20: "preparation-plan" is a kind of document; the strategy it describes is "in-preparation"."""
    from hva_graph.curation.editing.values import FIELD, choices, set_values

    graph, _ = draft(906)
    status = "https://w3id.org/hva-graph/id/document-status/"
    document = next(graph.subjects(RDF.type, HVA.SourceDocument))
    offered = {str(c).rsplit("/", 1)[-1] for c in choices(graph, FIELD[SCHEMA.creativeWorkStatus], known_with_stages, URIRef(KP))}
    assert offered == {"adopted", "for-decision", "draft-for-comments", "in-preparation", "not-stated"}
    assert "preparation-plan" in {str(c).rsplit("/", 1)[-1] for c in
                                  choices(graph, FIELD[SCHEMA.creativeWorkStatus], known_with_stages, document)}
    set_values(graph, classes, document, SCHEMA.creativeWorkStatus, [status + "preparation-plan"], known_with_stages)
    set_values(graph, classes, KP, SCHEMA.creativeWorkStatus, [status + "in-preparation"], known_with_stages)
    with pytest.raises(EditError, match="not one of the choices"):
        set_values(graph, classes, KP, SCHEMA.creativeWorkStatus, [status + "preparation-plan"], known_with_stages)


def test_a_council_group_holds_a_meeting_but_no_decision(classes, known):
    """004's "valtuustoryhmienkin kokouksissa": the council's party groups meet on the strategy and
    take none of the county's decisions (hvash:DecisionShape)."""
    from hva_graph.curation.editing.values import FIELD, choices, set_values

    graph, text = draft(906)
    groups = URIRef("https://w3id.org/hva-graph/id/organisation/keski-pohjanmaa/council-groups")
    graph.add((groups, RDF.type, HVA.CouncilGroup))
    graph.add((groups, RDFS.label, Literal("Valtuustoryhmät", lang="fi")))
    event = URIRef(f"{KP}/event/1")
    assert groups not in choices(graph, FIELD[HVA.heldBy], known, event)
    with pytest.raises(EditError, match="council group"):
        set_values(graph, classes, event, HVA.heldBy, [str(groups)], known)
    statements.retype(graph, classes, event, HVA.PreparationEvent)
    set_values(graph, classes, event, HVA.heldBy, [str(groups)], known)
    assert written(graph, text).value(event, HVA.heldBy) == groups
    county = URIRef("https://w3id.org/hva-graph/id/organisation/keski-pohjanmaa")
    assert county in choices(graph, FIELD[HVA.heldBy], known, event), "the county itself holds events too"
