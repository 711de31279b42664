"""What each source says, checked against expectations read off the source texts
(sources/), not off the data."""

from __future__ import annotations

import datetime

import pytest
from helpers import STRATEGY, column, rows

PK = STRATEGY + "pohjois-karjala-2023-2026"
EK = STRATEGY + "etela-karjala-2023-2025"
S002 = STRATEGY + "unidentified-002-2023-2025"
S003 = STRATEGY + "unidentified-003-2023-2025"
PH = STRATEGY + "paijat-hame-2023-2025"
ORG = "https://w3id.org/hva-graph/id/organisation/"


def labels(store, strategy, kind, lang="fi"):
    return column(store, """
        SELECT ?label ?strategy ?kind WHERE {
            ?s a ?kind ; hva:inStrategy ?strategy ; hva:ordinal ?n ; rdfs:label ?label .
            FILTER (LANG(?label) = "%s")
        } ORDER BY ?n""" % lang, strategy=strategy, kind="https://w3id.org/hva-graph/ontology#" + kind)


def verbatims(store, strategy, kind):
    return column(store, """
        SELECT ?text ?strategy ?kind WHERE {
            ?s a ?kind ; hva:inStrategy ?strategy ; hva:ordinal ?n ; hva:verbatim ?text .
        } ORDER BY ?n""", strategy=strategy, kind="https://w3id.org/hva-graph/ontology#" + kind)


# --- 000 Pohjois-Karjala ----------------------------------------------------

def test_000_has_five_values_in_source_order_with_the_typo_corrected_in_the_label(store):
    assert labels(store, PK, "Value") == [
        "Asiakaslähtöisyys", "Vastuullisuus", "Turvallisuus", "Yhdenvertaisuus", "Avarakatseisuus"]
    assert verbatims(store, PK, "Value")[0].startswith("Asiakslähtöisyys")


def test_000_values_carry_their_descriptions(store):
    descriptions = column(store, """
        SELECT ?d ?strategy WHERE {
            ?s a hva:Value ; hva:inStrategy ?strategy ; hva:ordinal ?n ; dcterms:description ?d .
            FILTER (LANG(?d) = "fi")
        } ORDER BY ?n""", strategy=PK)
    assert len(descriptions) == 5
    assert descriptions[0] == "Toimintamme on inhimillistä, arvostavaa ja osallistavaa. Toimimme aina asiakkaan parhaaksi."
    assert "YK:n lapsen oikeuksien yleissopimusta" in descriptions[1]


def test_000_has_seven_strategic_goals_in_order(store):
    goals = verbatims(store, PK, "StrategicGoal")
    assert len(goals) == 7
    assert goals[0].startswith("Toimintamme lähtökohtana on ennaltaehkäisy")
    assert goals[4] == "Huolehdimme henkilöstön riittävydestä, osaamisesta, työhyvinvoinnista ja sitoutuneisuudesta."
    assert goals[6].endswith("päätöksenteko lapsen edun mukaista.")


def test_000_has_six_critical_success_factors_and_a_service_promise(store):
    assert len(labels(store, PK, "CriticalSuccessFactor")) == 6
    assert verbatims(store, PK, "ServicePromise") == ["Oikea palvelu, oikeaan aikaan, oikeassa paikassa"]
    assert verbatims(store, PK, "EmployerPromise") == []


def test_000_mission_and_vision(store):
    assert labels(store, PK, "Mission") == ["Hyvää elämää ja elämäniloa Pohjois-Karjalassa: tukea, turvaa ja hyvinvointia."]
    assert labels(store, PK, "Vision") == ["Yhdessä tehden vaikuttavimmat palvelut"]


def test_000_surveys_and_requests_for_statements_with_their_respondent_counts(store):
    found = rows(store, """
        SELECT ?group ?n ?kind ?strategy WHERE {
            ?c a ?kind ; hva:inStrategy ?strategy ; hva:stakeholderGroup ?group ; hva:respondentCount ?n .
            FILTER (?kind IN (hva:Survey, hva:RequestForStatements))
        }""", strategy=PK)
    by_group = {(group.rsplit("/", 1)[1], kind.rsplit("#", 1)[1]): n for group, n, kind, _ in found}
    assert by_group == {
        ("staff", "Survey"): 1031,
        ("residents", "Survey"): 481,
        ("stakeholders", "RequestForStatements"): 20,
        ("bodies", "RequestForStatements"): 7,
    }


def test_000_preparation_timeline_is_dated_and_in_source_order(store):
    events = rows(store, """
        SELECT ?start ?end ?strategy WHERE {
            ?e a hva:PreparationEvent ; hva:inStrategy ?strategy ; hva:ordinal ?n ;
               schema:startDate ?start ; schema:endDate ?end .
        } ORDER BY ?n""", strategy=PK)
    starts = [start for start, _, _ in events]
    d = datetime.date
    expected = [d(2022, 3, 21), d(2022, 4, 28), d(2022, 5, 17), d(2022, 6, 3), d(2022, 6, 15),
                d(2022, 6, 21), d(2022, 8, 25), d(2022, 9, 20), d(2022, 9, 29), d(2022, 10, 11)]
    assert sorted(set(starts)) == expected
    assert starts == sorted(starts), "the source lists its timeline in date order"
    ends = {start: end for start, end, _ in events}
    assert ends[d(2022, 5, 17)] == d(2022, 5, 18)
    assert ends[d(2022, 8, 25)] == d(2022, 8, 26)


def test_000_council_handled_the_strategy_on_11_october_2022(store):
    found = rows(store, """
        SELECT ?body ?strategy WHERE {
            ?e a hva:Decision ; hva:inStrategy ?strategy ; schema:startDate "2022-10-11"^^xsd:date ;
               hva:heldBy ?body .
        }""", strategy=PK)
    assert [body for body, _ in found] == [ORG + "pohjois-karjala/body/aluevaltuusto"]


# --- 001 Etelä-Karjala -------------------------------------------------------

def test_001_has_four_values_each_beginning_mie(store):
    values = verbatims(store, EK, "Value")
    assert values == ["Mie turvaan.", "Mie uskallan.", "Mie vastaan.", "Mie välitän."]


def test_001_has_three_spearheads(store):
    assert labels(store, EK, "Priority") == [
        "Henkilöstöön panostaminen", "Prosessit ja sujuvuus", "Palveluiden porrastus"]


def test_001_employer_promise(store):
    assert verbatims(store, EK, "EmployerPromise") == ["Myö välitetään toisistamme."]


def test_001_strategy_approved_by_the_regional_council_in_december_2022(store):
    found = rows(store, """
        SELECT ?start ?end ?body ?precision ?strategy WHERE {
            ?e a hva:Decision ; hva:inStrategy ?strategy ; hva:concerns ?strategy ;
               schema:startDate ?start ; schema:endDate ?end ; hva:heldBy ?body ; hva:datePrecision ?precision .
        }""", strategy=EK)
    assert [(s, e, b.rsplit("/", 1)[1], p.rsplit("#", 1)[1]) for s, e, b, p, _ in found] == [
        (datetime.date(2022, 12, 1), datetime.date(2022, 12, 31), "aluevaltuusto", "MonthPrecision")]


def test_001_names_its_related_documents(store):
    kinds = column(store, """
        SELECT ?kind ?strategy WHERE {
            ?d a ?kind ; hva:inStrategy ?strategy . ?kind rdfs:subClassOf hva:RelatedDocument .
        }""", strategy=EK)
    assert {k.rsplit("#", 1)[1] for k in kinds} >= {
        "ServiceStrategy", "ServiceLevelDecision", "ImplementationProgramme", "StaffProgramme"}


# --- 002 unidentified --------------------------------------------------------

def test_002_has_twelve_principles_under_four_priorities_three_each(store):
    found = rows(store, """
        SELECT ?priority ?pn ?principle ?strategy WHERE {
            ?p a hva:Priority ; hva:inStrategy ?strategy ; hva:ordinal ?pn ; rdfs:label ?priority .
            ?s a hva:StrategicPrinciple ; hva:partOf ?p ; hva:ordinal ?n ; hva:verbatim ?principle .
            FILTER (LANG(?priority) = "fi")
        } ORDER BY ?n""", strategy=S002)
    assert len(found) == 12
    groups: dict[str, list[str]] = {}
    for priority, _, principle, _ in found:
        groups.setdefault(priority, []).append(principle)
    assert list(groups) == ["Ihmistä varten", "Vaikuttavasti yhdessä", "Parhaat osaajat", "Rohkeasti uutta"]
    assert [len(v) for v in groups.values()] == [3, 3, 3, 3]
    assert groups["Rohkeasti uutta"][-1] == "Uudistaminen kuuluu kaikille"
    assert groups["Ihmistä varten"][0].startswith("Osallisuus, varhainen tuki")


@pytest.mark.parametrize("strategy", [S002, S003])
def test_002_and_003_have_an_unidentified_organiser(store, strategy):
    kinds = column(store, "SELECT ?kind ?strategy WHERE { ?strategy hva:organiser/a ?kind }", strategy=strategy)
    assert "https://w3id.org/hva-graph/ontology#UnidentifiedCounty" in kinds


# --- 003 unidentified: the participation table -------------------------------

def test_003_participation_table_has_six_groups_with_purposes_and_methods_in_both_phases(store):
    purposes = rows(store, """
        SELECT ?group (COUNT(?p) AS ?n) ?strategy WHERE {
            ?p a hva:ConsultationPurpose ; hva:inStrategy ?strategy ; hva:stakeholderGroup ?group .
        } GROUP BY ?group ?strategy""", strategy=S003)
    methods = rows(store, """
        SELECT ?group ?phase (COUNT(?c) AS ?n) ?strategy WHERE {
            ?c a hva:Consultation ; hva:inStrategy ?strategy ; hva:stakeholderGroup ?group ;
               hva:phase/rdfs:label ?phase .
            FILTER (LANG(?phase) = "en")
        } GROUP BY ?group ?phase ?strategy""", strategy=S003)
    groups = {"staff", "residents", "organisations", "decision-makers", "companies", "other-stakeholders"}
    assert {g.rsplit("/", 1)[1] for g, _, _ in purposes} == groups
    phases = {(g.rsplit("/", 1)[1], phase) for g, phase, _, _ in methods}
    assert phases == {(g, p) for g in groups for p in ("Spring and early summer 2022", "Autumn 2022")}


def test_003_staff_methods_read_off_the_table(store):
    staff = rows(store, """
        SELECT ?text ?phase ?strategy WHERE {
            ?c a hva:Consultation ; hva:inStrategy ?strategy ; hva:stakeholderGroup sg:staff ;
               hva:ordinal ?n ; hva:verbatim ?text ; hva:phase/hva:verbatim ?phase .
        } ORDER BY ?n""", strategy=S003)
    assert [(t, p) for t, p, _ in staff] == [
        ("Henkilöstökysely", "kevät ja alkukesä 2022"),
        ("Eri foorumit/työpajat", "kevät ja alkukesä 2022"),
        ("Tiedotuskanavat", "kevät ja alkukesä 2022"),
        ("Henkilöstökyselyt", "syksyllä 2022"),
        ("Eri foorumit ja työpajat", "syksyllä 2022"),
        ("Lausuntopyynnöt", "syksyllä 2022"),
    ]


# --- 004 Päijät-Häme ---------------------------------------------------------

def test_004_has_three_main_goals_each_with_exactly_one_precondition(store):
    found = rows(store, """
        SELECT ?goal (COUNT(?pre) AS ?n) ?strategy WHERE {
            ?g a hva:StrategicGoal ; hva:inStrategy ?strategy ; rdfs:label ?goal .
            OPTIONAL { ?pre hva:preconditionFor ?g }
            FILTER (LANG(?goal) = "fi")
        } GROUP BY ?goal ?strategy""", strategy=PH)
    assert sorted(goal for goal, _, _ in found) == sorted([
        "Vaikuttavat, kustannustehokkaat ja saavutettavat palvelut erinomaisella asiakaskokemuksella",
        "Vakiintunut asema alan parhaana julkisena työpaikkana",
        "Sujuva yhteistyö asukkaiden parhaaksi rakentuu luottamuksesta alueen kuntien, yhteisöjen ja valtionhallinnon kanssa",
    ])
    assert [n for _, n, _ in found] == [1, 1, 1]


def test_004_has_six_focus_areas_and_four_values(store):
    priorities = verbatims(store, PH, "Priority")
    assert len(priorities) == 6
    assert priorities[0] == "Asiointi on sujuvaa ja asiakkaita ohjataan sekä tuetaan erinomaisesti"
    assert priorities[5] == "Kokonaisturvallisuuden osaaminen on vahvaa ja siihen luotetaan"
    assert labels(store, PH, "Value") == ["Luottamus", "Rohkeus", "Välittäminen", "Oikeudenmukaisuus"]


def test_004_preparation_started_by_the_interim_body_in_spring_2021(store):
    found = rows(store, """
        SELECT ?start ?end ?body ?strategy WHERE {
            ?e a hva:PreparationEvent ; hva:inStrategy ?strategy ; hva:ordinal 1 ;
               schema:startDate ?start ; schema:endDate ?end ; hva:heldBy ?body .
        }""", strategy=PH)
    assert found == [(datetime.date(2021, 3, 1), datetime.date(2021, 5, 31), ORG + "paijat-hame/body/vate", PH)]


# --- Across sources ----------------------------------------------------------

def test_strategy_periods_as_the_sources_give_them(store):
    periods = dict((s, (a.year, b.year)) for s, a, b in rows(store, """
        SELECT ?s ?start ?end WHERE { ?s a hva:Strategy ; dcterms:temporal [ dcat:startDate ?start ; dcat:endDate ?end ] }"""))
    assert periods == {PK: (2023, 2026), EK: (2023, 2025), S002: (2023, 2025), S003: (2023, 2025), PH: (2023, 2025)}


def test_all_21_counties_and_helsinki_exist_with_three_names(store):
    named = rows(store, """
        SELECT ?org (COUNT(DISTINCT LANG(?l)) AS ?langs) WHERE {
            ?org a hva:ServiceOrganiser ; rdfs:label ?l .
            FILTER NOT EXISTS { ?org a hva:UnidentifiedCounty }
        } GROUP BY ?org""")
    assert len(named) == 22
    assert all(langs == 3 for _, langs in named)
    counties = column(store, """SELECT ?c WHERE { ?c a hva:WellbeingServicesCounty
                                FILTER NOT EXISTS { ?c a hva:UnidentifiedCounty } }""")
    assert len(counties) == 21


def test_counties_without_a_strategy_here(store):
    without = column(store, """
        SELECT ?org WHERE {
            ?org a hva:ServiceOrganiser .
            FILTER NOT EXISTS { ?org a hva:UnidentifiedCounty }
            FILTER NOT EXISTS { ?strategy hva:organiser ?org }
        }""")
    assert len(without) == 19  # 21 counties + Helsinki, less the three named by sources 000, 001 and 004
    assert ORG + "helsinki" in without
    assert not {ORG + "pohjois-karjala", ORG + "etela-karjala", ORG + "paijat-hame"} & set(without)


def test_workforce_theme_is_tagged_in_000_001_002_and_004(store):
    strategies = column(store, """
        SELECT DISTINCT ?strategy WHERE {
            GRAPH <https://w3id.org/hva-graph/graph/annotations> { ?s hva:theme theme:workforce }
            ?s hva:inStrategy ?strategy .
        }""")
    assert set(strategies) == {PK, EK, S002, PH}


def test_every_statement_has_finnish_and_english_labels(store):
    missing = column(store, """
        SELECT ?s WHERE {
            ?s a hva:StrategyElement .
            FILTER (NOT EXISTS { ?s rdfs:label ?fi FILTER (LANG(?fi) = "fi") }
                 || NOT EXISTS { ?s rdfs:label ?en FILTER (LANG(?en) = "en") })
        }""")
    assert missing == []
