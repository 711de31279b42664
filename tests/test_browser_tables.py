"""Tables for people, in Debian's chromium (Playwright), with the keyboard alone: a table
filtered by typing and sorted from its column heads (a date column by its first day, undated
and open-ended last), axe-core finding nothing in the tables so changed; print preview shows the
content without the site's navigation; the passage a reader came for stands out among the
others. Expected rows come from the store, asked independently of the pages."""

from __future__ import annotations

from test_browser import browser, page  # noqa: F401  (one browser and one live server per module)
from test_browser_tasks import violations


def focus_by_tab(page, selector: str, most: int = 300) -> None:  # noqa: F811
    """Press Tab until the element `selector` names has the focus, as a keyboard user would."""
    for _ in range(most):
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with Tab")


def rows_of(page, table: str = "table.answer") -> list[list[str]]:  # noqa: F811
    return page.evaluate("""(t) => [...document.querySelector(t).tBodies[0].rows].filter(r => !r.hidden)
                                   .map(r => [...r.cells].map(c => c.innerText.trim()))""", table)


def test_a_table_is_filtered_and_sorted_from_the_keyboard(page, live_server, store):  # noqa: F811
    """sources/001: South Karelia's values are "Mie turvaan.", "Mie uskallan.", "Mie vastaan.", "Mie välitän."."""
    found = [(row["label"].value, row["s"].value) for row in store.query("""
        SELECT ?label ?s WHERE { ?v a <https://w3id.org/hva-graph/ontology#Value> ; <https://w3id.org/hva-graph/ontology#inStrategy> ?s ;
          <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER (LANG(?label) = "fi") }""",
        use_default_graph_as_union=True)]
    values = [value for value, _ in found]
    page.goto(live_server + "/queries/values?lang=fi")
    page.wait_for_selector("p.table-filter input")
    focus_by_tab(page, "p.table-filter input")
    page.keyboard.type("etelä-karjala")
    shown = rows_of(page)
    south_karelia = sorted(value for value, strategy in found if strategy.endswith("/etela-karjala-2023-2025"))
    assert sorted(row[2] for row in shown) == south_karelia == ["Mie turvaan.", "Mie uskallan.", "Mie vastaan.", "Mie välitän."]
    assert page.locator("p.table-filter [role=status]").inner_text() == f"4 / {len(values)} riviä näkyvissä"
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    assert len(rows_of(page)) == len(values), "an empty filter shows every row again"

    heads = page.locator("table.answer thead th").all_inner_texts()
    column = next(n for n, head in enumerate(heads) if head.strip().startswith("Arvo"))
    button = f"table.answer thead th:nth-child({column + 1}) button"
    focus_by_tab(page, button)
    page.keyboard.press("Enter")
    ascending = [row[column] for row in rows_of(page)]
    assert ascending == sorted(values, key=lambda text: (text.casefold(), text))
    assert page.locator(f"table.answer thead th:nth-child({column + 1})").get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Space")
    assert [row[column] for row in rows_of(page)] == ascending[::-1]
    assert page.locator(f"table.answer thead th:nth-child({column + 1})").get_attribute("aria-sort") == "descending"
    assert violations(page) == []
    assert page.problems == []


def test_a_date_column_sorts_by_first_day_with_deadlines_last(page, live_server):  # noqa: F811
    page.goto(live_server + "/queries/preparation-timeline?lang=en")
    page.wait_for_selector("table.answer thead button")
    heads = page.locator("table.answer thead th").all_inner_texts()
    column = next(n for n, head in enumerate(heads) if head.strip().startswith("When"))
    button = page.locator(f"table.answer thead th:nth-child({column + 1}) button")
    button.focus()
    page.keyboard.press("Enter")
    keys = page.evaluate("""(n) => [...document.querySelector('table.answer').tBodies[0].rows]
                                   .map(r => r.cells[n].getAttribute('data-sort'))""", column)
    assert keys == sorted(keys)
    texts = [row[column] for row in rows_of(page)]
    deadlines = [n for n, text in enumerate(texts) if text.startswith("by ")]
    assert deadlines and deadlines == list(range(len(texts) - len(deadlines), len(texts))), texts
    assert page.problems == []


def test_print_preview_shows_the_content_without_the_navigation(page, live_server):  # noqa: F811
    for path in ("/queries/values?lang=en", "/id/strategy/etela-karjala-2023-2025/value/1?lang=fi", "/?lang=sv"):
        page.goto(live_server + path)
        page.emulate_media(media="print")
        assert page.locator("h1").is_visible()
        for hidden in ("header.site nav", "form.search", "nav.languages", "footer.site"):
            assert not page.locator(hidden).first.is_visible(), (path, hidden)
        if page.locator("table").count():
            assert page.locator("table").first.is_visible()
        page.emulate_media(media="screen")
        assert page.locator("header.site nav").first.is_visible()
    assert page.problems == []


def test_the_passage_one_came_for_stands_out_and_is_scrolled_to(page, live_server, seeds):  # noqa: F811
    """sources/001: "Mie turvaan." (value 1), one of many passages of the document."""
    page.goto(live_server + "/id/strategy/etela-karjala-2023-2025/value/1?lang=en")
    page.locator("a.in-document").click()
    page.wait_for_load_state("load")
    current = page.locator(".document mark.current")
    assert "".join(current.all_inner_texts()) == "Mie turvaan."
    assert page.locator(".document mark").count() > 20 and page.locator(".document mark.current").count() < 5
    assert current.first.is_visible() and current.first.bounding_box()["y"] < page.viewport_size["height"], "scrolled to"
    colours = page.evaluate("""() => [document.querySelector('.document mark.current'),
                                      document.querySelector('.document mark:not(.current)')]
                                     .map(m => getComputedStyle(m).backgroundColor)""")
    assert colours[0] != colours[1], "marked apart from the other passages"
    assert violations(page) == []
    assert page.problems == []
