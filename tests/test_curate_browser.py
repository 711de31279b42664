"""A curator reviews a new county's draft in Debian's chromium (Playwright), as they would: the
real `hva-graph curate` on a copy of the project, the page checked by axe-core and by keyboard,
the machine's mistakes corrected (a value it took for a principle, a priority under the wrong
goal, a day it read as a month), translations written, a theme added, every proposal accepted;
the draft then validates, is published, and the real `hva-graph serve` over the published data
shows Keski-Pohjanmaa in the comparison pages and no more among the counties without a strategy.

The draft is tests/fixtures/curation/draft-906/ (its text names the county, the day, the values,
the goals and which goal each priority serves); the English and Swedish labels are the curator's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from conftest import ARTIFACTS, free_port, start_server, stop_server, watched_page  # the browser fixture is conftest's
from curation_project import ROOT, draft_copy, project_copy
from hva_graph.curation import turtle
from hva_graph.curation.todo import left_to_do
from hva_graph.namespaces import HVA, SCHEMA
from test_browser_tasks import WCAG_AA

KP = "https://w3id.org/hva-graph/id/strategy/keski-pohjanmaa-2023-2026"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
TRANSLATIONS = {  # Finnish label (from the draft's text) -> (English, Swedish or None)
    "Lähde 906: Keski-Pohjanmaan hyvinvointialueen strategia 2023–2026":
        ("Source 906: Central Ostrobothnia wellbeing services county strategy 2023–2026", None),
    # the names the English translation of Act 611/2021 gives (issue 20; hvash:BodyNameShape)
    "Aluevaltuusto": ("County council", "Välfärdsområdesfullmäktige"),
    "Keski-Pohjanmaan hyvinvointialueen strategia 2023–2026":
        ("Central Ostrobothnia wellbeing services county strategy 2023–2026",
         "Mellersta Österbottens välfärdsområdes strategi 2023–2026"),
    "Aluevaltuusto hyväksyi strategian kokouksessaan 13.12.2022.":
        ("The county council adopted the strategy at its meeting on 13 December 2022.", None),
    "Keski-Pohjanmaalla on hyvä elää ja tehdä työtä.": ("Central Ostrobothnia is a good place to live and work.", None),
    "Asukaslähtöisyys": ("Resident orientation", "Invånarorientering"),
    "Yhdessä tekeminen": ("Working together", None),
    "Strateginen tavoite": ("Strategic goal", None),
    "Palvelut ovat lähellä ja saatavilla.": ("Services are close and available.", None),
    "Henkilöstö voi hyvin ja osaaminen vahvistuu.": ("The staff are well and their competence grows.", None),
    "Painopiste": ("Focus area", None),
    "Sujuva hoitoonpääsy": ("Smooth access to care", None),
    "Houkutteleva työnantaja": ("An attractive employer", None),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    settings = project_copy(tmp_path_factory.mktemp("project"))
    return settings, draft_copy(settings, 906)


@pytest.fixture(scope="module")
def curate(project):
    """The real `hva-graph curate drafts/906` on a free loopback port of the copied project."""
    settings, folder = project
    port = free_port()
    env = {**os.environ, "HVA_GRAPH_ROOT": str(settings.root), "HVA_GRAPH_CACHE_DIR": str(settings.cache_folder)}
    command = [str(Path(sys.executable).with_name("hva-graph")), "curate", str(folder), "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"hva-graph curate exited: {process.stderr.read().decode()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/", timeout=5) as answer:
                if answer.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.3)
    yield base
    stop_server(process)


@pytest.fixture
def page(browser, curate):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # a poll of the check's status still under way when a change navigates away is aborted, as it should be
    page = watched_page(context, curate, lambda request: request.url == curate + "/status"
                        and request.failure == "net::ERR_ABORTED")
    yield page
    context.close()


def card(page, heading: str):
    return page.locator("article.card", has=page.locator("h3", has_text=heading))


def submit(page, button) -> None:
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state("load")
    errors = page.locator("p.flash.error").all_inner_texts()
    assert errors == [], errors


def edit(page, heading: str):
    """Open the editor of a card (its "Edit" link) and return the card."""
    found = card(page, heading)
    with page.expect_navigation():
        found.get_by_role("link", name="Edit").click()
    return card(page, heading)


# --- the page itself --------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["the draft", "an editor open", "the strategy's editor"])
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violation(browser, curate, where, width):
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed; `make setup` installs it with npm")
        pytest.skip("axe-core is not installed (make setup installs it with npm)")
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)  # only to add axe
    page = context.new_page()
    path = {"the draft": "/", "an editor open": f"/?edit={quote(KP + '/event/1')}",
            "the strategy's editor": f"/?edit={quote(KP)}"}[where]
    page.goto(curate + path)
    page.screenshot(path=str(ARTIFACTS / f"curate-{re.sub('[^a-z]+', '-', where)}-{width}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async (tags) => {
        const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
        return result.violations.map(v => ({ rule: v.id, where: v.nodes.slice(0, 3).map(n => n.target.join(" ")) }));
    }""", WCAG_AA)
    context.close()
    assert found == []


def test_every_control_is_reached_by_the_keyboard_with_visible_focus(page, curate):
    page.goto(curate + f"/?edit={quote(KP + '/goal/1')}")
    count = page.evaluate("""() => {
        const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select')]
            .filter(e => e.getClientRects().length > 0);
        all.forEach((e, i) => { e.dataset.k = i; });
        return all.length; }""")
    assert count > 40, "the text's passages, every card's actions and the editor's fields"
    reached, unseen = set(), []
    for _ in range(count + 10):
        page.keyboard.press("Tab")
        found = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
            return [e.dataset.k || null, s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, e.outerHTML.slice(0, 60)]; }""")
        if found[0] is not None:
            reached.add(found[0])
            if not found[1]:
                unseen.append(found[2])
    assert reached == {str(i) for i in range(count)}
    assert unseen == [], "focus is visible on every control"


def test_a_selection_gives_code_point_offsets(page, curate, project):
    """After the page's "👉" (one code point, two UTF-16 units) the offsets still count code points."""
    text = next(project[1].glob("906_*.txt")).read_text(encoding="utf-8")
    start = text.index("osaaminen vahvistuu.")
    page.goto(curate + f"/?edit={quote(KP + '/goal/2')}")
    page.evaluate("""(part) => {
        const root = document.getElementById('source-text');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(part);
            if (at >= 0) { const range = document.createRange(); range.setStart(node, at); range.setEnd(node, at + part.length);
                           document.getSelection().removeAllRanges(); document.getSelection().addRange(range); return; } }
    }""", "osaaminen vahvistuu.")
    page.wait_for_function("() => document.getElementById('selection').textContent.startsWith('Selected')")
    editor = card(page, "Strategic goal 2")
    assert editor.get_by_label("Start").input_value() == str(start)
    assert editor.get_by_label("End").input_value() == str(start + len("osaaminen vahvistuu."))
    assert page.problems == []


# --- the review, publishing and what the server then shows -----------------------------------------


def test_a_curator_corrects_translates_and_publishes_a_new_county(page, curate, project):
    settings, folder = project
    draft_file = folder / "source-906.ttl"
    page.goto(curate + "/")
    marked = {href.lstrip("#") for href in page.locator("#source-text mark a").evaluate_all("a => a.map(e => e.getAttribute('href'))")}
    quoted = set(page.locator("article.card", has=page.locator("p.quote")).evaluate_all("c => c.map(e => e.id)"))
    assert marked == quoted and len(quoted) == 11, "every proposed passage marked in the text, linked to its statement"

    # A value the machine took for a principle: retype it.
    editor = edit(page, "Strategic principle 1")
    editor.get_by_label("Class", exact=True).select_option(label="Value")
    submit(page, editor.get_by_role("button", name="Change the class", exact=True))
    assert card(page, "Value 2: Yhdessä tekeminen").count() == 1

    # "- Houkutteleva työnantaja (tavoite 2)": under the second goal, not the first.
    editor = edit(page, "Priority 2")
    assert editor.get_by_label("Class", exact=True).input_value() == str(HVA.Priority), "the editor starts from what is"
    assert editor.get_by_label("Under").input_value() == f"{KP}/goal/1"
    editor.get_by_label("Under").select_option(label="Strategic goal 2: Henkilöstö voi hyvin ja osaaminen vahvistuu.")
    submit(page, editor.get_by_role("button", name="Move", exact=True))
    assert "goal/2" in card(page, "Priority 2").locator("dl.facts").inner_text()

    # "kokouksessaan 13.12.2022": a day, which the machine read as a month. The rules say so at once.
    assert "carried by a structured date" in card(page, "Decision or handling 1").locator("ul.findings").inner_text()
    editor = edit(page, "Decision or handling 1")
    editor.get_by_label("Precision").select_option("day")
    editor.get_by_label("Value").fill("2022-12-13")
    submit(page, editor.get_by_role("button", name="Save the date", exact=True))
    assert card(page, "Decision or handling 1").locator("ul.findings").count() == 0

    # A theme the machine did not propose.
    editor = edit(page, "Vision 1")
    editor.get_by_label("Workforce and competence").check()
    submit(page, editor.get_by_role("button", name="Save the themes", exact=True))

    # Translations, and every proposal looked at and accepted.
    for finnish, (english, swedish) in TRANSLATIONS.items():
        heading = page.locator("article.card h3", has=page.get_by_text(finnish, exact=True)).inner_text()
        editor = edit(page, heading)
        editor.get_by_label("English").fill(english)
        if swedish:
            editor.get_by_label("Swedish (optional)").fill(swedish)
        submit(page, editor.get_by_role("button", name="Save the labels", exact=True))
        accept = card(page, heading).get_by_role("button", name="Accept the proposals", exact=True)
        if accept.count():
            submit(page, accept)

    page.wait_for_function("() => !!document.getElementById('show-findings') || document.body.dataset.complete === 'yes'",
                           timeout=120000)
    page.reload()
    summary = page.locator("div.summary").inner_text()
    assert "Left to do: 0 proposal(s) to confirm, 0 English label(s) to write, 0 violation(s) to fix" in summary
    assert page.locator("article.card.left").count() == 0
    page.screenshot(path=str(ARTIFACTS / "curate-review-done.png"), full_page=True)

    # Saved as the curator went: the file holds the corrections and validates with all the data.
    graph = turtle.read(draft_file.read_text(encoding="utf-8"))
    assert graph.value(URIRef(f"{KP}/value/2"), RDF.type) == HVA.Value
    assert (URIRef(f"{KP}/value/2"), RDFS.label, Literal("Yhdessä tekeminen", lang="fi")) in graph
    assert graph.value(URIRef(f"{KP}/priority/2"), HVA.partOf) == URIRef(f"{KP}/goal/2")
    assert str(graph.value(URIRef(f"{KP}/event/1"), SCHEMA.startDate)) == "2022-12-13"
    assert graph.value(URIRef(f"{KP}/event/1"), HVA.datePrecision) == HVA.DayPrecision
    assert left_to_do(settings, folder).done

    submit(page, page.get_by_role("button", name="Publish into data/ and sources/", exact=True))
    assert page.get_by_role("heading", name="Published").is_visible()
    published = settings.data_dir / "source-906.ttl"
    text_file = settings.seeds / next(iter(graph.objects(None, URIRef("http://purl.org/dc/terms/identifier"))))
    assert published.is_file() and text_file.is_file() and not draft_file.exists()
    assert "# keski-pohjanmaa-2023-2026" in (settings.data_dir / "annotations.ttl").read_text(encoding="utf-8")
    assert page.problems == []

    served = _served_after_publishing(page, settings)
    assert "Central Ostrobothnia" in served["values"] and "Resident orientation" in served["values"]
    assert "Working together" in served["values"]
    assert "Services are close and available." in served["top level"]
    assert served["without"] == _counties_without_a_strategy(settings)
    assert "Wellbeing Services County of Central Ostrobothnia" not in served["without"]
    assert "Wellbeing Services County of Lapland" in served["without"]


def _served_after_publishing(page, settings) -> dict:
    process, base = start_server({"HVA_GRAPH_ROOT": str(settings.root), "HVA_GRAPH_CACHE_DIR": str(settings.cache_folder),
                                  "HVA_GRAPH_QUERY_TIMEOUT": "10"}, timeout=300)
    try:
        page.goto(base + "/queries/values?lang=en")
        values = page.locator("table.grid").inner_text()
        page.screenshot(path=str(ARTIFACTS / "curate-published-values.png"), full_page=True)
        page.goto(base + "/queries/top-level?lang=en")
        top = page.locator("table.grid").inner_text()
        page.goto(base + "/queries/counties-without-strategy?lang=en")
        without = set(page.locator("table.answer tbody tr td:nth-child(3)").all_inner_texts())
    finally:
        stop_server(process)
    return {"values": values, "top level": top, "without": without}


def _counties_without_a_strategy(settings) -> set[str]:
    """From the published data files: the organisers of data/organisations.ttl (21 counties and
    Helsinki) that no strategy names, in English."""
    data = Graph()
    for path in settings.data_files:
        data.parse(path)
    organisations = Graph().parse(settings.data_dir / "organisations.ttl")
    organisers = set(data.objects(None, HVA.organiser))
    return {str(label) for kind in (HVA.WellbeingServicesCounty, HVA.ServiceOrganiser)
            for organisation in organisations.subjects(RDF.type, kind) if organisation not in organisers
            for label in organisations.objects(organisation, RDFS.label) if label.language == "en"}
