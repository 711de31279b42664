"""The review page's routes over a copy of the project (Flask's test client; the browser test
drives the same page in chromium): the text shown is the source text to the code point, a change
that cannot be made is refused with its reason and changes nothing, the rules' findings come with
the answer, a hand edit of the draft file is taken up, and publishing refuses a draft with work
left (listing it) and never overwrites a file."""

from __future__ import annotations

import html
import multiprocessing
import re

import pytest

from curation_project import draft_copy, project_copy
from hva_graph.curation.editing.review import Review
from hva_graph.web.curate.app import create_curate_app

PORT = 5398
HERE = f"http://127.0.0.1:{PORT}"
KAINUU = "https://w3id.org/hva-graph/id/strategy/kainuu-2023-2025"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    settings = project_copy(tmp_path_factory.mktemp("project"))
    review = Review(settings, draft_copy(settings, 905))
    yield settings, review
    review.close()


@pytest.fixture
def client(session):
    return create_curate_app(session[1], PORT, {"TESTING": True}).test_client()


def _page(client, path: str = "/") -> str:
    answer = client.get(path, base_url=HERE)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def _post(client, operation: str, **form):
    token = re.search(r'name="csrf" value="([^"]+)"', _page(client)).group(1)
    answer = client.post(f"/change/{operation}" if operation != "publish" else "/publish", base_url=HERE,
                         headers={"Origin": HERE}, data={**form, "csrf": token})
    assert answer.status_code == 303
    return _page(client, answer.headers["Location"].removeprefix(HERE))


def _card(page: str, path: str) -> str:
    anchor = "s-strategy-" + path.replace("/", "-")
    return re.search(f'<article id="{anchor}".*?</article>', page, re.S).group(0)


def test_the_text_on_the_page_is_the_source_text_to_the_code_point(client, session):
    page = _page(client)
    shown = re.search(r'<div id="source-text"[^>]*>(.*?)</div>', page, re.S).group(1)
    with open(session[1].draft.text_file, encoding="utf-8", newline="") as handle:
        assert html.unescape(re.sub(r"<[^>]+>", "", shown)) == handle.read()
    assert set(re.findall(r'<mark class="passage[^"]*"><a href="#([^"]+)"', page)) == {
        "s-strategy-kainuu-2023-2025", "s-strategy-kainuu-2023-2025-event-1", "s-strategy-kainuu-2023-2025-value-1",
        "s-strategy-kainuu-2023-2025-tier-1", "s-strategy-kainuu-2023-2025-goal-1", "s-strategy-kainuu-2023-2025-goal-2"}


def test_a_change_that_cannot_be_made_says_why_and_changes_nothing(client, session):
    before = session[1].draft.file.read_bytes()
    page = _post(client, "date", subject=f"{KAINUU}/event/1", precision="day", value="14.12.2022")
    assert "Not changed: a day is written as 2022-12-14" in html.unescape(page)
    page = _post(client, "split", subject=f"{KAINUU}/value/1", start="110", end="120")
    assert "Not changed: select the beginning or the end of the passage" in html.unescape(page)
    assert session[1].draft.file.read_bytes() == before


def test_a_decisions_phase_is_changed_from_its_editor_and_a_seminars_refused(client, session):
    """905's adoption is an event of the preparation; the editor offers the phase and saves it."""
    editor = _page(client, f"/?edit={KAINUU}/event/1")
    assert 'name="phase"' in editor and "Implementation event" in editor
    _post(client, "phase", subject=f"{KAINUU}/event/1", phase="https://w3id.org/hva-graph/ontology#ImplementationEvent")
    saved = session[1].draft.file.read_text(encoding="utf-8")
    assert "<kainuu-2023-2025/event/1> a hva:Decision , hva:ImplementationEvent ;" in saved
    _post(client, "phase", subject=f"{KAINUU}/event/1", phase="https://w3id.org/hva-graph/ontology#PreparationEvent")
    _post(client, "retype", subject=f"{KAINUU}/event/1", cls="https://w3id.org/hva-graph/ontology#Seminar")
    before = session[1].draft.file.read_bytes()
    page = _post(client, "phase", subject=f"{KAINUU}/event/1", phase="https://w3id.org/hva-graph/ontology#ImplementationEvent")
    assert "Not changed: a seminar is an event of the preparation by its class" in html.unescape(page)
    assert session[1].draft.file.read_bytes() == before
    _post(client, "retype", subject=f"{KAINUU}/event/1", cls="https://w3id.org/hva-graph/ontology#Decision")
    assert "<kainuu-2023-2025/event/1> a hva:Decision , hva:PreparationEvent ;" in session[1].draft.file.read_text(
        encoding="utf-8")


def test_the_rules_findings_come_with_the_answer(client, session):
    """905: "Aluevaltuusto hyväksyi strategian 14.12.2022." dated as the year 2023 is wrong twice."""
    page = _post(client, "date", subject=f"{KAINUU}/event/1", precision="year", value="2023")
    event = html.unescape(_card(page, "kainuu-2023-2025/event/1"))
    assert "carried by a structured date" in event and "expression = 14.12.2022" in event
    page = _post(client, "date", subject=f"{KAINUU}/event/1", precision="day", value="2022-12-14")
    assert 'class="findings"' not in _card(page, "kainuu-2023-2025/event/1")
    assert '"2022-12-14"^^xsd:date' in session[1].draft.file.read_text(encoding="utf-8")


def test_the_full_check_follows_on_the_statements_it_concerns(client, session):
    """A goal taken out of its tier breaks a shape pyshacl checks (every goal has one tier)."""
    _post(client, "move", subject=f"{KAINUU}/goal/1", tier="", parent="", ordinal="1")
    checked = session[1].wait_for_full_check(300)
    assert checked.complete
    goal = html.unescape(_card(_page(client), "kainuu-2023-2025/goal/1"))
    assert "belongs to exactly one tier of its strategy" in goal
    _post(client, "move", subject=f"{KAINUU}/goal/1", tier=f"{KAINUU}/tier/1", parent="", ordinal="1")


def test_a_hand_edit_of_the_draft_file_is_taken_up(client, session):
    file = session[1].draft.file
    file.write_text(file.read_text(encoding="utf-8").replace('"Rohkeus"@fi', '"Rohkeus (käsin)"@fi'), encoding="utf-8")
    assert "Rohkeus (käsin)" in _page(client)


def test_a_draft_with_work_left_is_not_published_and_says_what_is_left(client, session):
    settings, review = session
    page = html.unescape(_post(client, "publish"))
    assert "Not published: the draft is not finished" in page
    assert f"<{KAINUU}/goal/2> \"Henkilöstö voi hyvin.\"" in page and "write the English label" in page
    assert not (settings.data_dir / "source-905.ttl").exists() and review.draft.file.exists()
    assert not list(settings.seeds.glob("905_*"))


def test_publishing_never_overwrites_a_file(client, session):
    settings, review = session
    target = settings.data_dir / "source-905.ttl"
    target.write_text("# a curated graph of the same number\n", encoding="utf-8")
    try:
        page = html.unescape(_post(client, "publish"))
        assert f"Not published: {target} exists already" in page
        assert target.read_text(encoding="utf-8") == "# a curated graph of the same number\n"
    finally:
        target.unlink()


def test_other_values_are_chosen_from_the_schemes(client, session):
    page = html.unescape(_page(client, f"/?edit={KAINUU}/event/1"))
    assert "Kind of decision" in page and ">Adopts<" in page and ">Starts the preparation<" in page
    page = _post(client, "values", subject=f"{KAINUU}/event/1", prop="http://purl.org/dc/terms/type",
                 value="https://w3id.org/hva-graph/id/decision-kind/decides")
    assert "dcterms:type kind:decides" in session[1].draft.file.read_text(encoding="utf-8")
    page = _post(client, "values", subject=f"{KAINUU}/event/1", prop="http://purl.org/dc/terms/type",
                 value="https://w3id.org/hva-graph/id/decision-kind/invented")
    assert "Not changed: Kind of decision: not one of the choices" in html.unescape(page)


def test_a_checking_process_that_dies_is_replaced(client, session):
    review = session[1]
    review.wait_for_full_check(300)
    children = multiprocessing.active_children()
    assert children, "the full check runs in a process of its own"
    for child in children:
        child.kill()
    _post(client, "labels", subject=f"{KAINUU}/tier/1", en="Strategic goal")
    checked = review.wait_for_full_check(300)
    assert checked.complete and checked.version == review.version and review.check_failed is None
