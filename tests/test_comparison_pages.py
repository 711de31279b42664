"""Pages a researcher reads without SPARQL: pickers instead of IRIs (short names, IRIs and
labels all accepted, bound as RDF terms), named columns, grids with the strategies as columns
and each one's status in its head, what a comparison leaves out and why, charts that tell the
strategies apart, strategy pages in source order, and the editor hand-off with its parameters.
Expected values come from the sources (sources/004: Päijät-Häme's values) or from the store,
asked independently of the pages."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

HTML = {"Accept": "text/html"}
STRATEGY = "https://w3id.org/hva-graph/id/strategy/"
PH, PK, EK = STRATEGY + "paijat-hame-2023-2025", STRATEGY + "pohjois-karjala-2023-2026", STRATEGY + "etela-karjala-2023-2025"
S002, S003 = STRATEGY + "unidentified-002-2023-2025", STRATEGY + "unidentified-003-2023-2025"
PREFIXES = """PREFIX hva: <https://w3id.org/hva-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""


class Tables(HTMLParser):
    """Every table of a page as rows of (tag, text, attributes), and every form control."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, str]]]] = {}
        self.controls: dict[str, dict] = {}
        self.options: dict[str, list[tuple[str, str, bool]]] = {}
        self._table = self._cell = self._select = self._option = None
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = (attrs.get("class") or "").split(" ")[0] or f"table{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell, self._text = tag, []
        elif tag in ("input", "select"):
            self.controls[attrs.get("name", "")] = {"tag": tag, **attrs}
            if tag == "select":
                self._select = attrs.get("name")
                self.options[self._select] = []
        elif tag == "datalist":
            self._select = attrs.get("id")
            self.options[self._select] = []
        elif tag == "option" and self._select:
            self._option, self._text = attrs, []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell:
            self.tables[self._table][-1].append((tag, re.sub(r"\s+", " ", "".join(self._text)).strip()))
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "option" and self._option is not None:
            self.options[self._select].append((self._option.get("value"), "".join(self._text).strip(),
                                               "selected" in self._option))
            self._option = None
        elif tag in ("select", "datalist"):
            self._select = None

    def handle_data(self, data):
        if self._cell or self._option is not None:
            self._text.append(data)


def page(client, url) -> str:
    response = client.get(url, headers=HTML)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def rows(store, query: str) -> list[dict]:
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [variable.value for variable in result.variables]
    return [{name: solution[name].value if solution[name] is not None else None for name in names} for solution in result]


def grid(html: str) -> dict[str, dict[str, str]]:
    """The grid as {row name: {column head: cell text}}."""
    table = Tables(html).tables["grid"]
    heads = [text for _, text in table[0][1:]]
    return {cells[0][1]: dict(zip(heads, (text for _, text in cells[1:]))) for cells in table[1:]}


# --- pickers ------------------------------------------------------------------

def test_themes_and_statuses_are_picked_by_name_in_the_page_language(client, store):
    tables = Tables(page(client, "/queries/theme-statements?lang=fi"))
    assert tables.controls["theme"]["tag"] == "select"
    themes = {text for _, text, _ in tables.options["theme"]}
    expected = {row["label"] for row in rows(store, """SELECT ?label WHERE { ?t <http://www.w3.org/2004/02/skos/core#inScheme>
        <https://w3id.org/hva-graph/id/themes> ; rdfs:label ?label FILTER (LANG(?label) = "fi") }""")}
    assert themes == expected and "Henkilöstö ja osaaminen" in themes
    assert [text for _, text, selected in tables.options["theme"] if selected] == ["Henkilöstö ja osaaminen"]
    statuses = dict((text, value) for value, text, _ in Tables(page(client, "/queries/values?lang=sv")).options["strategyStatus"])
    assert statuses["— alla —"] == "" and statuses["Antagen"] == "adopted"


def test_statements_are_picked_from_suggestions_by_their_names(client):
    tables = Tables(page(client, "/queries/statement-source?lang=en"))
    control = tables.controls["statement"]
    assert control["tag"] == "input" and control["list"] == "choices-statement"
    suggestions = {value: text for value, text, _ in tables.options["choices-statement"]}
    assert suggestions["paijat-hame-2023-2025/value/3"] == "Caring — Päijät-Häme"
    assert len(suggestions) > 200, "every statement, not a sample"


@pytest.mark.parametrize("given", ["prevention", "https://w3id.org/hva-graph/id/theme/prevention",
                                   "Prevention and health promotion", "ennaltaehkäisy ja hyvinvoinnin edistäminen"])
def test_a_short_name_a_full_iri_and_a_label_give_the_same_answer(client, given):
    answer = client.get("/queries/theme-statements/results", query_string={"theme": given, "format": "json"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    themes = {row["theme"]["value"] for row in answer.json["results"]["bindings"]}
    assert themes == {"https://w3id.org/hva-graph/id/theme/prevention"}


def test_a_strategy_by_its_short_name_restricts_the_timeline_to_it(client):
    answer = client.get("/queries/preparation-timeline/results?strategy=paijat-hame-2023-2025&format=json")
    assert answer.status_code == 200
    assert {row["strategy"]["value"] for row in answer.json["results"]["bindings"]} == {PH}
    listed = coverage(page(client, "/queries/preparation-timeline?lang=en&strategy=paijat-hame-2023-2025"))
    assert "only the chosen strategy is shown" in listed["North Karelia"] and "not shown" not in listed["Päijät-Häme"]


def test_a_short_name_that_is_no_value_is_a_400_naming_the_parameter(client):
    for given, said in (("no-such-theme", "is not one of its values"), ('prevention"} ?s ?p ?o {', "is not one of its values")):
        response = client.get("/queries/theme-statements", query_string={"theme": given}, headers=HTML)
        assert response.status_code == 400 and response.get_data(as_text=True).startswith("theme: ")
        assert said in response.get_data(as_text=True)
    ambiguous = client.get("/queries/statement-source", query_string={"statement": "value/1"})
    assert ambiguous.status_code == 400 and re.search(r"fits \d+ values; give more of it", ambiguous.get_data(as_text=True))


# --- tables for people ----------------------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_column_heads_are_names_not_variables(client, settings, lang):
    from hva_graph.canned.files import load_queries

    for name, query in load_queries(settings.root / "queries").items():
        table = Tables(page(client, f"/queries/{name}?lang={lang}")).tables.get("answer")
        if table is None:
            continue
        heads = [text for _, text in table[0]]
        shown = [spec[lang] for variable, spec in query.columns.items() if spec[lang] in heads]
        assert heads and set(heads) == set(shown), (name, heads)
        assert not any(re.fullmatch(r"[a-z]+[A-Z]\w*", head) for head in heads), (name, heads)


def test_strategies_have_short_distinct_names_in_tables(client):
    table = Tables(page(client, "/queries/strategy-structure?lang=en")).tables["answer"]
    names = {cells[0][1] for cells in table[1:]}
    assert names == {"North Karelia", "South Karelia", "Päijät-Häme", "Source 002 (county not named)",
                     "Source 003 (county not named)"}


# --- grids ----------------------------------------------------------------------

def test_values_grid_puts_each_county_in_its_own_column(client):
    """sources/004: Päijät-Hämeen arvot ovat luottamus, rohkeus, välittäminen ja oikeudenmukaisuus."""
    cells = grid(page(client, "/queries/values?lang=fi"))
    assert cells["3"]["Päijät-Häme Kommentoitavana oleva luonnos"].startswith("Välittäminen")
    assert cells["1"]["Etelä-Karjala Hyväksytty"].startswith("Mie turvaan.")
    assert cells["5"]["Etelä-Karjala Hyväksytty"] == "– ei mitään", "South Karelia has four values"


@pytest.mark.parametrize("name, row, head, begins", [
    ("counties-themes-matrix", "Workforce and competence", "Päijät-Häme Draft for comments", None),
    ("strategy-structure", "Value", "North Karelia Version brought for decision", "5"),
    ("top-level", "1", "North Karelia Version brought for decision Strategic goal", "Our work is based on prevention"),
    ("mission-and-vision", "Vision", "North Karelia Version brought for decision", "The most effective services, by working together"),
])
def test_comparison_grids_have_strategies_as_columns_with_status_in_the_head(client, name, row, head, begins):
    cells = grid(page(client, f"/queries/{name}?lang=en"))
    assert head in cells[row], sorted(cells[row])
    if begins:
        assert cells[row][head].startswith(begins), cells[row][head]


# --- what is not shown ----------------------------------------------------------

def coverage(html: str) -> dict[str, str]:
    section = re.search(r'<section class="coverage".*?</section>', html, re.S).group(0)
    items = re.findall(r"<li[^>]*>(.*?)</li>", section, re.S)
    return {re.sub(r"<[^>]+>", "", item).split(" — ")[0].strip(): unescape(re.sub(r"<[^>]+>|\s+", " ", item))
            for item in items}


@pytest.mark.parametrize("name, kind_pattern", [
    ("values", "?e a hva:Value ; hva:inStrategy ?s"),
    ("counties-themes-matrix", "?e hva:theme ?t ; hva:inStrategy ?s"),
    ("preparation-timeline", "?e a hva:PreparationEvent ; hva:inStrategy ?s ; schema:endDate ?d"),
    ("mission-and-vision", "{ ?e a hva:Mission } UNION { ?e a hva:Vision } ?e hva:inStrategy ?s"),
])
def test_every_comparison_says_which_strategies_have_no_rows_and_why(client, store, name, kind_pattern):
    with_rows = {row["s"] for row in rows(store, f"SELECT DISTINCT ?s WHERE {{ {kind_pattern} }}")}
    every = {row["s"] for row in rows(store, "SELECT ?s WHERE { ?s a hva:Strategy }")}
    html = page(client, f"/queries/{name}?lang=en")
    listed = coverage(html)
    assert len(listed) == len(every)
    not_shown = {key for key, text in listed.items() if "not shown" in text}
    short = {PK: "North Karelia", EK: "South Karelia", PH: "Päijät-Häme", S002: "Source 002 (county not named)",
             S003: "Source 003 (county not named)"}
    assert not_shown == {short[s] for s in every - with_rows}
    assert not_shown, "each of these comparisons leaves a strategy out"


def test_a_status_filter_says_it_left_the_others_out(client):
    listed = coverage(page(client, "/queries/values?lang=en&strategyStatus=adopted"))
    assert "not shown" not in listed["South Karelia"]
    assert "its status is not the one chosen" in listed["Päijät-Häme"]


# --- charts ----------------------------------------------------------------------

def chart(html: str) -> dict:
    return json.loads(unescape(re.search(r'data-spec="([^"]*)"', html).group(1)))


def _texts(spec) -> set:
    return {value for row in spec["data"]["values"] for value in row.values() if isinstance(value, str)}


SHORT = {"North Karelia", "South Karelia", "Päijät-Häme", "Source 002 (county not named)", "Source 003 (county not named)"}


@pytest.mark.parametrize("name, both", [("counties-themes-matrix", False), ("strategy-structure", True),
                                        ("preparation-timeline", False), ("consultations", False)])
def test_charts_tell_the_two_unnamed_counties_apart(client, name, both):
    """Each chart names strategies by their short names only (no two alike); where both unnamed
    counties have data, both are there, apart."""
    spec = chart(page(client, f"/queries/{name}?lang=en"))["wide"]
    strategies = {row["strategy"] for row in spec["data"]["values"]}
    assert strategies <= SHORT and strategies & {"Source 002 (county not named)", "Source 003 (county not named)"}
    assert spec["layer"][0]["encoding"].get("color", {}).get("field") in ("strategy", None, "count")
    if both:
        assert {"Source 002 (county not named)", "Source 003 (county not named)"} <= strategies
    assert not any("unidentified" in text for text in _texts(spec))


def test_heatmaps_write_their_numbers_and_turn_for_narrow_screens(client):
    specs = chart(page(client, "/queries/counties-themes-matrix?lang=en"))
    wide, narrow = specs["wide"], specs["narrow"]
    assert [layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"] for layer in wide["layer"]] == ["rect", "text"]
    assert wide["encoding"]["x"]["field"] == narrow["encoding"]["y"]["field"] == "theme"
    assert narrow["encoding"]["x"]["field"] == "strategy"
    assert wide["layer"][1]["encoding"]["text"]["format"] == "d", "counts as whole numbers"


def test_counts_have_whole_number_axes_and_unknown_is_never_zero(client, store):
    spec = chart(page(client, "/queries/consultations?lang=en"))["wide"]
    bars, unknown = spec["layer"]
    assert bars["encoding"]["x"]["axis"] == {"tickMinStep": 1, "format": "d"}
    unknown_rows = [row for row in spec["data"]["values"] if row["unknown"]]
    known = rows(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c a hva:Consultation . FILTER NOT EXISTS { ?c hva:respondentCount ?r } }")
    assert int(known[0]["n"]) > 0 and unknown_rows, "the sources leave respondent counts out"
    assert all(row["note"].endswith(": unknown") for row in unknown_rows)
    assert not any(row["respondents"] == 0 for row in spec["data"]["values"]), "an unknown count is not drawn as 0"


def test_the_timeline_labels_every_event_on_one_axis_with_years(client, store):
    spec = chart(page(client, "/queries/preparation-timeline?lang=en"))["wide"]
    answer = client.get("/queries/preparation-timeline/results?format=json").json["results"]["bindings"]
    labels = {row["eventName"] for row in spec["data"]["values"]}
    assert len(labels) == len(spec["data"]["values"]) == len({row["event"]["value"] for row in answer}), \
        "one labelled row per event"
    assert spec["height"] == {"step": 24}
    assert "%Y" in spec["layer"][0]["encoding"]["x"]["axis"]["format"]


# --- strategy pages ----------------------------------------------------------------

def test_a_strategy_page_reads_like_the_strategy(client, store):
    html = page(client, "/id/strategy/paijat-hame-2023-2025?lang=fi")
    order = [html.index(text) for text in ("Tila, kausi ja hyväksyminen", "<h2 id=\"group-1\">Missio",
                                          "Visio", "<h2 id=\"group-3\">Arvo", "Strateginen tavoite")]
    assert order == sorted(order)
    assert "Kommentoitavana oleva luonnos" in html
    # "Päijät-Hämeen hyvinvointialueen strategia 2023–2025": a period of years, not of days
    assert "<dt>Kausi</dt><dd>2023–2025</dd>" in html and "2023-01-01" not in html and "31.12.2025" not in html
    assert "taso lähteessä: <span lang=\"fi\">Päätavoite</span>" in html or "taso lähteessä: Päätavoite" in html
    outline = html.split('<details class="properties">')[0]
    explanations = re.findall(r"/id/strategy/paijat-hame-2023-2025/explanation/(\d+)\?", outline)
    # 18 with the page's headline and its call "Tutustu ja anna loppusuoran kommenttisi!" (issue 20)
    assert explanations == sorted(explanations, key=int) and len(explanations) == 18, "source order, 2 before 10"
    values = re.findall(r'href="/id/strategy/paijat-hame-2023-2025/value/\d\?lang=fi"[^>]*>([^<]+)<', html)
    assert values[:4] == ["Luottamus", "Rohkeus", "Välittäminen", "Oikeudenmukaisuus"]
    assert re.search(r'<details class="incoming">\s*<summary>Viittaukset tähän \(\d+\)</summary>', html), "folded"


def test_property_names_follow_the_page_language(client):
    for lang, names in (("fi", ("strategiassa", "johdettu lähteestä", "lähdekohta")),
                        ("sv", ("i strategin", "härledd från", "källställe")),
                        ("en", ("in strategy", "derived from", "passage"))):
        html = page(client, f"/id/strategy/paijat-hame-2023-2025/value/3?lang={lang}")
        terms = re.findall(r"<dt><a [^>]*>([^<]+)</a></dt>", html)
        for expected in names[:1] + names[2:]:
            assert expected in terms, (lang, terms)
        assert "wasDerivedFrom" not in terms and "inStrategy" not in terms


# --- editor hand-off ---------------------------------------------------------------

def test_open_in_the_editor_carries_the_bound_parameters_and_names_the_tab(client):
    html = page(client, "/queries/theme-statements?lang=en&theme=prevention")
    link = unescape(re.search(r'<a href="([^"]+)" class="open-editor">', html).group(1))
    assert link.startswith("/sparql#")
    handed = parse_qs(urlsplit(link).fragment)
    assert handed["name"] == ["Statements on a theme"] and handed["run"] == ["1"]
    query = handed["query"][0]
    assert 'VALUES (?lang ?theme) { ("en" <https://w3id.org/hva-graph/id/theme/prevention>) }' in query
    assert "#+" not in query, "the front matter is the page's, not the editor's"
    by_editor = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    canned = client.get("/queries/theme-statements/results?theme=prevention&format=json&lang=en")
    assert by_editor.json["results"]["bindings"] == canned.json["results"]["bindings"]
