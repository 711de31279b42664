"""The seven tasks a researcher who does not write SPARQL came with, done in Debian's chromium
(Playwright) as they would do them, by clicking; axe-core (served by this server from the npm
package) on every page type in fi, sv and en at desktop and phone width, with no violation
allowed; the language kept across clicks; the bytes a chart page and the editor move on a first
visit; and the pages working under a strict Content-Security-Policy. Expected contents come from
the sources (sources/) or from the store, asked independently of the pages."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from rdflib import Graph, URIRef

from conftest import ARTIFACTS

LANGUAGES = ("fi", "sv", "en")
WIDTHS = {"desktop": {"width": 1200, "height": 900}, "phone": {"width": 375, "height": 740}}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VALUES_QUERY = "SELECT ?s ?label WHERE { ?s a <https://w3id.org/hva-graph/ontology#Value> ; " \
               "<http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 20"
PAGE_TYPES = {
    "home": "/",
    "query index": "/queries/",
    "grid": "/queries/values",
    "heatmap": "/queries/counties-themes-matrix",
    "timeline": "/queries/preparation-timeline",
    "bar chart": "/queries/consultations",
    "search": "/queries/full-text-search?word=lapsi",
    "approvals, dates at their precision": "/queries/approvals",
    "decisions grid": "/queries/strategy-overview",
    "empty chart": "/queries/consultations?strategyStatus=adopted",
    "the passage one came for": "/id/source/001_1ea51d137e0ea09d.txt?passage=1274-1286#passage-1274-1286",
    "statement picker": "/queries/statement-source",
    "statement": "/id/strategy/etela-karjala-2023-2025/value/1",
    "strategy": "/id/strategy/paijat-hame-2023-2025",
    "county": "/id/organisation/paijat-hame",
    "source document": "/id/source/001_1ea51d137e0ea09d.txt",
    "graph": "/graph/annotations",
    "ontology": "/ontology",
    "downloads": "/dumps/",
    "editor": "/sparql?#" + urlencode({"query": VALUES_QUERY, "name": "axe", "run": "1"}),
    "results": "/sparql?" + urlencode({"format": "html", "query": VALUES_QUERY}),
    "error": "/id/strategy/nowhere",
    "accessibility statement": "/accessibility",
    "api documentation": "/api",
}
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"


def _with_lang(path: str, lang: str) -> str:
    head, _, fragment = path.partition("#")
    joiner = "&" if "?" in head and not head.endswith("?") else ("" if head.endswith("?") else "?")
    return f"{head}{joiner}lang={lang}" + (f"#{fragment}" if fragment else "")


def _settle(page, path: str) -> None:
    """Wait for what the page draws with JavaScript: a chart, the editor and its results."""
    page.wait_for_load_state("load")
    if page.locator("figure.chart").count():
        page.wait_for_selector("#chart[data-drawn] svg", timeout=20000)
    if path.startswith("/sparql?#"):
        page.wait_for_selector(".yasr table", timeout=20000)


def violations(page) -> list[dict]:
    page.add_script_tag(url="/assets/axe-core/axe.min.js")
    return page.evaluate("""async (tags) => {
        const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
        return result.violations.map(v => ({ rule: v.id, impact: v.impact,
                                              where: v.nodes.slice(0, 3).map(n => n.target.join(" ")) }));
    }""", WCAG_AA)


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_violation(browser, live_server, kind):
    path, found = PAGE_TYPES[kind], {}
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, is_mobile=width == "phone")
        page = context.new_page()
        for lang in LANGUAGES:
            page.goto(live_server + _with_lang(path, lang))
            _settle(page, path)
            assert page.locator("html").get_attribute("lang") == lang
            if found_here := violations(page):
                found[(width, lang)] = found_here
        context.close()
    assert found == {}


# --- the seven tasks ----------------------------------------------------------------

def test_task_compare_the_values_of_all_counties(page, live_server):
    """sources/004: Päijät-Hämeen arvot: luottamus, rohkeus, välittäminen, oikeudenmukaisuus."""
    page.goto(live_server + "/?lang=fi")
    page.get_by_role("link", name="Arvot", exact=True).click()
    grid = page.locator("table.grid")
    grid.wait_for()  # the query's page, loaded (all_inner_texts reads whatever page is there, at once)
    heads = grid.locator("thead th").all_inner_texts()
    column = next(n for n, head in enumerate(heads) if head.startswith("Päijät-Häme")) + 1
    assert "Kommentoitavana oleva luonnos" in heads[column - 1], "the status in the column head"
    third = grid.locator("tbody tr").nth(2).locator("td").nth(column - 1)
    assert third.locator(".primary").inner_text() == "Välittäminen"
    assert all(name in " ".join(heads) for name in ("Pohjois-Karjala", "Etelä-Karjala")), "counties side by side"
    page.screenshot(path=str(ARTIFACTS / "task-values-grid.png"), full_page=True)
    assert page.problems == []


def test_task_who_puts_staff_in_their_top_level_goals(page, live_server, store):
    expected = {(row["s"].value, row["label"].value) for row in store.query("""
        PREFIX hva: <https://w3id.org/hva-graph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?s ?label WHERE { ?e hva:tier ?t ; hva:inStrategy ?s ; rdfs:label ?label .
          ?t hva:tierLevel 1 . FILTER (LANG(?label) = "en" && CONTAINS(LCASE(?label), "staff")) }""",
        use_default_graph_as_union=True)}
    assert expected, "some strategy names staff at its top tier"
    page.goto(live_server + "/queries/?lang=en")
    page.get_by_role("link", name="Top level of every strategy, side by side").click()
    grid = page.locator("table.grid")
    for _, label in expected:
        assert grid.get_by_text(label, exact=True).first.is_visible(), label
    assert page.locator("table.grid thead").get_by_text("Strategic goal").count() >= 1, "the source's tier name"
    assert page.problems == []


def test_task_see_a_goals_passage_in_its_document(page, live_server, seeds):
    page.goto(live_server + "/id/strategy/pohjois-karjala-2023-2026?lang=sv")
    goals = page.locator("section", has=page.locator("h2", has_text="Strategiskt mål"))
    goal = goals.locator("ol.elements a").first
    name = goal.inner_text()
    goal.click()
    assert page.locator("h1").inner_text() == name
    link = page.locator("a.in-document")
    start, end = map(int, link.get_attribute("href").rsplit("#passage-", 1)[1].split("-"))
    link.click()
    page.wait_for_url(f"**#passage-{start}-{end}")
    text = (seeds / "000_075d73e6a4f88822.txt").read_text(encoding="utf-8")
    marked = page.locator(f'mark[data-passages~="passage-{start}-{end}"]')
    assert "".join(marked.all_inner_texts()) == text[start:end]
    assert marked.first.is_visible()
    assert page.problems == []


def test_task_download_one_countys_turtle(page, live_server):
    page.goto(live_server + "/?lang=en")
    page.get_by_role("link", name="Päijät-Häme wellbeing services county strategy 2023–2025", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this strategy as Turtle").click()
    path = download.value.path()
    graph = Graph().parse(path, format="turtle")
    strategy = URIRef("https://w3id.org/hva-graph/id/strategy/paijat-hame-2023-2025")
    assert (strategy, None, None) in graph
    assert download.value.suggested_filename == "hva-graph-source-004.ttl"
    others = {str(s) for s in graph.subjects() if "/id/strategy/" in str(s)}
    assert all(s.startswith(str(strategy)) for s in others), "that county's strategy, not the others"
    assert page.problems == []


def test_task_the_preparation_timelines_on_one_axis(page, live_server):
    page.goto(live_server + "/queries/?lang=en")
    page.get_by_role("link", name="Preparation timeline").first.click()
    page.wait_for_selector("#chart[data-drawn] svg", timeout=20000)
    labels = page.locator("#chart svg text").all_text_contents()
    assert any(label.startswith("North Karelia: ") for label in labels), "events named on the axis"
    assert any(label.startswith("Päijät-Häme: ") for label in labels)
    assert any(label.startswith("2022-") for label in labels), "the year on the time axis"
    box = page.locator("#chart svg").bounding_box()
    assert box["height"] > 400, "tall enough for a row per event"
    absent = page.locator("section.coverage li.absent").all_inner_texts()
    assert any(item.startswith("Source 002 (county not named)") and "no dated preparation events" in item for item in absent)
    page.screenshot(path=str(ARTIFACTS / "task-timeline.png"), full_page=True)
    assert page.problems == []


def test_task_edit_a_canned_query_and_run_it(page, live_server):
    page.goto(live_server + "/queries/theme-statements?lang=en")
    page.get_by_label("Theme", exact=True).select_option(label="Prevention and health promotion")
    page.get_by_role("button", name="Show").click()
    expected = int(page.locator("#results-heading small").inner_text().strip("()"))
    page.get_by_role("link", name="Open in the editor").click()
    page.wait_for_selector(".yasr table tbody tr", timeout=20000)
    assert page.locator(".tabsList .tab.active a span").inner_text() == "Statements on a theme"
    query = page.evaluate("() => document.querySelector('.tab.active') && "
                          "document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue()")
    assert 'VALUES (?lang ?theme) { ("en" <https://w3id.org/hva-graph/id/theme/prevention>) }' in query
    assert page.locator(".yasr table tbody tr").count() == expected, "the same rows as the page"
    assert page.locator(".yasr .iri-name").first.is_visible(), "names beside IRIs"
    # edit: another theme, run again
    page.evaluate("""() => { const cm = document.querySelector('.tabPanel.active .CodeMirror').CodeMirror;
                             cm.setValue(cm.getValue().replace('theme/prevention', 'theme/workforce')); }""")
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    page.wait_for_function("() => [...document.querySelectorAll('.tabPanel.active .yasr table tbody tr')]"
                           ".some(r => r.innerText.includes('theme:workforce'))", timeout=20000)
    page.wait_for_load_state("networkidle")  # the names of the new answer's IRIs are asked for after it
    page.reload()
    page.wait_for_selector(".tabsList .tab.active", timeout=20000)
    assert page.locator(".tabsList .tab.active a span").inner_text() == "Statements on a theme", "kept on reload"
    kept = page.evaluate("() => document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue()")
    assert "theme/workforce" in kept
    page.screenshot(path=str(ARTIFACTS / "task-editor.png"), full_page=True)
    assert page.problems == []


def test_task_find_who_has_no_strategy(page, live_server, store):
    expected = {row["name"].value for row in store.query("""
        PREFIX hva: <https://w3id.org/hva-graph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name WHERE { ?o a hva:ServiceOrganiser ; rdfs:label ?name . FILTER (LANG(?name) = "sv")
          FILTER NOT EXISTS { ?o a hva:UnidentifiedCounty } FILTER NOT EXISTS { ?s hva:organiser ?o } }""",
        use_default_graph_as_union=True)}
    assert len(expected) == 19 and "Lapplands välfärdsområde" in expected
    page.goto(live_server + "/?lang=sv")
    page.get_by_role("link", name="Frågor", exact=True).first.click()
    page.get_by_role("link", name="Områden utan strategi här ännu").click()
    page.locator("table.answer").wait_for()  # the query's page, loaded
    shown = set(page.locator("table.answer tbody tr td:nth-child(2)").all_inner_texts())
    assert shown == expected
    assert page.problems == []


def test_editor_results_name_their_iris_and_show_plain_numbers(page, live_server):
    """sources/001: South Karelia's first value is "Mie turvaan." ("I safeguard.")."""
    query = ("SELECT ?statement ?ordinal WHERE { ?statement a <https://w3id.org/hva-graph/ontology#Value> ; "
             "<https://w3id.org/hva-graph/ontology#inStrategy> <https://w3id.org/hva-graph/id/strategy/etela-karjala-2023-2025> ; "
             "<https://w3id.org/hva-graph/ontology#ordinal> ?ordinal } ORDER BY ?ordinal")
    page.goto(live_server + "/sparql?lang=en#" + urlencode({"query": query, "name": "Numbers", "run": "1"}))
    page.wait_for_selector(".yasr table tbody tr .iri-name", timeout=20000)
    first = page.locator(".yasr table tbody tr").first
    assert first.locator(".iri-name").inner_text() == "I safeguard."
    cells = first.locator("td").all_inner_texts()
    assert cells[-1].strip() == "1", cells
    assert "^^" not in first.inner_text() and "xsd:integer" not in first.inner_text()
    assert page.problems == []


# --- language, weight, CSP --------------------------------------------------------------

def test_the_language_sticks_across_three_clicks(page, live_server):
    page.goto(live_server + "/?lang=sv")
    for click in (lambda: page.get_by_role("link", name="Frågor", exact=True).first.click(),
                  lambda: page.get_by_role("link", name="Värden", exact=True).first.click(),
                  lambda: page.locator("table.grid thead a").first.click()):
        click()
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "sv", page.url
    page.goto(live_server + "/dumps/")  # no lang= at all: the choice was remembered
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.problems == []


def _transferred(page) -> int:
    return page.evaluate("""() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                                  .reduce((sum, entry) => sum + entry.transferSize, 0)""")


@pytest.mark.parametrize("path, ready", [("/queries/counties-themes-matrix?lang=en", "#chart[data-drawn] svg"),
                                         ("/sparql?lang=en", ".yasgui .tabsList .tab")])
def test_a_first_visit_moves_less_than_400_kb(browser, live_server, path, ready):
    context = browser.new_context(viewport=WIDTHS["desktop"])  # an empty cache: a first visit
    page = context.new_page()
    page.goto(live_server + path)
    page.wait_for_selector(ready, timeout=20000)
    page.wait_for_load_state("networkidle")
    moved = _transferred(page)
    (ARTIFACTS / f"transferred-{path.strip('/').split('?')[0].replace('/', '-')}.json").write_text(
        json.dumps({"path": path, "bytes": moved}))
    context.close()
    assert 50_000 < moved < 400_000, moved


def test_the_pages_work_under_a_strict_content_security_policy(browser, live_server):
    context = browser.new_context(viewport=WIDTHS["desktop"])

    def with_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

    context.route("**/*", with_policy)
    context.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                            "(window.refused = window.refused || []).push(e.violatedDirective + ' ' + e.blockedURI));")
    page = context.new_page()
    refused = {}
    for path, ready in (("/queries/counties-themes-matrix?lang=fi", "#chart[data-drawn] svg"),
                        ("/queries/preparation-timeline?lang=sv", "#chart[data-drawn] svg"),
                        ("/sparql?lang=en#" + urlencode({"query": VALUES_QUERY, "run": "1"}), ".yasr table tbody tr"),
                        ("/id/strategy/paijat-hame-2023-2025?lang=en", "h1")):
        page.goto(live_server + path)
        page.wait_for_selector(ready, timeout=20000)
        page.wait_for_timeout(300)
        refused[path] = page.evaluate("() => window.refused || []")
    context.close()
    editor = next(path for path in refused if path.startswith("/sparql"))
    # Known and written down: YASR's column resizer (inside @zazuko/yasgui, not forked) adds a
    # <style> element, which the policy refuses; web/static/editor.css carries its rules instead,
    # so nothing is lost. Anything else refused is a failure.
    refused[editor] = [entry for entry in refused[editor] if entry != "style-src-elem inline"]
    assert refused == {path: [] for path in refused}
