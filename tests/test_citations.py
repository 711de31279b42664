"""Competency question 17: any statement, strategy or source document can be cited in a form a
reference manager takes. The BibTeX is read back by a BibTeX parser (bibtexparser), the RIS by an
RIS reader (rispy), the CSL-JSON validated against the CSL schema (tests/fixtures/csl, v1.0.2)
and rendered by a CSL processor (citeproc-py, with a style it ships). Expected values are read
off the sources (sources/) and off the data; nothing is more precise than the source."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import citeproc
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "csl" / "csl-data.json").read_text(encoding="utf-8"))
ID = "https://w3id.org/hva-graph/id/"
EK_VALUE = ID + "strategy/etela-karjala-2023-2025/value/1"  # 001: "Mie turvaan."
PK = ID + "strategy/pohjois-karjala-2023-2026"  # 000: "Aluehallitus 29.9.2022" in its title block
PH_SOURCE = ID + "source/004_92a1491bca2564a8.txt"  # 004: a draft for comments, no date beside its status
CITABLE = [EK_VALUE, PK, PH_SOURCE]
TYPES = {"bibtex": "application/x-bibtex", "ris": "application/x-research-info-systems",
         "csl": "application/vnd.citationstyles.csl+json"}


def cited_release(service) -> str:
    """What a citation names as its version: the number of the release whose recorded digest is
    the data version served (releases/*/release.json, read here as a user reads the repository),
    else the data version itself."""
    for record in sorted((service.settings.releases_folder).glob("*/release.json")):
        made = json.loads(record.read_text(encoding="utf-8"))
        if made["digest"] == service.version:
            return made["number"]
    return service.version


def local(iri: str) -> str:
    return "/" + iri.split("/hva-graph/", 1)[1]


def fetch(client, iri: str, key: str, lang: str = "en", by_accept: bool = False):
    if by_accept:
        response = client.get(local(iri) + f"?lang={lang}", headers={"Accept": TYPES[key]})
    else:
        response = client.get(local(iri) + f"?format={key}&lang={lang}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == TYPES[key]
    assert "attachment" in response.headers["Content-Disposition"]
    return response.get_data(as_text=True)


def csl(client, iri: str, lang: str = "en") -> dict:
    items = json.loads(fetch(client, iri, "csl", lang))
    jsonschema.validate(items, SCHEMA, cls=jsonschema.Draft7Validator)
    (item,) = items
    return item


def label(store, iri: str, lang: str) -> str:
    query = f'SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER (LANG(?l) = "{lang}") }}'
    return next(iter(store.query(query, use_default_graph_as_union=True)))["l"].value


def county_of(store, iri: str) -> str:
    query = f"""PREFIX hva: <https://w3id.org/hva-graph/ontology#>
      SELECT ?county WHERE {{ {{ <{iri}> hva:inStrategy/hva:organiser ?county }} UNION {{ <{iri}> hva:organiser ?county }}
                             UNION {{ <{iri}> hva:describes/hva:organiser ?county }} }}"""
    return next(iter(store.query(query, use_default_graph_as_union=True)))["county"].value


@pytest.mark.parametrize("iri", CITABLE)
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_csl_json_validates_against_the_csl_schema_and_names_what_a_citation_must(client, store, service, iri, lang):
    item = csl(client, iri, lang)
    assert item["URL"] == iri
    assert item["version"] == cited_release(service), "the release (or data version) it was read from"
    assert item["author"] == [{"literal": label(store, county_of(store, iri), lang)}], "the county, in the page's language"
    assert item["status"] and item["note"]
    assert "accessed" not in item, "no access date: a reference manager adds its own"


def test_a_statement_is_cited_with_its_passage_its_document_and_the_month_its_source_gives(client, store, seeds):
    item = csl(client, EK_VALUE, "fi")
    text = (seeds / "001_1ea51d137e0ea09d.txt").read_text(encoding="utf-8")
    start, end = map(int, re.search(r"merkit (\d+)–(\d+)", item["note"]).groups())
    assert text[start:end] == "Mie turvaan." and "«Mie turvaan.»" in item["note"]
    assert item["title"] == "Mie turvaan."
    assert item["container-title"] == label(store, ID + "strategy/etela-karjala-2023-2025", "fi")
    assert item["status"] == label(store, ID + "document-status/adopted", "fi")
    # 001: "Hyvinvointialueen kokonaisstrategia on hyväksytty aluevaltuustossa joulukuussa 2022."
    assert "joulukuussa 2022" in text
    assert item["issued"] == {"date-parts": [[2022, 12]]}, "a month, never its first day"


def test_a_strategy_takes_the_day_its_title_block_gives_and_a_draft_without_a_date_has_none(client, seeds):
    text = (seeds / "000_075d73e6a4f88822.txt").read_text(encoding="utf-8")
    assert "Aluehallitus 29.9.2022" in text[:200]
    assert csl(client, PK)["issued"] == {"date-parts": [[2022, 9, 29]]}
    draft = csl(client, PH_SOURCE)
    assert "issued" not in draft, "004 gives no date beside its status, so the citation gives none"
    assert draft["status"] == "Draft for comments"


@pytest.mark.parametrize("iri", CITABLE)
def test_the_bibtex_parses_with_a_bibtex_parser(client, iri):
    item = csl(client, iri, "fi")
    library = bibtexparser.parse_string(fetch(client, iri, "bibtex", "fi"), append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == [] and len(library.entries) == 1
    entry = library.entries[0]
    fields = {name: field.value for name, field in entry.fields_dict.items()}
    assert entry.key == item["id"] and entry.entry_type == "misc"
    assert fields["author"] == item["author"][0]["literal"]
    assert fields["title"] == item["title"] and fields["url"] == item["URL"] and fields["version"] == item["version"]
    assert fields["note"] == item["note"] and fields["pubstate"] == item["status"]
    assert "urldate" not in fields
    if "issued" not in item:
        assert "year" not in fields and "date" not in fields


def test_the_bibtex_date_says_no_more_than_the_source(client):
    fields = {name: field.value for name, field in bibtexparser.parse_string(
        fetch(client, EK_VALUE, "bibtex")).entries[0].fields_dict.items()}
    assert (fields["year"], fields["month"], fields["date"]) == ("2022", "dec", "2022-12")
    pk = {name: field.value for name, field in bibtexparser.parse_string(fetch(client, PK, "bibtex")).entries[0].fields_dict.items()}
    assert pk["date"] == "2022-09-29"


@pytest.mark.parametrize("iri", CITABLE)
def test_the_ris_reads_back_with_an_ris_reader(client, iri):
    item = csl(client, iri)
    (entry,) = rispy.loads(fetch(client, iri, "ris", by_accept=True))
    assert entry["type_of_reference"] == "GEN"
    assert entry["authors"] == [item["author"][0]["literal"]]
    assert entry["title"] == item["title"] and entry["urls"] == [item["URL"]]
    assert entry["notes"] == [item["note"]] and entry["edition"] == item["version"]
    assert "access_date" not in entry


def test_the_ris_date_is_a_month_where_the_source_gives_a_month(client):
    (entry,) = rispy.loads(fetch(client, EK_VALUE, "ris"))
    assert (entry["year"], entry["date"]) == ("2022", "2022/12//")


@pytest.mark.parametrize("iri", CITABLE)
def test_a_csl_processor_renders_a_sensible_reference_with_a_style_it_ships(client, iri):
    item = csl(client, iri)
    shipped = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
    style = CitationStylesStyle(str(shipped), locale="en-GB", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    text = str(bibliography.bibliography()[0])
    assert item["author"][0]["literal"] in text and item["title"] in text and item["URL"] in text
    year = str(item["issued"]["date-parts"][0][0]) if "issued" in item else "no date"
    assert year in text


def test_the_page_shows_the_reference_and_its_downloads(client, service):
    html = client.get(local(EK_VALUE) + "?lang=fi", headers={"Accept": "text/html"}).get_data(as_text=True)
    section = re.search(r'<section class="cite".*?</section>', html, re.S).group(0)
    reference = re.sub(r"\s+", " ", re.search(r'<p class="reference"[^>]*>(.*?)</p>', section, re.S).group(1))
    for part in ("Etelä-Karjalan hyvinvointialue", "Mie turvaan.", "Hyväksytty", "joulukuu 2022", EK_VALUE, cited_release(service)):
        assert part in reference, (part, reference)
    assert "1.12.2022" not in reference and "2022-12-01" not in reference
    assert {"BibTeX", "RIS", "CSL-JSON"} <= set(re.findall(r'download>([^<]+)</a>', section))


def test_a_statement_is_cited_in_two_clicks_from_a_query_page(client):
    """Click 1: the statement in the values table; click 2: BibTeX on its page."""
    html = client.get("/queries/values?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    first = re.search(r'href="(/id/strategy/etela-karjala-2023-2025/value/1\?lang=en)"', html).group(1)
    page = client.get(first, headers={"Accept": "text/html"}).get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)" download>BibTeX</a>', page).group(1).replace("&amp;", "&")
    answer = client.get(local(EK_VALUE) + link)
    assert answer.status_code == 200 and answer.mimetype == "application/x-bibtex"


@pytest.mark.parametrize("key", sorted(TYPES))
def test_an_iri_that_is_no_statement_strategy_or_document_answers_406_with_what_it_has(client, key):
    response = client.get("/id/organisation/paijat-hame", headers={"Accept": TYPES[key]})
    assert response.status_code == 406
    text = response.get_data(as_text=True)
    assert "not a statement, strategy or source document" in text
    assert "text/html" in text and "text/turtle" in text
    assert client.get("/id/organisation/paijat-hame?format=" + key).status_code == 406


def test_a_wildcard_never_asks_for_a_citation(client):
    response = client.get(local(EK_VALUE), headers={"Accept": "*/*"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    response = client.get(local(EK_VALUE), headers={"Accept": "text/turtle, application/x-bibtex;q=0.5"})
    assert response.mimetype == "text/turtle"
