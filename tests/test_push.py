"""Publishing the validated data into a remote engine (`hva-graph load --store sparql+http://…`),
then serving through it (`hva-graph serve --store sparql+http://…`), on a writable `oxigraph serve`
and on Virtuoso, each started empty here on loopback.

Expected counts are the dump's (`hva-graph dump`), which the rest of the suite checks against the
data files; the served answers are those of the in-memory store."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset

from conftest import dumps_written, once_per_run, start_server, stop_server
from dumps_support import graphs_of, same_statements
from engine_servers import OxigraphServer, Virtuoso
from hva_graph.namespaces import GRAPH, RELEASES_GRAPH
from hva_graph.publish.dumps import DumpSpec, render
from hva_graph.publish.into_store import parts_of, publishing_order
from hva_graph.store.disk import Part
from hva_graph.store.backend import StoreUnavailable
from hva_graph.store.push import PushFailed, push

BIN = Path(sys.executable).parent
OTHER_GRAPH = "urn:example:operators-own-graph"
MARKER = '<urn:example:before> <urn:example:was> "held before the push" .\n'
GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


class Writable:
    """An engine a push may write to: its query URL, the environment a push needs, stop and start."""

    def __init__(self, name: str, server, env: dict[str, str]):
        self.name, self.server, self.env = name, server, env

    @property
    def url(self) -> str:
        return self.server.url

    def counts(self) -> dict[str, int]:
        """Triples per named graph, asked of the engine directly (its own graphs included)."""
        request = urllib.request.Request(self.url + "?query=" + urllib.request.quote(GRAPH_COUNTS),
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            rows = json.load(response)["results"]["bindings"]
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}

    def settings(self, base):
        return dataclasses.replace(base, store="sparql+" + self.url, remote_user=self.env.get("HVA_GRAPH_REMOTE_USER"),
                                   remote_password=self.env.get("HVA_GRAPH_REMOTE_PASSWORD"))


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def writable(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"push-{request.param}")
    if request.param == "oxigraph":
        server, env = OxigraphServer(folder / "db", writable=True), {}
    else:  # a new database's dba may write through /sparql-graph-crud-auth (HTTP Digest); counting
        # back a graph of megabytes reads it whole, longer than the 3 s of the read-only fixture
        # on a busy machine (docs/operating.md: MaxQueryExecutionTime no shorter than the longest read)
        server, env = Virtuoso(folder, max_seconds=30), {"HVA_GRAPH_REMOTE_USER": "dba", "HVA_GRAPH_REMOTE_PASSWORD": "dba"}
    try:
        server.start()
        yield Writable(request.param, server, env)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def dump_counts(knowledge, shapes) -> dict[str, int]:
    """Triples per named graph (IRI) of what `load` pushes: the N-Quads dump's graphs, and
    graph/releases once a release has been made (the history, beside the data, in no dump)."""
    body, _ = render(knowledge, shapes, DumpSpec("all", "nquads", False))
    counts = {name: len(graph) for name, graph in graphs_of(Dataset().parse(data=body, format="nquads")).items()}
    if RELEASES_GRAPH in knowledge.graphs:
        counts[str(RELEASES_GRAPH)] = len(knowledge.graphs[RELEASES_GRAPH])
    return counts


def ours(counts: dict[str, int]) -> dict[str, int]:
    return {g: n for g, n in counts.items() if g.startswith(str(GRAPH))}


@pytest.mark.served  # runs `hva-graph load` and `hva-graph serve`
def test_load_then_serve_gives_the_same_service_as_the_embedded_store(writable, dump_counts, service, client, tmp_path,
                                                                     checked_project):
    store = "sparql+" + writable.url
    env = {**os.environ, **writable.env}  # the data files' dumps are the run's; the served store's its own
    loaded = subprocess.run([str(BIN / "hva-graph"), "load", "--store", store], capture_output=True, text=True,
                            timeout=600, env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert f"{sum(dump_counts.values())} triples in {len(dump_counts)} named graphs pushed and counted back" in loaded.stderr
    assert ours(writable.counts()) == dump_counts

    process, base = start_server({**writable.env, "HVA_GRAPH_STORE": store, "HVA_GRAPH_DUMPS_DIR": str(tmp_path / "dumps")})
    try:
        dumps_written(base)
        with urllib.request.urlopen(base + "/health") as response:
            health = json.load(response)
        assert (health["store"], health["triples"], health["graphs"]) == ("remote", service.union_size,
                                                                         len(service.graph_sizes))
        with urllib.request.urlopen(base + "/queries/theme-counts/results?format=json") as response:
            theirs = json.load(response)
        assert theirs == client.get("/queries/theme-counts/results?format=json").get_json()
        # the store's content validated by one worker at a time: the others find its verdict
        with once_per_run("store-dumps"), urllib.request.urlopen(base + "/dumps/hva-graph-all.nq") as response:
            body = response.read()
        served = graphs_of(Dataset().parse(data=body, format="nquads"))
        memory = graphs_of(Dataset().parse(data=client.get("/dumps/hva-graph-all.nq").data, format="nquads"))
        assert sorted(served) == sorted(memory)
        assert all(same_statements(served[name], memory[name]) for name in memory)
    finally:
        stop_server(process)


def test_a_push_stopped_by_the_engine_after_the_third_graph_names_the_fourth_and_leaves_the_rest(
        writable, knowledge, settings, dump_counts):
    settings = writable.settings(settings)
    parts = publishing_order(settings, parts_of(knowledge))
    # What the engine held before: each of the data's graphs with one more statement, and a graph of its own.
    before = [Part(p.graph, p.format, p.data + MARKER.encode()) for p in parts]
    push(settings, [*before, Part(OTHER_GRAPH, parts[0].format, MARKER.encode())])
    held = writable.counts()

    arrived: list[str] = []

    def stop_after_the_third(graph: str, triples: int) -> None:
        arrived.append(graph)
        if len(arrived) == 3:
            writable.server.stop()

    try:
        with pytest.raises(PushFailed) as failure:
            push(settings, parts, stop_after_the_third)
    finally:
        writable.server.start()
    fourth = parts[3].graph
    assert f"graph <{fourth}> could not be pushed" in str(failure.value)
    assert "3 graphs before it hold the new data" in str(failure.value)
    after = writable.counts()
    for part in parts[:3]:  # replaced whole: the data's statements, the old one gone
        assert after[part.graph] == dump_counts[part.graph]
    for part in parts[3:]:
        assert after[part.graph] == held[part.graph] == dump_counts[part.graph] + 1
    assert after[OTHER_GRAPH] == 1


def test_a_graph_the_data_no_longer_has_is_dropped_and_nothing_else(writable, knowledge, settings, dump_counts):
    settings = writable.settings(settings)
    parts = publishing_order(settings, parts_of(knowledge))
    stale = str(GRAPH["source-999"])
    push(settings, [*parts, Part(stale, parts[0].format, MARKER.encode()), Part(OTHER_GRAPH, parts[0].format, MARKER.encode())])
    pushed = push(settings, parts)
    assert pushed["dropped"] == [stale]
    counts = writable.counts()
    assert stale not in counts and counts[OTHER_GRAPH] == 1
    assert ours(counts) == dump_counts


def test_a_push_refused_for_want_of_credentials_says_which_to_set_and_changes_nothing(writable, knowledge, settings):
    if writable.name == "oxigraph":
        pytest.skip("oxigraph serve has no authentication: every push to it is allowed")
    before = writable.counts()
    anonymous = dataclasses.replace(writable.settings(settings), remote_user=None, remote_password=None)
    with pytest.raises(PushFailed) as failure:
        push(anonymous, publishing_order(anonymous, parts_of(knowledge)))
    assert "401" in str(failure.value) and "HVA_GRAPH_REMOTE_USER" in str(failure.value)
    assert "0 graphs before it hold the new data" in str(failure.value)
    assert writable.counts() == before


def test_a_push_through_the_update_endpoint_replaces_each_graph_whole_as_well(writable, knowledge, settings, dump_counts):
    """For an engine without the Graph Store Protocol: HVA_GRAPH_REMOTE_UPDATE (here each engine's own)."""
    from hva_graph.store.engines import ENGINES

    settings = writable.settings(settings)
    parts = publishing_order(settings, parts_of(knowledge))
    push(settings, [Part(p.graph, p.format, p.data + MARKER.encode()) for p in parts])
    update = dataclasses.replace(settings, remote_update=ENGINES[writable.name].update_endpoint(writable.url))
    pushed = push(update, parts)
    assert pushed["graphs"] == dump_counts and ours(writable.counts()) == dump_counts


def test_a_graph_of_megabytes_arrives_whole(writable, settings):
    """A large body with credentials: Virtuoso answers the first, unauthenticated PUT with 401 and
    closes the connection while the body is still being sent (a broken pipe, not the challenge)."""
    big = str(GRAPH["big"])
    lines = "".join(f'<urn:example:s{i}> <urn:example:label> "statement {i} of a graph of megabytes" .\n'
                    for i in range(60_000)).encode()
    assert len(lines) > 4_000_000
    settings = writable.settings(settings)
    try:
        pushed = push(settings, [Part(big, __import__("pyoxigraph").RdfFormat.N_TRIPLES, lines)])
        assert pushed["graphs"] == {big: 60_000} and writable.counts()[big] == 60_000
    finally:
        push(settings, [])  # drops it (and any other graph of the namespace: this "data" has none)


def test_a_blank_node_shared_by_two_graphs_is_refused_before_anything_is_sent(writable, settings):
    """Sent graph by graph, one blank node in two graphs would arrive as two."""
    import pyoxigraph as ox

    settings = writable.settings(settings)
    before = writable.counts()
    shared = [Part(str(GRAPH[name]), ox.RdfFormat.N_TRIPLES, b'_:b1 <urn:example:p> "%s" .\n' % name.encode())
              for name in ("one", "two")]
    with pytest.raises(StoreUnavailable, match="1 blank nodes appear in more than one named graph"):
        push(settings, shared)
    assert writable.counts() == before
