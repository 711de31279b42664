"""Exports a person can open (issue 20): every canned query's SPARQL answer names every IRI it
returns, in the language asked for (Finnish by default), so its CSV reads without the graph; the
table and grid of every page download as the page shows them, under the page's headings; lists
inside cells in one order on every engine; pickers that offer only values giving rows; search
results a person can read. Expected names are read off the store, not off the pages."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import openpyxl
import pytest

from hva_graph.canned.files import load_queries

QUERIES = load_queries(__import__("pathlib").Path(__file__).parents[1] / "queries")
LANGUAGES = ("fi", "sv", "en")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def names_in_store(store, iri: str) -> dict[str, str]:
    query = f"SELECT ?l WHERE {{ <{iri}> <{RDFS_LABEL}> ?l }}"
    return {row["l"].language or "": row["l"].value for row in store.query(query, use_default_graph_as_union=True)}


def sparql_csv(client, name: str, lang: str | None) -> list[dict]:
    url = f"/queries/{name}/results?format=csv" + (f"&lang={lang}" if lang else "")
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def iri_columns(client, name: str) -> set[str]:
    rows = client.get(f"/queries/{name}/results?format=json").json["results"]["bindings"]
    return {variable for row in rows for variable, term in row.items() if term["type"] == "uri"}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_csv_of_every_canned_query_has_a_name_column_for_every_iri_column(client, name):
    iris = iri_columns(client, name)
    assert iris, f"{name} returns IRIs"
    for lang in (None, *LANGUAGES):
        rows = sparql_csv(client, name, lang)
        assert rows and all(f"{column}Name" in rows[0] for column in iris), (name, lang, sorted(iris))
        unnamed = [(column, row[column]) for row in rows for column in iris if row[column] and not row[f"{column}Name"]]
        assert unnamed == [], (name, lang, unnamed[:3])
        assert list(rows[0])[0] == "lang" and {row["lang"] for row in rows} == {lang or "fi"}, "the names' language, said"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_names_are_in_the_language_asked_for_else_in_english(client, store, lang):
    for row in sparql_csv(client, "approvals", lang):
        for column in ("strategy", "strategyStatus", "kind", "body"):
            if row[column]:
                names = names_in_store(store, row[column])
                assert row[f"{column}Name"] == names.get(lang, names.get("en")), (column, row[column])


def test_without_lang_the_names_are_finnish(client, store):
    (row, *_) = sparql_csv(client, "values", None)
    assert row["strategyName"] == names_in_store(store, row["strategy"])["fi"]


def test_the_language_is_a_bound_parameter_not_text(client):
    response = client.get('/queries/values/results?format=csv&lang=fi") } ?s ?p ?o {')
    assert response.status_code == 400 and response.get_data(as_text=True).startswith("lang: ")


# --- tables and grids as people see them ---------------------------------------------------------

def shown_columns(name: str, lang: str) -> list[str]:
    query = QUERIES[name]
    return [spec[lang] for spec in query.columns.values()
            if not spec.get("hide") and lang in spec.get("pages", (lang,))]


@pytest.mark.parametrize("name", sorted(QUERIES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_table_downloads_under_the_pages_headings_in_the_pages_language(client, name, lang):
    response = client.get(f"/queries/{name}/table.csv?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff"), "a byte order mark, so a spreadsheet reads UTF-8"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == shown_columns(name, lang)
    assert not any(cell.startswith(("http://", "https://")) for row in rows[1:] for cell in row
                   if "://" in cell and " " not in cell), "IRIs are shown by their names"


def test_the_xlsx_holds_the_same_table(client):
    csv_rows = list(csv.reader(io.StringIO(client.get("/queries/values/table.csv?lang=sv").get_data(as_text=True).lstrip("\ufeff"))))
    book = openpyxl.load_workbook(io.BytesIO(client.get("/queries/values/table.xlsx?lang=sv").get_data()))
    sheet = book.worksheets[0]
    assert sheet.title == QUERIES["values"].title["sv"]
    cells = [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == csv_rows


def test_the_grid_downloads_as_the_grid_it_is(client, store):
    """sources/004: Päijät-Hämeen arvot: luottamus, rohkeus, välittäminen, oikeudenmukaisuus."""
    rows = list(csv.reader(io.StringIO(client.get("/queries/values/grid.csv?lang=fi").get_data(as_text=True).lstrip("\ufeff"))))
    heads = rows[0]
    column = next(n for n, head in enumerate(heads) if head.startswith("Päijät-Häme"))
    assert heads[column] == "Päijät-Häme — " + names_in_store(store, "https://w3id.org/hva-graph/id/document-status/draft-for-comments")["fi"]
    assert [row[column].split(" — ")[0] for row in rows[1:5]] == ["Luottamus", "Rohkeus", "Välittäminen", "Oikeudenmukaisuus"]
    assert client.get("/queries/approvals/grid.csv").status_code == 404, "a query without a grid has none to download"


def test_the_page_offers_its_table_and_grid_as_shown_and_the_answer_for_machines(client):
    html = client.get("/queries/values?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    links = set(re.findall(r'href="(/queries/values/[^"]+)"', unescape(html)))
    assert {"/queries/values/table.csv?lang=en", "/queries/values/grid.xlsx?lang=en"} <= links
    assert any(link.startswith("/queries/values/results?format=csv") for link in links)


# --- lists inside cells ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, column, given", [("shared-value-themes", "values", {}),
                                                 ("strategy-overview", "documents", {}),
                                                 ("full-text-search", "matched", {"word": "palvelu"})])
@pytest.mark.parametrize("fmt", ["json", "csv", "xml", "tsv"])
def test_every_list_in_a_cell_is_in_one_defined_order(client, name, column, given, fmt):
    assert column in QUERIES[name].lists
    response = client.get(f"/queries/{name}/results", query_string={**given, "format": "json"})
    lists = [row[column]["value"].split(" | ") for row in response.json["results"]["bindings"] if column in row]
    assert any(len(items) > 1 for items in lists), "some cell lists more than one"
    assert all(items == sorted(items, key=lambda item: (item.casefold(), item)) for items in lists)
    other = client.get(f"/queries/{name}/results", query_string={**given, "format": fmt})
    assert other.status_code == 200
    text = other.get_data(as_text=True)
    assert all(" | ".join(items) in unescape(text) for items in lists), f"the same order in {fmt}"


# --- pickers, search results ----------------------------------------------------------------------

def test_status_pickers_offer_only_the_statuses_some_strategy_has(client, store):
    had = {row["s"].value.rsplit("/", 1)[1] for row in store.query(
        "SELECT DISTINCT ?s WHERE { ?x a <https://w3id.org/hva-graph/ontology#Strategy> ; <https://schema.org/creativeWorkStatus> ?s }",
        use_default_graph_as_union=True)}
    html = client.get("/queries/values?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    select = re.search(r'<select id="param-strategyStatus".*?</select>', html, re.S).group(0)
    offered = set(re.findall(r'<option value="([^"]+)"', select))
    assert offered == had and "web-summary" not in offered
    assert client.get("/queries/values/results?strategyStatus=web-summary&format=json").status_code == 200, \
        "a value no picker offers is still a value (it gives no rows)"


def test_search_results_show_the_words_found_the_tier_by_name_the_number_and_one_link_per_hit(client, store):
    html = client.get("/queries/full-text-search?word=lapsen&lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    table = re.search(r'<table class="answer.*?</table>', html, re.S).group(0)
    heads = [unescape(re.sub(r"<[^>]+>", "", head)).strip() for head in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    assert {"No.", "Matching words", "Tier"} <= set(heads) and "Search words matched" not in heads
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    assert rows
    for row in rows:
        assert len(re.findall(r"<a ", row)) == 1, "one link per hit"
        cells = [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        found = cells[heads.index("Matching words")]
        assert found and found.lower().startswith("lapsen"), found  # 000: "lapsen" twice, as written
    tiers = {row[0] for row in store.query("""SELECT ?name WHERE { ?t a <https://w3id.org/hva-graph/ontology#Tier> ;
        <http://www.w3.org/2000/01/rdf-schema#label> ?name FILTER (LANG(?name) = "en") }""", use_default_graph_as_union=True)}
    shown = {unescape(re.sub(r"<[^>]+>", "", cells)).strip() for cells in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)}
    assert shown & {tier.value for tier in tiers}, "a tier by its name, not its number"
