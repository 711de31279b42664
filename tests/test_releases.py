"""Releases for integrators: two releases made from fixtures (tests/releases_support.py) that
differ by one added statement (explanation/5), one removed (explanation/4), one relabelled
(event/2) and one corrected date (event/1: 2022-12-30 -> 2022-12-31). The expected changes are
those edits; the feed's rules come from the LDES and TREE specifications (fixtures/ldes/) and
RFC 4287, read by a real feed parser."""

from __future__ import annotations

import dataclasses
import datetime
import gzip
import os
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, URIRef

from hva_graph.canned.files import load_queries
from hva_graph.canned.parameters import bind
from hva_graph.digests.canonical import digest_of_lines
from hva_graph.knowledge.released import release_of
from hva_graph.namespaces import INFERRED_GRAPH, SEARCH_GRAPH
from hva_graph.releases.make import ReleaseRefused, make_release
from hva_graph.service import Service
from hva_graph.store.results import QueryJob
from hva_graph.web.app import create_app
from conftest import ready, start_server, stop_server
from test_browser_tasks import violations
from releases_support import (ADDED, CORRECTED, EK, NEW_END, NEW_LABEL, OLD_END, OLD_LABEL, RELABELLED, REMOVED,
                              make_two_releases)

FIXTURES = Path(__file__).parent / "fixtures"
FOUR = {ADDED, REMOVED, RELABELLED, CORRECTED}
SOURCE_001 = "https://w3id.org/hva-graph/graph/source-001"


@pytest.fixture(scope="module")
def two(settings, tmp_path_factory):
    return make_two_releases(settings, tmp_path_factory.mktemp("releases"))


@pytest.fixture(scope="module")
def first(two):
    return two.first.release


@pytest.fixture(scope="module")
def second(two):
    return two.second.release


@pytest.fixture(scope="module")
def served(two):
    service = Service.from_settings(two.settings, isolate=False)
    yield service
    service.close()


@pytest.fixture(scope="module")
def http(two, served):
    # once its dumps are written (made beside the app: /dumps/ and the description answer 503 until then)
    return ready(create_app({"TESTING": True, "SETTINGS": two.settings, "SERVICE": served})).test_client()


def lines_of(body: bytes) -> set[bytes]:
    return set(body.splitlines(keepends=True))


def parse_lines(lines) -> list[ox.Quad]:
    return list(ox.parse(b"".join(lines), format=ox.RdfFormat.N_QUADS))


def raw_diff(http, release, graph: str) -> tuple[set[bytes], set[bytes]]:
    """A graph's N-Quads lines added and removed, downloaded as an integrator downloads them."""
    entry = release.diff[graph]
    sides = []
    for side in ("added", "removed"):
        if not entry.get(side):
            sides.append(set())
            continue
        response = http.get(f"/release/{release.number}/diff/{entry[side]['file'].rsplit('/', 1)[-1]}")
        assert response.status_code == 200 and hashlib.sha256(response.data).hexdigest() == entry[side]["sha256"]
        sides.append(lines_of(gzip.decompress(response.data)))
    return sides[0], sides[1]


def diff_of(http, release, graph: str) -> tuple[list[ox.Quad], list[ox.Quad]]:
    added, removed = raw_diff(http, release, graph)
    return parse_lines(added), parse_lines(removed)


def owned_by(iri: str, statements) -> str | None:
    return next((s for s in statements if iri == s or iri.startswith(s + "/")), None)


# --- the release and its diff ------------------------------------------------------------------

def test_the_second_release_follows_the_first_with_a_dated_number_and_the_note(first, second):
    assert (first.number, second.number) == ("2026.11.1", "2026.12.1")
    assert second.predecessor == first.number and first.predecessor is None
    assert second.note.startswith("Explanation 5") and first.note_lang == "fi"


def test_the_curated_diff_holds_exactly_the_four_changed_statements(http, second):
    assert {g for g in second.diff if g.startswith("https://w3id.org/hva-graph/graph/source")} == {SOURCE_001}
    added, removed = diff_of(http, second, SOURCE_001)
    assert {owned_by(q.subject.value, FOUR) for q in added} == {ADDED, RELABELLED, CORRECTED}
    assert {owned_by(q.subject.value, FOUR) for q in removed} == {REMOVED, RELABELLED, CORRECTED}
    relabel = [q for q in (*added, *removed) if q.subject.value == RELABELLED]
    assert sorted((q in added, q.object.value) for q in relabel) == [(False, OLD_LABEL), (True, NEW_LABEL)]
    corrected = [q for q in (*added, *removed) if q.subject.value == CORRECTED]
    assert sorted((q in added, q.predicate.value, q.object.value) for q in corrected) == [
        (False, "https://schema.org/endDate", OLD_END), (True, "https://schema.org/endDate", NEW_END)]
    # the whole of explanation/5 (statement, passage, both selectors) came, and of explanation/4 went
    assert {q.subject.value for q in added if owned_by(q.subject.value, {ADDED})} == {
        ADDED, f"{ADDED}/passage", f"{ADDED}/passage/selector/quote", f"{ADDED}/passage/selector/position"}
    assert {q.subject.value for q in removed if owned_by(q.subject.value, {REMOVED})} == {
        REMOVED, f"{REMOVED}/passage", f"{REMOVED}/passage/selector/quote", f"{REMOVED}/passage/selector/position"}


def test_the_inferred_and_search_diffs_are_the_consequences_of_those_changes(http, second):
    for graph in (str(INFERRED_GRAPH), str(SEARCH_GRAPH)):
        added, removed = diff_of(http, second, graph)
        for quad in (*added, *removed):
            touched = {owned_by(t.value, FOUR) for t in (quad.subject, quad.object) if isinstance(t, ox.NamedNode)}
            assert touched - {None}, f"{graph}: {quad} concerns none of the four changes"
    added, removed = diff_of(http, second, str(SEARCH_GRAPH))
    entries = {owned_by(q.subject.value, FOUR) for q in (*added, *removed)}
    assert entries == {ADDED, REMOVED, RELABELLED}  # a corrected date changes no text


def test_applying_the_downloaded_diffs_to_the_first_release_gives_the_second_digest(http, first, second):
    base = lines_of(http.get(f"/release/{first.number}/dumps/hva-graph-all.nq").data)
    assert digest_of_lines(sorted(base)) == first.digest
    lines = set(base)
    for graph in second.diff:
        added, removed = raw_diff(http, second, graph)
        lines = (lines - removed) | added
    assert digest_of_lines(sorted(lines)) == second.digest


def test_applying_the_rdf_patch_gives_the_second_digest_and_the_first_patch_builds_the_first(http, first, second):
    state: set[bytes] = set()
    for release in (first, second):
        response = http.get(f"/release/{release.number}/diff/{release.patch['name']}")
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/rdf-patch")
        assert hashlib.sha256(response.data).hexdigest() == release.patch["sha256"]
        rows = response.data.splitlines(keepends=True)
        assert rows[0].startswith(b"H id <") and rows[-1] == b"TC .\n"
        assert (b"H prev <" in rows[1]) == (release.predecessor is not None)
        for row in rows:
            if row.startswith(b"D "):
                state.discard(row[2:])
            elif row.startswith(b"A "):
                state.add(row[2:])
        assert digest_of_lines(sorted(state)) == release.digest


def test_a_statement_version_is_the_release_it_belongs_to(two, first, second, served):
    assert served.version == second.digest  # the data served is release 2's
    assert release_of(two.settings, second.digest).number == second.number
    assert release_of(two.settings, first.digest).number == first.number
    assert release_of(two.settings, "0" * 64) is None


# --- immutability and refusals -----------------------------------------------------------------

def test_a_release_of_the_same_data_again_is_refused(two, second):
    with pytest.raises(ReleaseRefused, match=f"release {second.number}"):
        make_release(two.settings, "again")


def test_a_published_file_is_never_overwritten_and_the_refusal_names_it(two, first, second, tmp_path):
    before = {p: p.read_bytes() for p in two.settings.releases_folder.rglob("*") if p.is_file()}
    project = tmp_path / "project"
    shutil.copytree(two.project, project)
    changed = dataclasses.replace(two.settings, root=project)
    source = project / "data" / "themes.ttl"
    text = source.read_text(encoding="utf-8")
    assert '"Cross-county strategy themes"@en' in text
    source.write_text(text.replace('"Cross-county strategy themes"@en', '"Themes shared by the strategies"@en'),
                      encoding="utf-8")
    blocking = changed.releases_folder / "2026.12.2" / "release.ttl"
    blocking.parent.mkdir()
    blocking.write_text("# a file that is already there\n")
    with pytest.raises(ReleaseRefused, match=re.escape(str(blocking))):
        make_release(changed, "a third", date=datetime.date(2026, 12, 20))
    blocking.unlink()
    blocking.parent.rmdir()
    after = {p: p.read_bytes() for p in two.settings.releases_folder.rglob("*") if p.is_file()}
    assert after == before  # nothing written, nothing of the published releases changed
    for release in (first, second):
        for relative, digest in release.files.items():
            assert hashlib.sha256((two.settings.releases_folder / release.number / relative).read_bytes()).hexdigest() == digest


def test_the_release_command_exits_1_saying_why_it_refused(two, second):
    env = {"HVA_GRAPH_ROOT": str(two.project), "HVA_GRAPH_RELEASES_DIR": str(two.settings.releases_folder),
           "HVA_GRAPH_CACHE_DIR": str(two.settings.cache_folder),
           "HVA_GRAPH_RELEASE_DUMPS_DIR": str(two.settings.release_dumps_folder)}
    result = subprocess.run([str(Path(sys.executable).parent / "hva-graph"), "release", "--note", "again"],
                            capture_output=True, text=True, timeout=600, env={**os.environ, **env})
    assert result.returncode == 1 and "refused" in result.stderr and f"release {second.number}" in result.stderr


def test_data_that_holds_draft_statements_is_not_released(two, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(two.project, project)
    source = project / "data" / "source-001.ttl"
    source.write_text(source.read_text(encoding="utf-8") + f"\n<{ADDED}> <https://w3id.org/hva-graph/ontology#proposal> "
                      '"cue: heading"@fi .\n', encoding="utf-8")
    with pytest.raises(ReleaseRefused, match="draft"):
        make_release(dataclasses.replace(two.settings, root=project), "drafts")


# --- the changelog -----------------------------------------------------------------------------

def test_the_changelog_shows_exactly_those_changes_with_labels_in_the_pages_language(http, second):
    page = lxml.html.fromstring(http.get(f"/release/{second.number}?lang=fi").data)
    changes = {(li.get("class").split()[-1], li.xpath(".//code")[0].text) for li in page.xpath("//li[contains(@class, 'change')]")}
    assert changes == {("added", ADDED), ("removed", REMOVED), ("relabelled", RELABELLED), ("corrected", CORRECTED)}
    text = page.text_content()
    assert "Etelä-Karjalan hyvinvointialueen henkilöstöohjelma pohjautuu" in text  # explanation/5, in Finnish
    values = {row.xpath("string(th)"): (row.xpath("string(td[1])").strip(), row.xpath("string(td[2])").strip())
              for row in page.xpath("//li[contains(@class, 'corrected')]//table[@class='values']/tbody/tr")}
    assert list(values.values()) == [(OLD_END, NEW_END)]
    relabelled = page.xpath("//li[contains(@class, 'relabelled')]//table[@class='values']")[0].text_content()
    assert OLD_LABEL in relabelled and NEW_LABEL in relabelled
    summary = page.xpath("//table[@class='summaries']")[0].text_content()
    assert "inferred" in summary and "search" in summary  # summarised, not listed
    assert "henkilöstöohjelma" not in summary
    links = page.xpath("//li[contains(@class, 'corrected')]//a/@href")
    assert any("release=2026.11.1" in link for link in links) and any("release=2026.12.1" in link for link in links)


def test_the_history_page_lists_every_release_with_its_counts(http, first, second):
    page = lxml.html.fromstring(http.get("/releases/?lang=en").data)
    rows = page.xpath("//table[@class='releases']/tbody/tr")
    assert [row.xpath("string(th)") for row in rows] == [second.number, first.number]
    assert "1 added, 1 removed, 1 corrected, 1 relabelled" in rows[0].text_content()
    assert second.digest in rows[0].text_content()


def test_the_competency_question_18_query_lists_the_changes_by_strategy_with_labels(served, second):
    query = load_queries(Path(__file__).parents[1] / "queries")["release-changes"]
    terms = bind(query, {"release": second.iri})
    outcome = served.runner.run(QueryJob(query.sparql, {"tabular": "json"}, substitutions=terms))
    rows = {(r["statement"]["value"], r["kind"]["value"].rsplit("#", 1)[1], r.get("labelEn", {}).get("value"),
             r.get("changed", {}).get("value", ""), r["strategy"]["value"]) for r in outcome.bindings()}
    assert rows == {
        (ADDED, "StatementAdded", "The staff programme of the South Karelia wellbeing services county is based "
         "directly on the main strategy that guides the organisation, in which investing in staff is one of the "
         "spearheads. We believe that staff who are well do the right things in the right way, serving their "
         "customers in the best way.", "", EK),
        (REMOVED, "StatementRemoved", "The service strategy will later be complemented by an implementation "
         "programme, and its finalised version will also be added to the website in the autumn.", "", EK),
        (RELABELLED, "StatementRelabelled", NEW_LABEL, "http://www.w3.org/2000/01/rdf-schema#label", EK),
        (CORRECTED, "StatementCorrected", "Overall strategy approved by the county council in December 2022",
         "https://schema.org/endDate", EK)}


# --- versioned reading -------------------------------------------------------------------------

def test_a_removed_statement_answers_410_with_the_release_that_removed_it(http, second):
    path = REMOVED.replace("https://w3id.org/hva-graph", "")
    for accept in ("text/turtle", "text/html"):
        response = http.get(path, headers={"Accept": accept})
        assert response.status_code == 410
        assert f"/release/{second.number}>" in response.headers["Link"]
        assert f"release {second.number}" in response.get_data(as_text=True)
    assert http.get(f"{path}/passage").status_code == 410  # its parts too
    assert http.get(path.replace("explanation/4", "explanation/99")).status_code == 404  # never was


def test_a_statement_of_an_older_release_shows_that_releases_text(http, first):
    path = RELABELLED.replace("https://w3id.org/hva-graph", "")
    now = http.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    then = http.get(f"{path}?release={first.number}", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert NEW_LABEL in now and OLD_LABEL not in now
    assert OLD_LABEL in then and f"release {first.number}" in then
    removed = REMOVED.replace("https://w3id.org/hva-graph", "")
    rdf = http.get(f"{removed}?release={first.number}&format=ntriples")
    assert rdf.status_code == 200 and b"verkkosivuille" in rdf.data
    corrected = CORRECTED.replace("https://w3id.org/hva-graph", "")
    assert OLD_END.encode() in http.get(f"{corrected}?release={first.number}&format=ntriples").data
    assert http.get(f"{path}?release=1999.01.1").status_code == 404


def test_a_statement_page_lists_the_releases_it_is_in(http, first, second):
    page = lxml.html.fromstring(http.get(CORRECTED.replace("https://w3id.org/hva-graph", "") + "?lang=en").data)
    items = [li.text_content() for li in page.xpath("//ul[@class='versions']/li")]
    assert len(items) == 2 and first.number in items[0] and "added" in items[0]
    assert second.number in items[1] and "corrected" in items[1]


def test_a_replaced_statement_redirects_to_its_successor_or_lists_them(settings):
    successor = URIRef(f"{EK}/value/1")
    graph = Graph()
    graph.add((URIRef(f"{EK}/value/9"), URIRef("http://purl.org/dc/terms/isReplacedBy"), successor))
    graph.add((URIRef(f"{EK}/value/8"), URIRef("http://purl.org/dc/terms/isReplacedBy"), successor))
    graph.add((URIRef(f"{EK}/value/8"), URIRef("http://purl.org/dc/terms/isReplacedBy"), URIRef(f"{EK}/value/2")))
    service = Service.from_graphs(settings, {URIRef("https://w3id.org/hva-graph/graph/source-001"): graph},
                                  isolate=False)
    try:
        client = create_app({"TESTING": True, "SETTINGS": settings, "SERVICE": service}).test_client()
        one = client.get("/id/strategy/etela-karjala-2023-2025/value/9")
        assert one.status_code == 301 and one.headers["Location"].startswith("/id/strategy/etela-karjala-2023-2025/value/1")
        split = client.get("/id/strategy/etela-karjala-2023-2025/value/8")
        assert split.status_code == 300 and split.headers["Link"].count("successor-version") == 2
    finally:
        service.close()


# --- feeds -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def paged(two, served):
    """The feed one release a page: two pages."""
    settings = dataclasses.replace(two.settings, feed_page_size=1)
    service = dataclasses.replace(served, settings=settings)  # the same store, served under these settings
    return create_app({"TESTING": True, "SETTINGS": settings, "SERVICE": service}).test_client()


def feed_graph(response) -> Graph:
    return Graph().parse(data=response.data, format="turtle")


def test_the_event_stream_conforms_to_the_ldes_and_tree_rules(paged):
    shapes = Graph().parse(FIXTURES / "ldes" / "ldes-shapes.ttl")
    for path in ("/releases/feed", "/releases/feed/2"):
        conforms, _, report = pyshacl.validate(feed_graph(paged.get(path)), shacl_graph=shapes)
        assert conforms, report


def test_the_event_stream_pages_and_only_the_full_page_is_immutable(paged, first, second):
    root = paged.get("/releases/feed")
    assert root.status_code == 200 and root.headers["Cache-Control"].endswith("immutable")
    graph = feed_graph(root)
    tree, ldes = "https://w3id.org/tree#", "https://w3id.org/ldes#"
    page = URIRef("http://localhost/releases/feed")
    assert (page, URIRef(ldes + "immutable"), None) in graph
    (relation,) = graph.objects(page, URIRef(tree + "relation"))
    nxt = graph.value(relation, URIRef(tree + "node"))
    assert str(nxt) == "http://localhost/releases/feed/2"
    bound = graph.value(relation, URIRef(tree + "value")).toPython()
    assert bound == datetime.datetime.fromisoformat(second.released.replace("Z", "+00:00"))
    members = {str(m) for m in graph.objects(URIRef("https://w3id.org/hva-graph/releases"), URIRef(tree + "member"))}
    assert members == {first.iri}
    last = paged.get("/releases/feed/2")
    graph = feed_graph(last)
    assert (URIRef(str(nxt)), URIRef(ldes + "immutable"), None) not in graph
    assert not list(graph.objects(URIRef(str(nxt)), URIRef(tree + "relation")))
    assert "immutable" not in last.headers["Cache-Control"]
    assert {str(m) for m in graph.objects(URIRef("https://w3id.org/hva-graph/releases"), URIRef(tree + "member"))} == {second.iri}
    assert paged.get("/releases/feed/3").status_code == 404
    again = paged.get("/releases/feed/2", headers={"If-None-Match": last.headers["ETag"]})
    assert again.status_code == 304


def test_each_member_names_its_diffs_with_their_checksums(paged, second):
    graph = feed_graph(paged.get("/releases/feed/2"))
    dcat, spdx = "http://www.w3.org/ns/dcat#", "http://spdx.org/rdf/terms#"
    found = {}
    for distribution in graph.objects(URIRef(second.iri), URIRef(dcat + "distribution")):
        url = str(graph.value(distribution, URIRef(dcat + "downloadURL")))
        checksum = graph.value(distribution, URIRef(spdx + "checksum"))
        found[url] = str(graph.value(checksum, URIRef(spdx + "checksumValue")))
    patch = f"http://localhost/release/{second.number}/diff/{second.patch['name']}"
    assert found[patch] == second.patch["sha256"]
    for url, digest in found.items():
        body = paged.get(url.replace("http://localhost", "")).data
        assert hashlib.sha256(body).hexdigest() == digest, url


def test_the_atom_feed_is_read_by_a_feed_parser(http, first, second):
    response = http.get("/releases/feed.atom")
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == "https://w3id.org/hva-graph/releases" and feed.feed.title and feed.feed.updated
    assert [entry.id for entry in feed.entries] == [second.iri, first.iri]
    newest = feed.entries[0]
    assert newest.link == f"http://localhost/release/{second.number}"
    assert newest.updated == second.released and "Explanation 5" in newest.summary
    # RFC 4287 4.1.1/4.1.2: a feed and each entry have exactly one id, title and updated
    root = lxml.etree.fromstring(response.data)
    atom = "{http://www.w3.org/2005/Atom}"
    for element in (root, *root.findall(f"{atom}entry")):
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{atom}{name}")) == 1, (element.tag, name)
    assert root.findall(f"{atom}author")


# --- dumps, the diff command -------------------------------------------------------------------

def test_a_release_dump_is_rebuilt_from_the_diffs_when_the_state_folder_lost_it(two, first, http):
    shutil.rmtree(two.settings.release_dumps_folder / first.number)
    response = http.get(f"/release/{first.number}/dumps/hva-graph-all.ttl")
    entry = next(e for e in first.dumps if e["name"] == "hva-graph-all.ttl")
    assert response.status_code == 200 and hashlib.sha256(response.data).hexdigest() == entry["sha256"]
    assert response.headers["Cache-Control"].endswith("immutable") and response.headers["ETag"] == f'"{entry["sha256"]}"'


def test_only_the_newest_releases_dumps_are_served_and_the_older_are_named_by_digest(two, served, first, second):
    settings = dataclasses.replace(two.settings, release_dumps_kept=1)
    service = dataclasses.replace(served, settings=settings)
    client = create_app({"TESTING": True, "SETTINGS": settings, "SERVICE": service}).test_client()
    gone = client.get(f"/release/{first.number}/dumps/hva-graph-all.nq")
    entry = next(e for e in first.dumps if e["name"] == "hva-graph-all.nq")
    assert gone.status_code == 410 and entry["sha256"] in gone.get_data(as_text=True)
    assert client.get(f"/release/{second.number}/dumps/hva-graph-all.nq").status_code == 200
    assert entry["sha256"] in client.get(f"/release/{first.number}?lang=en").get_data(as_text=True)


def test_hva_graph_diff_compares_two_releases_and_writes_the_pair_and_the_patch(two, first, second, tmp_path):
    env = {"HVA_GRAPH_ROOT": str(two.project), "HVA_GRAPH_RELEASES_DIR": str(two.settings.releases_folder),
           "HVA_GRAPH_CACHE_DIR": str(two.settings.cache_folder)}
    result = subprocess.run([str(Path(sys.executable).parent / "hva-graph"), "diff", first.number, second.number,
                             "--out", str(tmp_path / "diff")], capture_output=True, text=True, timeout=600,
                            env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    listed = {line.split()[1]: line.split()[0] for line in result.stdout.splitlines()[1:] if line.startswith("  ") and "quads" not in line}
    assert listed == {ADDED: "added", REMOVED: "removed", RELABELLED: "relabelled", CORRECTED: "corrected"}
    added = (tmp_path / "diff" / "source-001.added.nq").read_bytes()
    served = gzip.decompress(next(p for p in (two.settings.releases_folder / second.number / "diff").glob("source-001.added.nq.gz")).read_bytes())
    assert added == served  # the same diff as the release published


def test_a_replica_loaded_from_a_release_serves_that_release(two, first, tmp_path):
    """`hva-graph load --release` builds a store from the release's data as released (its derived
    graphs included), whatever the data files say now: its data version is the release's."""
    env = {"HVA_GRAPH_ROOT": str(two.project), "HVA_GRAPH_RELEASES_DIR": str(two.settings.releases_folder),
           "HVA_GRAPH_CACHE_DIR": str(two.settings.cache_folder), "HVA_GRAPH_DUMPS_DIR": str(tmp_path / "dumps")}
    store = tmp_path / "store"
    result = subprocess.run([str(Path(sys.executable).parent / "hva-graph"), "load", "--store", str(store),
                             "--release", first.number], capture_output=True, text=True, timeout=600,
                            env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    settings = dataclasses.replace(two.settings, store=str(store), dumps_dir=tmp_path / "dumps")
    replica = Service.from_settings(settings, isolate=False)
    try:
        assert replica.version == first.digest and replica.modified == first.validated
        client = create_app({"TESTING": True, "SETTINGS": settings, "SERVICE": replica}).test_client()
        assert f"release {first.number}" in client.get("/releases/?lang=en").get_data(as_text=True)
        old = client.get(REMOVED.replace("https://w3id.org/hva-graph", "") + "?format=ntriples")
        assert old.status_code == 200 and b"verkkosivuille" in old.data  # release 1 still had explanation/4
    finally:
        replica.close()


# --- in a browser --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def release_server(two):
    """The real server over the second release's data, with the two releases."""
    process, base = start_server({"HVA_GRAPH_ROOT": str(two.project), "HVA_GRAPH_SEEDS": str(two.project / "sources"),
                                  "HVA_GRAPH_RELEASES_DIR": str(two.settings.releases_folder),
                                  "HVA_GRAPH_RELEASE_DUMPS_DIR": str(two.settings.release_dumps_folder),
                                  "HVA_GRAPH_CACHE_DIR": str(two.settings.cache_folder),
                                  "HVA_GRAPH_DUMPS_DIR": str(two.settings.dumps_folder)})
    yield base
    stop_server(process)


@pytest.mark.parametrize("path", ["/releases/", "/release/2026.12.1",
                                  "/id/strategy/etela-karjala-2023-2025/event/2?release=2026.11.1"])
def test_the_release_pages_have_no_accessibility_violation(browser, release_server, path):
    page = browser.new_page()
    try:
        for lang in ("fi", "sv", "en"):
            page.goto(f"{release_server}{path}{'&' if '?' in path else '?'}lang={lang}")
            assert page.locator("html").get_attribute("lang") == lang
            assert violations(page) == [], (path, lang)
    finally:
        page.close()


def test_the_dataset_description_lists_every_release_and_its_diffs_and_still_conforms(http, first, second):
    description = Graph().parse(data=http.get("/.well-known/void", headers={"Accept": "text/turtle"}).data,
                                format="turtle")
    shapes = Graph().parse(Path(__file__).parents[1] / "shapes" / "description" / "void-dcat.ttl")
    conforms, _, report = pyshacl.validate(description, shacl_graph=shapes, inference="none", advanced=True)
    assert conforms, report
    dcat = "http://www.w3.org/ns/dcat#"
    dataset = URIRef("https://w3id.org/hva-graph/dataset")
    assert {str(v) for v in description.objects(dataset, URIRef(dcat + "hasVersion"))} == {first.iri, second.iri}
    assert str(description.value(dataset, URIRef(dcat + "hasCurrentVersion"))) == second.iri
    assert str(description.value(URIRef(second.iri), URIRef(dcat + "previousVersion"))) == first.iri
    patch = URIRef(f"{second.iri}/diff/{second.patch['name']}")
    assert (URIRef(second.iri), URIRef(dcat + "distribution"), patch) in description


def test_statements_of_a_new_source_are_told_apart_from_corrections():
    from hva_graph.releases.changes import ADDED as ADDITION, CORRECTED as CORRECTION, changes
    from hva_graph.releases.diff import diff, lines_of as canonical

    hva = "https://w3id.org/hva-graph/ontology#"
    old_graph, new_graph = ox.NamedNode(SOURCE_001), ox.NamedNode("https://w3id.org/hva-graph/graph/source-009")
    kept, new = ox.NamedNode(f"{EK}/value/1"), ox.NamedNode("https://w3id.org/hva-graph/id/strategy/x-2025-2028/value/1")

    def statement(node, graph, label):
        return [ox.Quad(node, ox.NamedNode(hva + "inStrategy"), ox.NamedNode(node.value.rsplit("/", 2)[0]), graph),
                ox.Quad(node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                        ox.NamedNode(hva + "Value"), graph),
                ox.Quad(node, ox.NamedNode(hva + "ordinal"), ox.Literal(label), graph)]

    before, after = ox.Store(), ox.Store()
    before.bulk_extend(statement(kept, old_graph, "1"))
    after.bulk_extend([*statement(kept, old_graph, "2"), *statement(new, new_graph, "1")])
    found, _ = changes(before, after, diff(canonical(before), canonical(after)))
    told = {(c.statement, c.kind, c.new_source) for c in found}
    assert told == {(kept.value, CORRECTION, False), (new.value, ADDITION, True)}
