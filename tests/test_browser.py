"""A real browser (Debian's chromium, driven by Playwright) reads the pages as a newcomer would:
home page, a comparison with its chart, a statement with its source passage. Screenshots are
saved in test-artifacts/ for a person to look at."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; `make test` installs it with apt-get in CI")
        pytest.skip("Debian chromium is not installed (make test installs it when run as root)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("requestfailed", lambda request: page.problems.append(f"failed: {request.url}"))
    page.on("request", lambda request: None if request.url.startswith((live_server, "data:"))
            else page.problems.append(f"left the machine: {request.url}"))
    yield page
    context.close()


def test_home_page(page, live_server):
    page.goto(live_server + "/?lang=en")
    assert page.locator("h1").inner_text() == "Wellbeing services county strategies as linked data"
    assert page.get_by_role("link", name="North Karelia wellbeing services county strategy 2023–2026", exact=True).is_visible()
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    assert page.problems == []


def test_click_through_to_a_comparison_with_a_chart(page, live_server):
    page.goto(live_server + "/?lang=en")
    page.get_by_role("link", name="Counties × themes").click()
    page.wait_for_selector("#chart svg", timeout=15000)
    assert page.locator("figure.chart").is_visible()
    marks = page.locator("#chart svg .mark-rect path")
    assert marks.count() > 20, "one cell per strategy and theme"
    assert page.get_by_role("cell", name="Workforce and competence").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "counties-themes-matrix.png"), full_page=True)
    assert page.problems == []


def test_timeline_chart_and_the_fi_switch(page, live_server):
    page.goto(live_server + "/queries/preparation-timeline?lang=en")
    page.wait_for_selector("#chart svg", timeout=15000)
    page.get_by_role("link", name="suomi").click()
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.locator("h1").inner_text() == "Valmistelun aikajana"
    page.wait_for_selector("#chart svg", timeout=15000)
    page.screenshot(path=str(ARTIFACTS / "preparation-timeline-fi.png"), full_page=True)
    assert page.problems == []


def test_follow_a_statement_to_its_source_passage(page, live_server):
    page.goto(live_server + "/queries/values?lang=en")
    page.get_by_role("link", name="I safeguard.").first.click()
    assert page.locator("h1").inner_text() == "I safeguard."
    assert page.locator("mark").first.inner_text() == "Mie turvaan."
    assert "Source 001" in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / "statement.png"), full_page=True)
    assert page.problems == []


def test_pages_fit_a_phone_screen(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server + "/id/strategy/pohjois-karjala-2023-2026/value/2?lang=en")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(ARTIFACTS / "statement-phone.png"), full_page=True)
    context.close()
    assert width <= 375, "no sideways scrolling on a phone"


def test_a_statement_leads_to_its_passage_highlighted_in_the_document(page, live_server, seeds):
    """Mie turvaan. (001, value 1): "view in the document" opens the source document with the very
    characters the data's offsets name marked, and the mark leads back to the statement."""
    page.goto(live_server + "/id/strategy/etela-karjala-2023-2025/value/1?lang=en")
    link = page.locator("a.in-document")
    start, end = map(int, link.get_attribute("href").rsplit("#passage-", 1)[1].split("-"))
    link.click()
    page.wait_for_url(f"**#passage-{start}-{end}")
    text = (seeds / "001_1ea51d137e0ea09d.txt").read_text(encoding="utf-8")
    marked = page.locator(f'mark[data-passages~="passage-{start}-{end}"]')
    assert "".join(marked.all_inner_texts()) == text[start:end] == "Mie turvaan."
    assert page.locator("mark").count() >= 20, "every cited passage of the document is marked"
    page.screenshot(path=str(ARTIFACTS / "source-document.png"), full_page=True)
    marked.first.locator("a").click()
    assert page.locator("h1").inner_text() == "I safeguard."
    assert page.problems == []
