"""Every date at the precision its source gives (issue 20): the forms people read in fi, sv and
en, read off the sources (000: "17.-18.5.2022", "ad. 15.8.2022"; 001: "joulukuussa 2022"; 003:
"vuoden 2022 loppuun mennessä"; 004: "keväällä 2021"), their order, and a fixture with a date
planted at every precision (tests/fixtures/dates) run through every canned query's page, grid,
chart and table download, and the pages of what it dates: no day-level form of a month, a
season, a year or a deadline anywhere. The ISO values stay in the answers for machines, with the
precision beside them."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from hva_graph.canned.files import load_queries
from hva_graph.readable.dates import When, when

HVA = "https://w3id.org/hva-graph/ontology#"
DAY, MONTH, SEASON, YEAR, DEADLINE = (HVA + name + "Precision" for name in ("Day", "Month", "Season", "Year", "Deadline"))
ROOT = Path(__file__).parents[1]
QUERIES = load_queries(ROOT / "queries")
FIXTURE = Path(__file__).parent / "fixtures" / "dates" / "source-999.ttl"
PLANTED = "https://w3id.org/hva-graph/id/strategy/lappi-2031-2035"


# --- the forms -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang, start, end, precision, expected", [
    # 001: "hyväksytty aluevaltuustossa joulukuussa 2022"
    ("fi", "2022-12-01", "2022-12-31", MONTH, "joulukuu 2022"),
    ("sv", "2022-12-01", "2022-12-31", MONTH, "december 2022"),
    ("en", "2022-12-01", "2022-12-31", MONTH, "December 2022"),
    # 004: "käynnisti strategian valmistelun keväällä 2021"
    ("fi", "2021-03-01", "2021-05-31", SEASON, "kevät 2021"),
    ("sv", "2021-03-01", "2021-05-31", SEASON, "våren 2021"),
    ("en", "2021-03-01", "2021-05-31", SEASON, "spring 2021"),
    # 000: "- 21.6.2022 Aluehallitus hyväksyi strategialuonnoksen lausunnoille ad. 15.8.2022"
    ("fi", None, "2022-08-15", DEADLINE, "viimeistään 15.8.2022"),
    ("sv", None, "2022-08-15", DEADLINE, "senast 15.8.2022"),
    ("en", None, "2022-08-15", DEADLINE, "by 15 August 2022"),
    # 000: "- 17.-18.5.2022 Aluevaltuuston strategiaseminaari"
    ("fi", "2022-05-17", "2022-05-18", DAY, "17.–18.5.2022"),
    ("en", "2022-05-17", "2022-05-18", DAY, "17–18 May 2022"),
    ("fi", "2022-06-21", "2022-08-15", DAY, "21.6.–15.8.2022"),
    ("en", "2022-06-21", "2022-08-15", DAY, "21 June – 15 August 2022"),
    ("fi", "2022-10-11", "2022-10-11", DAY, "11.10.2022"),
    # 003: "Valtuusto päättää strategiasta vuoden 2022 loppuun mennessä"
    ("fi", None, "2022-12-31", DEADLINE, "vuoden 2022 loppuun mennessä"),
    ("en", None, "2022-12-31", DEADLINE, "by the end of 2022"),
    # 000: "Hyvinvointialuestrategia vuosille 2023-26"
    ("fi", "2023-01-01", "2026-12-31", YEAR, "2023–2026"),
    ("en", "2022-01-01", "2022-12-31", YEAR, "2022"),
    # 003: "Kevät ja alkukesä 2022": no finer than the seasons it spans
    ("fi", "2022-03-01", "2022-06-30", SEASON, "kevät–kesä 2022"),
    ("en", "2022-03-01", "2022-06-30", SEASON, "spring–summer 2022"),
])
def test_a_date_is_written_at_its_precision(lang, start, end, precision, expected):
    assert when(start, end, precision).text(lang) == expected


def test_what_is_undated_says_so():
    assert {lang: When(None, None).text(lang) for lang in ("fi", "sv", "en")} == {
        "fi": "ajankohtaa ei kerrota", "sv": "tidpunkten anges inte", "en": "date not stated"}


def test_dates_sort_by_their_first_day_then_open_ended_then_undated_without_inventing_one():
    december = when("2022-12-01", "2022-12-31", MONTH)
    fifth = when("2022-12-05", "2022-12-05", DAY)
    autumn = when("2022-09-01", "2022-11-30", SEASON)
    deadline = when(None, "2022-08-15", DEADLINE)
    undated = When(None, None)
    ordered = sorted([undated, deadline, fifth, december, autumn], key=When.sort_key)
    assert ordered == [autumn, december, fifth, deadline, undated]
    assert [w.sort_text() for w in ordered] == sorted(w.sort_text() for w in ordered), "the pages' data-sort agrees"


# --- a date planted at every precision, through every page -------------------------------------

MONTHS = {"fi": ("tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu",
                 "syyskuu", "lokakuu", "marraskuu", "joulukuu"),
          "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                 "november", "december"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December")}
ALL_MONTHS = "|".join(name for names in MONTHS.values() for name in names)


def finer_than_planted(text: str) -> list[str]:
    """Day-level forms of the planted month (2032), season (2033), year (2034), year-end
    deadline (2035) and period (2031–2035, years), and month-level forms of the season and year."""
    found = []
    for year in (2032, 2033, 2034, 2035):
        found += re.findall(rf"(?<![\d.])\d{{1,2}}\.\s?\d{{1,2}}\.\s?{year}\b", text)  # 1.12.2032
        found += re.findall(rf"\b{year}-\d\d-\d\d\b", text)  # 2032-12-01
        found += re.findall(rf"\b\d{{1,2}}\.? (?:{ALL_MONTHS})\w* {year}\b", text)  # 1 December 2032, 1. joulukuuta 2032
    for year in (2033, 2034, 2035):
        found += re.findall(rf"\b(?:{ALL_MONTHS}) {year}\b", text)  # a month of the season, of the year
        found += re.findall(rf"\b{year}-(?:0[1-9]|1[0-2])\b", text)  # an ISO month (2033-21 is EDTF's spring)
    found += re.findall(r"(?<![\d.])1\.1\.2031\b|\b2031-01-01\b|\b1 January 2031\b", text)  # the period's first day
    return found


@pytest.fixture(scope="module")
def planted(settings, knowledge):
    from hva_graph.service import Service
    from hva_graph.web.app import create_app

    graphs = {**knowledge.graphs, URIRef("https://w3id.org/hva-graph/graph/source-999"): Graph().parse(FIXTURE)}
    service = Service.from_graphs(settings, graphs)
    yield create_app({"TESTING": True, "SETTINGS": settings, "SERVICE": service}).test_client()
    service.close()


def read(client, url: str) -> str:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
    return unescape(response.get_data(as_text=True).replace("\ufeff", ""))


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_no_page_grid_chart_or_table_download_is_finer_than_its_source(planted, name):
    found = {}
    for lang in ("fi", "sv", "en"):
        urls = [f"/queries/{name}?lang={lang}", f"/queries/{name}/table.csv?lang={lang}"]
        if QUERIES[name].grid:
            urls.append(f"/queries/{name}/grid.csv?lang={lang}")
        if "strategy" in QUERIES[name].parameters:
            urls.append(f"/queries/{name}?lang={lang}&strategy=lappi-2031-2035")
        for url in urls:
            if too_fine := finer_than_planted(read(planted, url)):
                found[url] = too_fine
    assert found == {}


@pytest.mark.parametrize("path", ["/id/strategy/lappi-2031-2035", "/id/source/999_fixture.txt",
                                  *(f"/id/strategy/lappi-2031-2035/event/{n}" for n in range(1, 7))])
def test_no_resource_page_or_citation_is_finer_than_its_source(planted, path):
    found = {}
    for lang in ("fi", "sv", "en"):
        for url in (f"{path}?lang={lang}", f"{path}?lang={lang}&format=bibtex", f"{path}?lang={lang}&format=ris"):
            response = planted.get(url, headers={"Accept": "text/html"})
            if response.status_code == 406:  # an event is cited as a statement; every page has no citation
                continue
            if too_fine := finer_than_planted(unescape(response.get_data(as_text=True))):
                found[url] = too_fine
    assert found == {}


def test_the_planted_dates_read_as_their_source_gives_them_in_date_order(planted):
    rows = list(csv.reader(io.StringIO(read(planted, "/queries/preparation-timeline/table.csv?lang=en&strategy=lappi-2031-2035"))))
    column = rows[0].index("When")
    assert [row[column] for row in rows[1:]] == [
        "17–18 May 2031", "December 2032", "spring 2033", "2034",  # dated, by their first day
        "by 15 August 2031", "by the end of 2035"]  # then the deadlines, which have no first day
    approvals = read(planted, "/queries/approvals?lang=fi")
    assert "joulukuu 2032" in approvals and "vuoden 2035 loppuun mennessä" in approvals
    overview = read(planted, "/queries/strategy-overview/grid.csv?lang=sv")
    assert "2031–2035" in overview and "våren 2033" in overview


def test_the_timeline_chart_places_a_month_as_the_span_of_the_month(planted):
    html = planted.get("/queries/preparation-timeline?lang=en&strategy=lappi-2031-2035").get_data(as_text=True)
    spec = json.loads(unescape(re.search(r'data-spec="([^"]*)"', html).group(1)))["wide"]
    (december,) = [row for row in spec["data"]["values"] if row["when"] == "December 2032"]
    day = 86_400_000
    assert (december["until"] - december["from"]) // day == 31, "from its first day to the end of its last"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_machines_get_the_iso_values_with_the_precision_beside_them(planted, name):
    answer = planted.get(f"/queries/{name}/results?format=json")
    assert answer.status_code == 200
    for row in answer.json["results"]["bindings"]:
        dated = [v for v, term in row.items() if term.get("datatype", "").endswith("#date")]
        precisions = {term["value"] for term in row.values() if term["value"].endswith("Precision")}
        assert not dated or precisions, (name, row)
