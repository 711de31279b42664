"""The three store backends behind one abstraction: what a user sees is the same whichever
one answers.

- on disk: a store built by `hva-graph load --store PATH` (the real command), opened by
  the query processes read-only;
- remote, on two engines started here on loopback, each loaded with the project's N-Quads dump
  and asked through the SPARQL protocol: `oxigraph serve` (the PyPI `oxigraph` package's server,
  loaded by `oxigraph load`) and Virtuoso Open Source (Debian's package, loaded by its bulk loader,
  with its own system graphs beside the data).

Expected answers are those of the default in-memory store over the same data, which the
rest of the suite checks against the source documents.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from conftest import free_port, once_per_run, ready, start_server, stop_server
from dumps_support import graphs_of, same_statements
from engine_servers import Virtuoso
from hva_graph.web.app import create_app
from hva_graph.publish.into_store import checked_parts, parts_of
from hva_graph.store.backend import StoreUnavailable
from hva_graph.store.disk import STORE_INFO, load_disk_store
from hva_graph.publish.dumps import DumpSpec, render
from hva_graph.publish.served import dumps_of
from hva_graph.store.engines import ENGINES
from hva_graph.store.remote import RemoteRunner
from hva_graph.store.results import QueryJob
from hva_graph.canned.files import load_queries
from hva_graph.canned.parameters import bind
from hva_graph.settings import endpoint_url
from hva_graph.sparql.binding import bind_values
from hva_graph.service import Service
from hva_graph.settings import Settings
from hva_graph.namespaces import RELEASES_GRAPH
from hva_graph.knowledge.terms import to_oxigraph

BIN = Path(sys.executable).parent
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""About 3 × 10^11 solutions over the project's data: runs far past any time limit."""
READING = 30.0
"""The time limit of the stores the answers are compared on: no answer is near it, even on a busy
machine (the engines' own limits are no shorter: README, Choosing a store)."""
LIMIT = 2.0
"""The time limit the limit tests ask for: far below READING and the engines' own."""


def hva_graph(*args, env=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "hva-graph"), *args], capture_output=True, text=True, timeout=timeout,
                          env={**__import__("os").environ, **(env or {})})


# --- fixtures --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def disk_path(tmp_path_factory, settings, checked_project) -> Path:
    """A store built by the real command, as an operator builds one (who has validated the data
    and published its dumps before, as the run has: tests/conftest.py)."""
    path = tmp_path_factory.mktemp("disk") / "store"
    result = hva_graph("load", "--store", str(path))
    assert result.returncode == 0, result.stderr
    # one per data file, the ontology, the OWL RL closure, graph/search, and graph/releases once a
    # release has been made (the history, beside the data)
    graphs = len(settings.data_files) + 3 + any(settings.releases_folder.glob("*/release.json"))
    assert f"triples in {graphs} named graphs" in result.stderr
    return path


@pytest.fixture(scope="module")
def disk_settings(settings, disk_path, tmp_path_factory) -> Settings:
    return dataclasses.replace(settings, store=str(disk_path), query_timeout=READING,
                               dumps_dir=tmp_path_factory.mktemp("disk-dumps"))


def serving(settings: Settings):
    """The service over a store, its dumps published: the store's content validated (by one worker
    at a time, so that the others find the verdict of the same content in the run's cache)."""
    service = Service.from_settings(settings)
    with once_per_run("store-dumps"):
        dumps_of(service)
    yield service
    service.close()


@pytest.fixture(scope="module")
def disk_service(disk_settings):
    yield from serving(disk_settings)


def start_oxigraph(location: Path, union_default_graph: bool = True):
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location),
               "--bind", f"127.0.0.1:{port}", "--timeout-s", "30"]
    if union_default_graph:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2):
                return process, url
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode())
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("oxigraph serve did not start")


@pytest.fixture(scope="module")
def nquads(tmp_path_factory, knowledge, shapes) -> Path:
    """The project's N-Quads dump, as `hva-graph dump --format nquads` writes it."""
    dump = tmp_path_factory.mktemp("dump") / "all.nq"
    body, _ = render(knowledge, shapes, DumpSpec("all", "nquads", False))
    releases = knowledge.graphs.get(RELEASES_GRAPH)
    if releases is not None:  # graph/releases is served beside the data, never in its dumps: loaded as well
        graph = ox.NamedNode(str(RELEASES_GRAPH))
        body += ox.serialize([ox.Quad(*(to_oxigraph(term) for term in triple), graph) for triple in releases],
                             format=ox.RdfFormat.N_QUADS)
    dump.write_bytes(body)
    return dump


@pytest.fixture(scope="module")
def oxigraph_location(tmp_path_factory, nquads) -> Path:
    """An Oxigraph database loaded by `oxigraph load` from the project's N-Quads dump."""
    folder = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(folder / "db"), "--file", str(nquads)],
                   check=True, capture_output=True, timeout=300)
    return folder / "db"


@pytest.fixture(scope="module")
def engine(oxigraph_location):
    process, url = start_oxigraph(oxigraph_location)
    yield url
    stop_server(process)


def loaded_virtuoso(folder: Path, nquads: Path, max_seconds: int):
    """Virtuoso with its own database, loaded from the dump by its bulk loader (ld_dir, rdf_loader_run)."""
    server = Virtuoso(folder, max_seconds=max_seconds)
    try:
        server.start()
        server.bulk_load(nquads)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, nquads):
    """Virtuoso as the answers are compared on: its own limit (MaxQueryExecutionTime) as long as
    ours, so that neither cuts a query short on a busy machine."""
    yield from loaded_virtuoso(tmp_path_factory.mktemp("virtuoso"), nquads, int(READING))


@pytest.fixture(scope="module")
def strict_virtuoso(tmp_path_factory, nquads):
    """Virtuoso whose own limit (3 s) is far shorter than the one this side waits for."""
    yield from loaded_virtuoso(tmp_path_factory.mktemp("strict-virtuoso"), nquads, 3)


REMOTE_ENGINES = ["oxigraph", "virtuoso"]


def remote_settings_for(settings: Settings, url: str, folder: Path) -> Settings:
    return dataclasses.replace(settings, store="sparql+" + url, query_timeout=READING, result_limit=5000, dumps_dir=folder)


@pytest.fixture(scope="module")
def oxigraph_service(settings, engine, tmp_path_factory):
    yield from serving(remote_settings_for(settings, engine, tmp_path_factory.mktemp("oxigraph-dumps")))


@pytest.fixture(scope="module")
def virtuoso_service(settings, virtuoso, tmp_path_factory):
    yield from serving(remote_settings_for(settings, virtuoso.url, tmp_path_factory.mktemp("virtuoso-dumps")))


@pytest.fixture(scope="module")
def strict_runner(strict_virtuoso, service) -> RemoteRunner:
    """This side's runner of the strict Virtuoso, naming the data's graphs as a service's does (a
    whole service is not started on it: its start reads every statement at once, which a 3 s
    limit may cut short on a busy machine)."""
    runner = RemoteRunner(strict_virtuoso.url, READING, ENGINES["virtuoso"])
    runner.graphs = set(service.graph_sizes)
    return runner


@pytest.fixture(scope="module", params=REMOTE_ENGINES)
def remote_service(request):
    """The service over each remote engine."""
    return request.getfixturevalue(f"{request.param}_service")


@pytest.fixture(scope="module", params=["disk", *REMOTE_ENGINES])
def backend(request):
    """(name, service) for each store other than memory: on disk, and on each remote engine."""
    return request.param, request.getfixturevalue(f"{request.param}_service")


@pytest.fixture(scope="module")
def backend_client(backend):
    name, service = backend
    app = ready(create_app({"TESTING": True, "SETTINGS": service.settings, "SERVICE": service}))
    return app.test_client()


# --- helpers ---------------------------------------------------------------------------------

def solutions(body: bytes) -> list[tuple]:
    """SPARQL JSON results as a sorted list of rows; blank node labels are not compared, nor
    the order of the parts of a GROUP_CONCAT (" | "), which SPARQL leaves to the engine."""
    rows = []
    for binding in json.loads(body)["results"]["bindings"]:
        rows.append(tuple(sorted(
            (name, cell["type"], "_" if cell["type"] == "bnode" else " | ".join(sorted(cell["value"].split(" | "))),
             cell.get("xml:lang"), cell.get("datatype")) for name, cell in binding.items())))
    return sorted(rows)


CANNED = load_queries(Settings().root / "queries")


# --- the same answers --------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CANNED))
def test_every_canned_query_has_the_same_answer_from_each_store(name, backend, service):
    query = CANNED[name]
    job = QueryJob(query.sparql, {"tabular": "json", "boolean": "json", "graph": "ntriples"},
                   substitutions=bind(query, {}))
    expected, got = service.runner.run(job), backend[1].runner.run(job)
    assert expected.status == 200 and got.status == 200, got.message
    assert got.count == expected.count
    assert solutions(got.body) == solutions(expected.body)


def test_a_parameter_bound_to_another_value_changes_the_answer_the_same_way(backend, service):
    query = CANNED["theme-statements"]
    terms = bind(query, {"theme": "https://w3id.org/hva-graph/id/theme/workforce"})
    job = QueryJob(query.sparql, {"tabular": "json"}, substitutions=terms)
    expected, got = service.runner.run(job), backend[1].runner.run(job)
    assert solutions(got.body) == solutions(expected.body) and got.count == expected.count > 0


@pytest.mark.parametrize("word", ["lapsi", "osaaminen", "asiakas", "talous", "terveys", "henkilöstö hyvinvointi", "staff"])
def test_a_search_finds_the_same_statements_in_every_store(backend, service, word):
    query = CANNED["full-text-search"]
    job = QueryJob(query.sparql, {"tabular": "json"}, substitutions=bind(query, {"word": word}))
    expected, got = service.runner.run(job), backend[1].runner.run(job)
    assert expected.status == 200 and got.status == 200, got.message
    assert solutions(got.body) == solutions(expected.body) and got.count == expected.count > 0


def test_service_facts_are_the_same(backend, service):
    name, other = backend
    assert other.graph_sizes == service.graph_sizes
    assert other.union_size == service.union_size
    # The data version is the canonical digest of the statements (RDFC-1.0), whichever store holds
    # them and whatever labels it gives blank nodes: the same ETags on every store and replica.
    assert other.version == service.version


def test_the_same_data_has_the_same_etags_and_last_modified_on_every_store(backend_client, client):
    for path in ("/id/strategy/etela-karjala-2023-2025/value/1", "/sparql?query=ASK%7B%7D"):
        ours, theirs = client.get(path), backend_client.get(path)
        assert ours.status_code == theirs.status_code == 200
        assert theirs.headers["ETag"] == ours.headers["ETag"]
    ours, theirs = client.get("/dumps/hva-graph-all.nq"), backend_client.get("/dumps/hva-graph-all.nq")
    assert theirs.headers["ETag"] == ours.headers["ETag"]
    assert theirs.headers["Last-Modified"] == ours.headers["Last-Modified"]  # when the version was first validated


@pytest.mark.parametrize("path", [
    "/", "/queries/", "/queries/theme-counts", "/queries/statement-source",
    "/id/strategy/etela-karjala-2023-2025/value/1", "/id/theme/workforce", "/ontology", "/graph/themes",
])
def test_pages_render_with_the_same_content(backend_client, client, path):
    ours, theirs = client.get(path, headers={"Accept": "text/html"}), backend_client.get(path, headers={"Accept": "text/html"})
    assert ours.status_code == theirs.status_code == 200

    def text(html: bytes) -> str:  # the page without the data-version ETag-like details
        import re
        return re.sub(rb"[0-9a-f]{16}", b"", html).decode()

    assert text(theirs.data) == text(ours.data)


def test_a_resource_dereferences_to_the_same_description(backend_client, client):
    iri = "/id/strategy/etela-karjala-2023-2025/value/1"
    ours = Graph().parse(data=client.get(iri, headers={"Accept": "text/turtle"}).data, format="turtle")
    theirs = Graph().parse(data=backend_client.get(iri, headers={"Accept": "text/turtle"}).data, format="turtle")
    assert len(ours) > 10 and same_statements(ours, theirs)


@pytest.mark.parametrize("accept,parse", [
    ("application/sparql-results+json", json.loads),
    ("text/csv", lambda body: body.decode().splitlines()),
])
def test_the_endpoint_speaks_the_same_formats(backend_client, client, accept, parse):
    query = "SELECT ?theme (COUNT(*) AS ?n) WHERE { ?s <https://w3id.org/hva-graph/ontology#theme> ?theme } GROUP BY ?theme ORDER BY DESC(?n) ?theme"
    ours = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    theirs = backend_client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert theirs.status_code == 200 and theirs.content_type == ours.content_type
    assert parse(theirs.data) == parse(ours.data)


def test_ask_and_construct_answer_in_the_negotiated_format(backend_client):
    ask = backend_client.get("/sparql", query_string={"query": "ASK { ?s a <https://w3id.org/hva-graph/ontology#Strategy> }"},
                             headers={"Accept": "application/sparql-results+xml"})
    assert ask.status_code == 200 and b"<boolean>true</boolean>" in ask.data
    graph = backend_client.get("/sparql", query_string={
        "query": "CONSTRUCT { ?s a ?c } WHERE { GRAPH <https://w3id.org/hva-graph/graph/themes> { ?s a ?c } }"},
        headers={"Accept": "text/turtle"})
    assert graph.status_code == 200 and graph.content_type.startswith("text/turtle")
    assert len(Graph().parse(data=graph.data, format="turtle")) == int(graph.headers["X-Result-Count"]) > 17


def test_the_dumps_hold_the_same_statements(backend_client, client):
    def dataset(c) -> dict[str, Graph]:
        response = c.get("/dumps/hva-graph-all.nq")
        assert response.status_code == 200, response.data
        return graphs_of(Dataset().parse(data=response.data, format="nquads"))

    ours, theirs = dataset(client), dataset(backend_client)
    assert sorted(theirs) == sorted(ours)
    for name in ours:
        assert same_statements(theirs[name], ours[name]), name


def test_the_dataset_description_counts_the_same_triples(backend_client, client):
    def triples(c) -> set:
        g = Graph().parse(data=c.get("/.well-known/void", headers={"Accept": "text/turtle"}).data, format="turtle")
        return {int(o) for o in g.objects(None, __import__("rdflib").VOID.triples)}

    assert triples(backend_client) == triples(client)


# --- limits still hold on our side ---------------------------------------------------------------

def test_the_time_limit_holds(backend):
    _, service = backend
    started = time.monotonic()
    outcome = service.runner.run(QueryJob(SLOW, {"tabular": "json"}), timeout=LIMIT)
    elapsed = time.monotonic() - started
    assert outcome.status == 503 and "timed out" in outcome.message
    assert elapsed < LIMIT + 10  # stopped at the limit, not at an engine's own (30 s) or never
    after = service.runner.run(QueryJob("ASK { ?s ?p ?o }", {"boolean": "json"}))
    assert after.status == 200  # and the next query is answered


def test_the_result_limit_holds_without_truncating(backend):
    _, service = backend
    for query, formats in (("SELECT * WHERE { ?s ?p ?o }", {"tabular": "json"}),
                           ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"graph": "turtle"})):
        outcome = service.runner.run(QueryJob(query, formats, result_limit=5000))
        assert outcome.status == 422 and "more than 5000" in outcome.message and not outcome.body


def test_a_syntax_error_is_a_400_with_the_engines_explanation(backend_client):
    response = backend_client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400 and response.data.strip()


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
])
def test_service_clauses_and_updates_are_refused_before_the_store_is_asked(backend_client, client, query):
    ours = client.post("/sparql", data={"query": query})
    theirs = backend_client.post("/sparql", data={"query": query})
    assert theirs.status_code == ours.status_code and theirs.status_code in (400, 403)


# --- remote: binding and failures ----------------------------------------------------------------

@pytest.mark.parametrize("value", [
    'x" } } ; DROP ALL ; SELECT * { "',
    "multi\nline ' \" \\ text",
    "<urn:x> }",
])
def test_a_bound_literal_stays_one_literal_whatever_it_holds(remote_service, value):
    job = QueryJob("SELECT ?v WHERE { BIND(1 AS ?one) }", {"tabular": "json"},
                   substitutions={"v": ("literal", value, None, None)})
    outcome = remote_service.runner.run(job)
    assert outcome.status == 200
    assert [row["v"]["value"] for row in json.loads(outcome.body)["results"]["bindings"]] == [value]


def test_an_iri_that_is_not_one_is_refused_not_pasted():
    with pytest.raises(ValueError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": ("iri", "http://x> } ; DROP ALL ; <y")})


def test_values_open_the_where_group_not_the_construct_template():
    query = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    bound = bind_values(query, {"g": ("iri", "urn:g")})
    assert bound.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?g) { (<urn:g>) }")
    select = bind_values("SELECT (EXISTS { ?s ?p ?o } AS ?e) WHERE { ?s ?p ?o }", {"s": ("iri", "urn:s")})
    assert "WHERE { VALUES (?s)" in select


@pytest.mark.parametrize("spec", ["sparql+ftp://x/", "sparql+http://", "http://example.org/sparql",
                                  "sparql+http://user:pw@host/sparql", "sparql+http://host:99999/q"])
def test_a_malformed_store_setting_is_refused_with_its_value(spec):
    with pytest.raises(ValueError, match="store|sparql"):
        Settings.from_env({"HVA_GRAPH_STORE": spec})


def test_an_unreachable_engine_is_refused_at_start_with_a_clear_message(settings):
    port = free_port()  # nothing listens here
    with pytest.raises(StoreUnavailable, match=f"127.0.0.1:{port}"):
        Service.from_settings(dataclasses.replace(settings, store=f"sparql+http://127.0.0.1:{port}/query"))


def test_an_engine_whose_default_graph_is_not_the_union_is_refused(settings, oxigraph_location, tmp_path):
    copy = tmp_path / "db"
    shutil.copytree(oxigraph_location, copy)
    process, url = start_oxigraph(copy, union_default_graph=False)
    try:
        with pytest.raises(StoreUnavailable, match="union-default-graph"):
            Service.from_settings(dataclasses.replace(settings, store="sparql+" + url))
    finally:
        stop_server(process)


def test_an_engine_that_goes_away_is_a_502_naming_it_and_then_answers_again(settings, oxigraph_location, tmp_path):
    copy = tmp_path / "db"
    shutil.copytree(oxigraph_location, copy)
    process, url = start_oxigraph(copy)
    service = Service.from_settings(dataclasses.replace(settings, store="sparql+" + url,
                                                        dumps_dir=tmp_path / "dumps"))
    stop_server(process)
    outcome = service.runner.run(QueryJob("ASK { ?s ?p ?o }", {"boolean": "json"}))
    assert outcome.status == 502 and url.split("/query")[0].split("//")[1] in outcome.message


def test_endpoint_url_keeps_path_and_query():
    assert endpoint_url("sparql+https://example.org:8443/ds/sparql?x=1") == "https://example.org:8443/ds/sparql?x=1"


# --- on disk: the load command ---------------------------------------------------------------------

def test_the_store_describes_what_it_holds(disk_path, knowledge):
    info = json.loads((disk_path / STORE_INFO).read_text())
    assert info["data_version"] == knowledge.version
    assert info["graph_sizes"] == {str(iri): len(g) for iri, g in knowledge.graphs.items()}


def test_a_restarted_server_needs_no_data_files(disk_settings, service, tmp_path):
    """Opening the store parses nothing: with the data files out of reach it still answers."""
    empty = tmp_path / "no-project"
    (empty / "shapes").mkdir(parents=True)
    settings = dataclasses.replace(disk_settings, root=empty, query_workers=1)
    service = Service.from_settings(settings)
    try:
        outcome = service.runner.run(QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"tabular": "json"}))
        assert int(json.loads(outcome.body)["results"]["bindings"][0]["n"]["value"]) == service.union_size
    finally:
        service.close()


def test_a_failed_load_leaves_the_previous_store_in_service(disk_path, disk_settings, knowledge, tmp_path, monkeypatch):
    target = tmp_path / "store"
    shutil.copytree(disk_path, target)
    before = (target / STORE_INFO).read_bytes()
    import hva_graph.store.disk as backends

    def failing(parts, progress):
        for count, quad in enumerate(original(parts, progress)):
            if count == 2000:
                raise OSError("disk full (simulated)")
            yield quad

    original = backends._quads
    monkeypatch.setattr(backends, "_quads", failing)
    with pytest.raises(OSError, match="disk full"):
        load_disk_store(disk_settings, target, parts_of(knowledge), knowledge.version)
    assert (target / STORE_INFO).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no half-built folder left behind
    service = Service.from_settings(dataclasses.replace(disk_settings, store=str(target), query_workers=1))
    try:
        assert service.runner.run(QueryJob("ASK { ?s ?p ?o }", {"boolean": "json"})).status == 200
    finally:
        service.close()


def test_load_replaces_an_older_store_and_refuses_a_folder_that_is_not_one(disk_path, tmp_path):
    target = tmp_path / "store"
    shutil.copytree(disk_path, target)
    (target / STORE_INFO).write_text(json.dumps({**json.loads((target / STORE_INFO).read_text()), "built": "old"}))
    assert hva_graph("load", "--store", str(target)).returncode == 0
    assert json.loads((target / STORE_INFO).read_text())["built"] != "old"

    other = tmp_path / "my-files"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    result = hva_graph("load", "--store", str(other))
    assert result.returncode == 2 and "not a store" in result.stderr
    assert [p.name for p in other.iterdir()] == ["notes.txt"]


@pytest.mark.served  # runs `hva-graph load`
def test_load_refuses_invalid_data_and_changes_nothing(tmp_path, settings):
    broken = tmp_path / "broken.ttl"
    broken.write_text((settings.data_dir / "source-000.ttl").read_text().replace(
        "hva:inStrategy", "hva:inStrategyTypo", 1) + "\n<urn:x> a <https://w3id.org/hva-graph/ontology#StrategicGoal> .\n")
    result = hva_graph("load", "--store", str(tmp_path / "store"), str(broken))
    assert result.returncode == 1 and "does not conform" in result.stderr
    assert not (tmp_path / "store").exists()


@pytest.mark.served  # runs `hva-graph serve`
@pytest.mark.parametrize("folder,message", [("missing", "there is no store"), ("empty", "not a store built")])
def test_serve_refuses_a_folder_that_is_not_a_store(tmp_path, folder, message):
    (tmp_path / "empty").mkdir()
    result = hva_graph("serve", "--port", str(free_port()), "--store", str(tmp_path / folder))
    assert result.returncode == 2 and message in result.stderr


@pytest.mark.served  # runs `hva-graph serve --store`
@pytest.mark.parametrize("which", ["disk", *REMOTE_ENGINES])
def test_hva_graph_serve_with_a_store_answers_over_http(which, request, service, tmp_path):
    store = {"disk": lambda: str(request.getfixturevalue("disk_path")), "oxigraph": lambda: "sparql+" + request.getfixturevalue("engine"),
             "virtuoso": lambda: "sparql+" + request.getfixturevalue("virtuoso").url}[which]()
    process, base = start_server({"HVA_GRAPH_STORE": store, "HVA_GRAPH_DUMPS_DIR": str(tmp_path)})
    try:
        with urllib.request.urlopen(base + "/health") as response:
            health = json.load(response)
        assert health["triples"] == service.union_size and health["store"] == ("disk" if which == "disk" else "remote")
        request = urllib.request.Request(base + "/sparql?query=" + urllib.request.quote(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/hva-graph/ontology#Strategy> }"),
            headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request) as response:
            assert response.read().decode().splitlines() == ["n", "5"]  # five source documents, five strategies
    finally:
        stop_server(process)


@pytest.mark.parametrize("query,params", [
    ("SELECT * FROM <http://127.0.0.1:9/elsewhere.ttl> WHERE { ?s ?p ?o }", {}),
    ("PREFIX x: <http://127.0.0.1:9/> SELECT * FROM NAMED x:g WHERE { GRAPH ?g { ?s ?p ?o } }", {}),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"default-graph-uri": "http://127.0.0.1:9/g"}),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"named-graph-uri": "http://127.0.0.1:9/g"}),
])
def test_a_remote_dataset_may_only_name_the_engines_own_graphs(remote_service, query, params):
    """Some engines fetch an unknown FROM IRI from the web; it never reaches the engine."""
    app = create_app({"TESTING": True, "SETTINGS": remote_service.settings, "SERVICE": remote_service})
    response = app.test_client().get("/sparql", query_string={"query": query, **params})
    assert response.status_code == 400 and b"not a named graph of this store" in response.data


def test_a_remote_dataset_naming_its_own_graphs_is_answered_as_in_memory(backend_client, client):
    query = ("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/hva-graph/graph/themes> "
             "FROM NAMED <https://w3id.org/hva-graph/graph/ontology> WHERE { ?s ?p ?o }")
    accept = {"Accept": "text/csv"}
    ours = client.get("/sparql", query_string={"query": query}, headers=accept)
    theirs = backend_client.get("/sparql", query_string={"query": query}, headers=accept)
    assert theirs.status_code == 200 and theirs.data == ours.data


def _quads(path: Path) -> set[str]:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(path / "oxigraph"))
    dataset = ox.Dataset(store)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


@pytest.mark.served  # runs `hva-graph load` twice
def test_a_load_that_validates_builds_the_same_store_as_one_from_the_cached_verdict(disk_path, tmp_path, knowledge):
    """Without a cached verdict, load parses with rdflib, infers and validates; with one it lets
    Oxigraph read the Turtle. Both must give the same statements, those of the knowledge."""
    fresh = tmp_path / "store"
    result = hva_graph("load", "--store", str(fresh), "--no-dumps",
                       env={"HVA_GRAPH_CACHE_DIR": str(tmp_path / "empty-cache")})
    assert result.returncode == 0 and "inferring and validating" in result.stderr, result.stderr
    again = hva_graph("load", "--store", str(tmp_path / "again"), "--no-dumps",
                      env={"HVA_GRAPH_CACHE_DIR": str(tmp_path / "empty-cache")})
    assert again.returncode == 0 and "is validated" in again.stderr, again.stderr
    quads = _quads(fresh)
    assert quads == _quads(tmp_path / "again") == _quads(disk_path)
    assert len(quads) == sum(len(graph) for graph in knowledge.graphs.values())


def test_checked_parts_needs_both_the_verdict_and_the_closure(settings, tmp_path):
    assert checked_parts(dataclasses.replace(settings, cache_dir=tmp_path)) is None


class _Misbehaving:
    """An 'engine' on loopback that answers every query with the same wrong thing."""

    def __init__(self, status: int, content_type: str, body: bytes):
        import http.server
        import threading

        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(outer.status)
                self.send_header("Content-Type", outer.content_type)
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, *args):
                pass

        self.status, self.content_type, self.body = status, content_type, body
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"


@pytest.mark.parametrize("status,content_type,body,expected,words", [
    (200, "text/html", b"<html>a login page</html>", 502, "does not read"),
    (200, "application/sparql-results+json", b"{not json", 502, "could not be read"),
    (500, "text/plain", b"internal trouble", 502, "internal trouble"),
    (400, "text/plain", b"Parse error at line 1", 400, "Parse error at line 1"),
])
def test_a_misbehaving_engine_gives_a_clear_error_not_a_wrong_answer(status, content_type, body, expected, words):
    engine = _Misbehaving(status, content_type, body)
    try:
        outcome = RemoteRunner(engine.url, 2.0).run(QueryJob("SELECT * WHERE { ?s ?p ?o }", {"tabular": "json"}))
    finally:
        engine.server.shutdown()
        engine.server.server_close()
    assert outcome.status == expected and words in outcome.message and not outcome.body


@pytest.mark.engines  # starts `oxigraph serve` on a copy
def test_a_remote_engine_whose_data_violates_the_shapes_publishes_no_dumps(settings, oxigraph_location, tmp_path):
    """The engine's content is validated like the data files before a dump is made of it."""
    copy = tmp_path / "db"
    shutil.copytree(oxigraph_location, copy)
    extra = tmp_path / "extra.nq"
    extra.write_text("<urn:example:stray> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                     "<https://w3id.org/hva-graph/ontology#StrategicGoal> <https://w3id.org/hva-graph/graph/source-000> .\n")
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(copy), "--file", str(extra)],
                   check=True, capture_output=True, timeout=120)
    process, url = start_oxigraph(copy)
    try:
        service = Service.from_settings(dataclasses.replace(
            settings, store="sparql+" + url, dumps_dir=tmp_path / "dumps", cache_dir=tmp_path / "cache"))
        client = ready(create_app({"TESTING": True, "SETTINGS": service.settings, "SERVICE": service})).test_client()
        response = client.get("/dumps/")  # once the build beside the server has refused them
        assert response.status_code == 503 and b"does not conform" in response.data
        assert b"urn:example:stray" in response.data
        assert not any((tmp_path / "dumps").glob("*/hva-graph-all.nq"))
        assert client.get("/sparql", query_string={"query": "ASK { <urn:example:stray> ?p ?o }"}).status_code == 200
    finally:
        stop_server(process)


# --- datasets and engines' own graphs ------------------------------------------------------------

THEMES, ONTOLOGY = "https://w3id.org/hva-graph/graph/themes", "https://w3id.org/hva-graph/graph/ontology"
GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


@pytest.mark.parametrize("query,params,rows", [
    # SPARQL 1.1 Query 13.2: FROM without FROM NAMED leaves no named graphs; FROM NAMED alone an empty default graph
    (f"SELECT ?g (COUNT(*) AS ?n) FROM <{THEMES}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g", {}, []),
    (f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}", {}, ["0"]),
    # SPARQL 1.1 Protocol 2.1.4: the protocol's dataset, likewise
    (GRAPH_COUNTS, {"default-graph-uri": THEMES}, []),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"named-graph-uri": ONTOLOGY}, ["0"]),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"default-graph-uri": THEMES}, ["219"]),
])
def test_a_dataset_means_the_same_on_every_store(backend_client, client, query, params, rows):
    accept = {"Accept": "text/csv"}
    ours = client.get("/sparql", query_string={"query": query, **params}, headers=accept)
    theirs = backend_client.get("/sparql", query_string={"query": query, **params}, headers=accept)
    assert ours.status_code == theirs.status_code == 200
    assert ours.data.decode().splitlines()[1:] == rows  # as the specifications say (graph/themes: 219 triples with the Swedish labels)
    assert theirs.data == ours.data


def test_every_named_graph_a_store_lists_is_the_datas(backend_client, client, service):
    accept = {"Accept": "text/csv"}
    theirs = backend_client.get("/sparql", query_string={"query": GRAPH_COUNTS}, headers=accept)
    assert theirs.status_code == 200
    assert theirs.data == client.get("/sparql", query_string={"query": GRAPH_COUNTS}, headers=accept).data
    assert len(theirs.data.decode().splitlines()) == 1 + len(service.graph_sizes)


def test_each_engine_is_known_by_the_server_it_announces(remote_service, request):
    name, service = request.node.callspec.params["remote_service"], remote_service
    assert service.runner.engine.key == name
    assert service.runner.server.startswith({"oxigraph": "Oxigraph/", "virtuoso": "Virtuoso/"}[name])


SYSTEM_GRAPH = "http://www.openlinksw.com/schemas/virtrdf#"


def _direct(url: str, query: str) -> dict:
    """The engine asked directly, as another client of it would."""
    request = urllib.request.Request(url + "?query=" + urllib.request.quote(query),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def test_virtuosos_system_graphs_never_reach_an_answer_a_count_or_a_dump(virtuoso, virtuoso_service, service):
    engines_own = {row["g"]["value"] for row in _direct(virtuoso.url, GRAPH_COUNTS)["results"]["bindings"]}
    assert SYSTEM_GRAPH in engines_own and len(engines_own) > len(service.graph_sizes)  # they are there

    client = create_app({"TESTING": True, "SETTINGS": virtuoso_service.settings,
                         "SERVICE": virtuoso_service}).test_client()

    def rows(query: str) -> list[str]:
        response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
        assert response.status_code == 200, response.data
        return response.data.decode().splitlines()[1:]

    assert sorted(rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")) == sorted(service.graph_sizes)
    assert rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [str(service.union_size)]
    assert rows(f"SELECT * WHERE {{ GRAPH <{SYSTEM_GRAPH}> {{ ?s ?p ?o }} }} LIMIT 1") == []
    assert rows("SELECT ?s WHERE { ?s ?p ?o FILTER (STRSTARTS(STR(?s), 'http://www.openlinksw.com/')) } LIMIT 1") == []
    refused = client.get("/sparql", query_string={"query": f"SELECT * FROM <{SYSTEM_GRAPH}> WHERE {{ ?s ?p ?o }}"})
    assert refused.status_code == 400 and b"not a named graph of this store" in refused.data

    health = client.get("/health").get_json()
    assert (health["triples"], health["graphs"]) == (service.union_size, len(service.graph_sizes))
    for path, accept in (("/sparql", "text/turtle"), ("/.well-known/void", "text/turtle"), ("/dumps/", "application/json")):
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code == 200 and b"openlinksw" not in response.data, path
    listing = client.get("/dumps/", headers={"Accept": "application/json"}).get_json()
    names = [entry["name"] for entry in listing["files"]] if isinstance(listing, dict) else [e["name"] for e in listing]
    assert "hva-graph-all.nq" in names
    for name in names:
        body = client.get(f"/dumps/{name}").data
        body = gzip.decompress(body) if name.endswith(".gz") else body
        assert b"openlinksw" not in body and b"localuriqaserver" not in body, name


@pytest.mark.parametrize("query", [
    SLOW,  # an aggregate: Virtuoso answers 500 (SR171) at its limit
    "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f LIMIT 3",  # rows: 200 with what it has
])
def test_an_answer_virtuoso_cuts_short_at_its_own_time_limit_is_not_passed_on(strict_runner, query):
    """Virtuoso stops a query at its own limit (MaxQueryExecutionTime, 3 s here), and an "anytime"
    query then answers 200 with a partial result; with a longer limit on this side, neither may
    pass for an answer: both are the time limit's 503, as on every store."""
    started = time.monotonic()
    outcome = strict_runner.run(QueryJob(query, {"tabular": "json"}), timeout=READING)
    assert outcome.status == 503 and "timed out" in outcome.message and not outcome.body
    assert time.monotonic() - started < READING - 5  # Virtuoso's limit, not this side's


@pytest.mark.engines  # starts a Virtuoso of its own
@pytest.mark.served  # runs `hva-graph serve`
def test_virtuoso_that_cuts_answers_at_fewer_rows_than_the_result_limit_is_refused_at_start(nquads, tmp_path):
    """A Virtuoso of its own whose ResultSetMaxRows is 20,000, with 30 s per query so that a busy
    machine cannot turn the cut answer into a time-out: a result limit of 30,000 could get
    truncated answers. A server that starts anyway is a failure, found within two minutes."""
    server = Virtuoso(tmp_path / "virtuoso", max_rows=20_000, max_seconds=30)
    try:
        server.start()
        server.bulk_load(nquads)
        result = hva_graph("serve", "--port", str(free_port()), "--store", "sparql+" + server.url,
                           env={"HVA_GRAPH_RESULT_LIMIT": "30000", "HVA_GRAPH_DUMPS_DIR": str(tmp_path / "dumps")},
                           timeout=120)
    finally:
        server.stop()
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Virtuoso" in result.stderr and "ResultSetMaxRows" in result.stderr and "20000 rows" in result.stderr
