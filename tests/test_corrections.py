"""Corrections found in a line-by-line reading of the sources (issue 10, item 6), each checked
against the source text (sources/) rather than against identifiers."""

from __future__ import annotations

import datetime

from helpers import STRATEGY, column, rows

PK = STRATEGY + "pohjois-karjala-2023-2026"
EK = STRATEGY + "etela-karjala-2023-2025"
S002 = STRATEGY + "unidentified-002-2023-2025"
S003 = STRATEGY + "unidentified-003-2023-2025"
SG = "https://w3id.org/hva-graph/id/stakeholder-group/"


def parent_label(store, verbatim_start):
    found = rows(store, """
        SELECT ?text ?parent WHERE {
            ?s hva:verbatim ?text ; hva:partOf/rdfs:label ?parent .
            FILTER (LANG(?parent) = "fi")
        }""")
    return [parent for text, parent in found if text.startswith(verbatim_start)]


def test_003_the_three_lines_after_the_service_strategy_point_are_its_sub_points(store):
    # "- **Palvelustrategia ja palvelutasopäätös** ovat kiinteä osa hyvinvointialuestrategiaa."
    #  " - Palvelustrategiassa asetetaan ...", " - Tavoitteiden tulee perustua ...", " - Lisäksi laatimisessa ..."
    for start in ("Palvelustrategiassa asetetaan", "Tavoitteiden tulee perustua", "Lisäksi laatimisessa"):
        assert parent_label(store, start) == ["Palvelustrategia ja palvelutasopäätös ovat kiinteä osa hyvinvointialuestrategiaa."]
    # and the point about the residents' wellbeing has no sub-points of its own
    assert column(store, """
        SELECT ?child WHERE { ?child hva:partOf ?p . ?p hva:verbatim ?t . FILTER (STRSTARTS(?t, "asukkaiden hyvinvoinnin")) }""") == []


def test_003_the_councils_decision_by_the_end_of_2022_is_a_deadline_stated_once(store):
    found = rows(store, """
        SELECT ?s ?end ?precision ?status ?start WHERE {
            ?s hva:verbatim "Valtuusto päättää strategiasta vuoden 2022 loppuun mennessä"@fi .
            OPTIONAL { ?s schema:endDate ?end } OPTIONAL { ?s schema:startDate ?start }
            OPTIONAL { ?s hva:datePrecision ?precision } OPTIONAL { ?s hva:eventStatus ?status }
        }""")
    assert len(found) == 1, "one statement, not a plan step and a decision"
    _, end, precision, status, start = found[0]
    assert (start, end) == (None, datetime.date(2022, 12, 31))
    assert precision.endswith("#DeadlinePrecision") and status.endswith("#Planned")


def test_no_call_to_action_or_pointer_to_the_reader_is_a_statement(store):
    verbatims = column(store, "SELECT ?t WHERE { ?s a hva:StrategyElement ; hva:verbatim ?t }")
    assert "Tule mukaan vaikuttamaan" not in verbatims  # 003, a web call to action
    assert not [t for t in verbatims if t.startswith("Voit tutustua")]  # 002, a pointer to the reader


def test_a_heading_is_not_a_follow_up_arrangement(store):
    follow_ups = column(store, """SELECT ?t ?s WHERE {
        ?f a hva:FollowUpArrangement ; hva:inStrategy ?s ; hva:verbatim ?t ; hva:ordinal ?n } ORDER BY ?n""", s=S002)
    assert "Toimenpiteet ja indikaattorit mittaavat onnistumista" not in follow_ups
    assert [t[:30] for t in follow_ups] == ["Olemme määritelleet strategisi", "Toimenpiteet ja mittarit tarke"]


def test_the_strategy_document_the_pointer_named_stays_a_related_document(store):
    """What the pointer to the reader leaves: the strategy document it names is still a related document."""
    documents = column(store, "SELECT ?v ?s WHERE { ?d a hva:RelatedDocument ; hva:inStrategy ?s ; hva:verbatim ?v }", s=S002)
    assert "strategia-asiakirjassamme" in documents


def test_001_legal_basis_says_no_more_than_its_parenthetical_citation(store):
    # "(Laki sosiaali- ja terveydenhuollon järjestämisestä 612/2021: 29 §:n 2 momentti)"
    labels = rows(store, """
        SELECT ?fi ?en ?s WHERE { ?r a hva:LegalRequirement ; hva:inStrategy ?s ; rdfs:label ?fi , ?en .
                                  FILTER (LANG(?fi) = "fi" && LANG(?en) = "en") }""", s=EK)
    assert labels == [("Laki sosiaali- ja terveydenhuollon järjestämisestä 612/2021, 29 §:n 2 momentti",
                       "Act on Organising Healthcare and Social Welfare Services 612/2021, section 29, subsection 2", EK)]


def test_000_staff_and_supervisor_information_has_its_stakeholder_groups(store):
    # "- 3.6.2022 henkilöstöinfo ja esihenkilöinfo"
    groups = column(store, """
        SELECT ?g ?s WHERE { ?e a hva:InformationSession ; hva:inStrategy ?s ; hva:stakeholderGroup ?g }""", s=PK)
    assert sorted(groups) == [SG + "staff", SG + "supervisors"]


def english(store, finnish):
    return column(store, """
        SELECT ?en ?fi WHERE { ?s rdfs:label ?fi , ?en . FILTER (LANG(?en) = "en") }""", fi=finnish)


def test_english_labels_after_a_second_reading(store):
    from pyoxigraph import Literal

    def fi(text):
        return Literal(text, language="fi")

    assert english(store, fi("Rohkeasti uutta")) == ["Daring to do new things"]
    # "kouluttaja" here is the county as a training organisation (issue 20: not only placements)
    (employer,) = english(store, fi("Hyvinvointialue on arvostettu työnantaja ja kouluttaja"))
    assert "training organisation" in employer and "placements" not in employer
    (mission,) = english(store, fi("Hyvää elämää ja elämäniloa Pohjois-Karjalassa: tukea, turvaa ja hyvinvointia."))
    assert "zest for life" in mission


def test_jarjestot_are_ngos_in_english_everywhere(store):
    pairs = rows(store, """
        SELECT ?fi ?en WHERE { ?s rdfs:label ?fi , ?en .
            FILTER (LANG(?fi) = "fi" && LANG(?en) = "en" && REGEX(?fi, "järjestö", "i")) }""")
    assert pairs, "the sources name järjestöt"
    assert all("NGO" in en and "organisation" not in en.lower() for _, en in pairs), pairs


def test_the_001_values_and_promise_say_they_are_in_dialect(store):
    comments = rows(store, """
        SELECT ?label ?comment ?s WHERE {
            ?x hva:inStrategy ?s ; hva:verbatim ?label ; rdfs:comment ?comment .
            FILTER (LANG(?comment) = "en" && (STRSTARTS(?label, "Mie ") || STRSTARTS(?label, "Myö ")))
        }""", s=EK)
    assert sorted(label for label, *_ in comments) == [
        "Mie turvaan.", "Mie uskallan.", "Mie vastaan.", "Mie välitän.", "Myö välitetään toisistamme."]
    assert all("dialect" in comment for _, comment, _ in comments)
