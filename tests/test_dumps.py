"""The dumps at /dumps/ and from `hva-graph dump`, as an integrator meets them: every file
parses with two independent parsers and holds exactly what the endpoint serves; the index's
sizes and checksums are those of the bytes; gzip, HTTP caching and the command line agree."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ready
from click.testing import CliRunner
from pyld import jsonld
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from dumps_support import NQUADS_OF, RELEASES, canonical_form, graphs_of, parse_with_rapper, select, served_graph
from hva_graph.publish import folder as dump_folder
from hva_graph.publish.served import ensure_dumps
from hva_graph.cli import main
from hva_graph.knowledge.cache import atomic_write
from hva_graph.namespaces import PREFIXES
from hva_graph.knowledge.validation import load_shapes

ROOT = Path(__file__).parents[1]
FORMATS = {"turtle": "ttl", "ntriples": "nt", "trig": "trig", "nquads": "nq", "jsonld": "jsonld"}
MEDIA_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples", "trig": "application/trig",
               "nquads": "application/n-quads", "jsonld": "application/ld+json"}
GRAPHS = ["annotations", "decision-kinds", "document-statuses", "inferred", "ontology", "organisations",
          "search", "source-000", "source-001", "source-002", "source-003", "source-004", "stakeholder-groups",
          "themes"]
PLAIN = ([f"hva-graph-all.{ext}" for ext in FORMATS.values()]
         + [f"hva-graph-{g}.{ext}" for g in [*GRAPHS, "shapes"] for ext in ("ttl", "nt")])


@pytest.fixture(scope="session")
def http(settings, knowledge):
    """The endpoint over the project's data, with a result limit above the whole dataset, so that
    one CONSTRUCT of everything can be held against the dumps."""
    import dataclasses

    from hva_graph.service import Service
    from hva_graph.web.app import create_app

    roomy = dataclasses.replace(settings, result_limit=1_000_000)
    service = Service.from_knowledge(roomy, knowledge)
    yield ready(create_app({"TESTING": True, "SETTINGS": roomy, "SERVICE": service})).test_client()
    service.close()


@pytest.fixture(scope="session")
def manifest(http) -> dict:
    response = http.get("/dumps/", headers={"Accept": "application/json"})
    assert response.status_code == 200, response.data
    return response.get_json()


@pytest.fixture(scope="session")
def files(manifest) -> dict[str, dict]:
    return {entry["name"]: entry for entry in manifest["files"]}


@pytest.fixture(scope="session")
def served(http, files) -> dict[str, bytes]:
    bodies = {}
    for name in files:
        response = http.get(f"/dumps/{name}")
        assert response.status_code == 200, (name, response.data)
        bodies[name] = response.data
    return bodies


class Expected:
    """What each file must hold: the endpoint's answer for its graph (the shapes: as loaded), and
    its canonical form, each made once for every file and parser that is checked against it."""

    def __init__(self, http, settings):
        self.http, self.settings = http, settings
        self.graphs: dict[str, Graph] = {}
        self.canonical_forms: dict[str, set[str]] = {}

    def __call__(self, name: str) -> Graph:
        if name not in self.graphs:
            if name == "shapes":
                self.graphs[name] = load_shapes(self.settings)
            else:
                iri = None if name == "all" else f"https://w3id.org/hva-graph/graph/{name}"
                self.graphs[name] = served_graph(self.http, iri)
        return self.graphs[name]

    def canonical(self, name: str) -> set[str]:
        if name not in self.canonical_forms:
            self.canonical_forms[name] = canonical_form(self(name))
        return self.canonical_forms[name]


@pytest.fixture(scope="session")
def expected(http, settings) -> Expected:
    return Expected(http, settings)


def test_the_index_lists_the_whole_dataset_in_five_formats_and_each_graph_alone_each_also_gzipped(files):
    assert sorted(files) == sorted([*PLAIN, *(name + ".gz" for name in PLAIN)])
    for name, entry in files.items():
        assert entry["url"].endswith("/dumps/" + name)
        assert entry["compression"] == ("gzip" if name.endswith(".gz") else None)


def test_the_search_graph_dump_holds_the_terms_the_store_searches(served, store):
    """An integrator's copy of graph/search finds what the endpoint finds: the same terms and
    words of every statement."""
    from helpers import rows

    graph = Graph().parse(data=served["hva-graph-search.nt"], format="nt")
    indexed = set(graph.query("""PREFIX hva: <https://w3id.org/hva-graph/ontology#>
        SELECT ?s ?t ?f WHERE { ?s hva:indexEntry [ hva:indexTerm ?t ; hva:matchedForm ?f ] }"""))
    dumped = {(str(s), str(t), t.language, str(f)) for s, t, f in indexed}
    in_store = rows(store, """SELECT ?s ?t (LANG(?t) AS ?l) ?f WHERE { GRAPH <https://w3id.org/hva-graph/graph/search> {
        ?s hva:indexEntry [ hva:indexTerm ?t ; hva:matchedForm ?f ] } }""")
    assert dumped == set(in_store) and len(dumped) > 4000
    assert any(t == "lapsi" and lang == "fi" and f == "lapsen" for _, t, lang, f in dumped)


def test_sizes_and_checksums_in_the_index_are_those_of_the_served_bytes(files, served):
    for name, entry in files.items():
        assert entry["size"] == len(served[name]), name
        assert entry["sha256"] == hashlib.sha256(served[name]).hexdigest(), name


def test_gzip_variants_decompress_to_the_plain_file_exactly(served):
    for name in PLAIN:
        packed = served[name + ".gz"]
        assert packed[:2] == b"\x1f\x8b" and packed[4:8] == b"\0\0\0\0", f"{name}.gz: gzip with mtime 0"
        assert gzip.decompress(packed) == served[name], name


def _parse_with_rdflib(body: bytes, fmt: str):
    if fmt in ("turtle", "ntriples"):
        return Graph().parse(data=body, format={"turtle": "turtle", "ntriples": "nt"}[fmt])
    dataset = Dataset(default_union=False)
    dataset.parse(data=body, format={"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt])
    return dataset


def _parse_with_independent_parser(tmp_path, name: str, body: bytes, fmt: str):
    """rapper (raptor2) for the syntaxes it reads; PyLD (a separate JSON-LD implementation) for JSON-LD."""
    if fmt == "jsonld":
        nquads = jsonld.to_rdf(json.loads(body), {"format": "application/n-quads"})
        dataset = Dataset(default_union=False)
        dataset.parse(data=nquads, format="nquads")
        return dataset
    path = tmp_path / name
    path.write_bytes(body)
    return parse_with_rapper(path, NQUADS_OF[fmt])


def _check_holds_what_the_endpoint_serves(parsed, entry, expected):
    """A named graph's file: rdflib's isomorphism test against the endpoint's answer. The
    whole dataset, and graph/search with its thousands of blank index entries (on which rdflib's
    test stalls): the same, by canonical forms (see same_statements)."""
    if entry["statement_kind"] == "triples":
        assert len(parsed) == entry["statements"]
        if entry["graph"] in ("all", "search"):
            assert canonical_form(parsed) == expected.canonical(entry["graph"])
        else:
            assert isomorphic(parsed, expected(entry["graph"]))
        return
    graphs = graphs_of(parsed)
    assert sorted(graphs) == [f"https://w3id.org/hva-graph/graph/{g}" for g in GRAPHS]
    assert sum(len(g) for g in graphs.values()) == entry["statements"]
    for iri, graph in graphs.items():
        assert canonical_form(graph) == expected.canonical(iri.rsplit("/", 1)[-1]), iri


@pytest.mark.parametrize("name", PLAIN)
def test_each_dump_parses_with_rdflib_and_is_isomorphic_to_what_the_endpoint_serves(name, files, served, expected):
    entry = files[name]
    _check_holds_what_the_endpoint_serves(_parse_with_rdflib(served[name], entry["format"]), entry, expected)


@pytest.mark.parametrize("name", PLAIN)
def test_each_dump_parses_with_an_independent_parser_to_the_same_statements(name, files, served, expected, tmp_path):
    entry = files[name]
    parsed = _parse_with_independent_parser(tmp_path, name, served[name], entry["format"])
    _check_holds_what_the_endpoint_serves(parsed, entry, expected)


def test_the_merged_dumps_hold_every_distinct_triple_of_the_named_graphs(files, http):
    data = f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{RELEASES}>)"  # the history is beside the data, in no dump
    (row,) = select(http, f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?p ?o {{ {data} }} }}")
    assert files["hva-graph-all.ttl"]["statements"] == files["hva-graph-all.nt"]["statements"] == int(row["n"])
    (row,) = select(http, f"SELECT (COUNT(*) AS ?n) {{ {data} }}")
    for ext in ("trig", "nq", "jsonld"):
        assert files[f"hva-graph-all.{ext}"]["statements"] == int(row["n"])


# --- HTTP -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_is_an_attachment_with_its_media_type_checksum_etag_and_last_modified(http, files, fmt):
    name = f"hva-graph-all.{FORMATS[fmt]}"
    response = http.get(f"/dumps/{name}")
    assert response.headers["Content-Type"] == f"{MEDIA_TYPES[fmt]}; charset=utf-8"
    assert response.headers["Content-Disposition"] == f"attachment; filename={name}"
    assert response.headers["ETag"] == f'"{files[name]["sha256"]}"'
    assert response.headers["Content-Length"] == str(files[name]["size"])
    assert response.last_modified.strftime("%Y-%m-%dT%H:%M:%SZ") == http.get("/dumps/?format=json").get_json()["modified"]
    assert "Content-Encoding" not in response.headers


def test_a_gzip_file_is_an_application_gzip_download_not_a_content_encoding(http, files):
    response = http.get("/dumps/hva-graph-source-000.ttl.gz")
    assert response.headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in response.headers
    assert response.headers["Content-Disposition"] == "attachment; filename=hva-graph-source-000.ttl.gz"
    assert gzip.decompress(response.data).startswith(b"@prefix ")


def test_conditional_get_answers_304_on_a_matching_etag_or_an_unchanged_date(http):
    first = http.get("/dumps/hva-graph-all.nq")
    again = http.get("/dumps/hva-graph-all.nq", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    since = http.get("/dumps/hva-graph-all.nq", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    other = http.get("/dumps/hva-graph-all.nq", headers={"If-None-Match": '"0000"'})
    assert other.status_code == 200 and other.data == first.data


def test_head_has_the_headers_of_get_and_no_body(http):
    got = http.get("/dumps/hva-graph-all.jsonld.gz")
    head = http.head("/dumps/hva-graph-all.jsonld.gz")
    assert head.status_code == 200 and head.data == b""
    for header in ("Content-Type", "Content-Length", "Content-Disposition", "ETag", "Last-Modified"):
        assert head.headers[header] == got.headers[header], header


@pytest.mark.parametrize("path,names_the_index", [
    ("/dumps/nothing.ttl", True), ("/dumps/manifest.json", True), ("/dumps/%2e%2e", True),
    ("/dumps/.building-x", True), ("/dumps/..%2F..%2Fpyproject.toml", False), ("/dumps/../README.md", False)])
def test_unknown_files_and_path_tricks_are_a_readable_404(http, path, names_the_index):
    response = http.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert b"[project]" not in response.data and b"# hva-graph" not in response.data
    assert (b"The index at /dumps/ lists every file" in response.data) == names_the_index


def test_the_html_index_is_a_table_of_every_file(http, files):
    response = http.get("/dumps/", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.data.decode()
    assert re.search(r'<html lang="(en|fi)">', page)
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert headers == ["File", "Graph", "Format", "Size (bytes)", "Triples", "SHA-256", "Links"]
    for name, entry in files.items():
        assert f'href="{name}"' in page and entry["sha256"] in page
    assert http.get("/dumps/?lang=fi", headers={"Accept": "text/html"}).data.decode().count('lang="fi"') >= 1


def test_the_index_is_also_the_dcat_description_and_refuses_what_it_cannot_be(http):
    turtle = http.get("/dumps/", headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle"
    assert len(Graph().parse(data=turtle.data, format="turtle")) > 100
    assert http.get("/dumps/", headers={"Accept": "image/png"}).status_code == 406
    assert http.get("/dumps/").mimetype == "text/html"


def test_a_server_whose_data_is_not_the_dumped_data_answers_503(settings):
    from rdflib import Literal
    from rdflib.namespace import RDFS

    from hva_graph.web.app import create_app
    from hva_graph.service import Service

    graph = Graph()
    graph.add((URIRef("urn:example:thing"), RDFS.label, Literal("thing")))
    service = Service.from_graphs(settings, {URIRef("urn:example:graph"): graph}, isolate=False)
    other = ready(create_app({"TESTING": True, "SETTINGS": settings, "SERVICE": service})).test_client()
    response = other.get("/dumps/")
    assert response.status_code == 503
    assert b"Restart the server" in response.data


# --- Writing ------------------------------------------------------------------------------

def test_the_dump_folder_holds_exactly_the_listed_files_and_is_made_once(settings, manifest):
    first = ensure_dumps(settings)
    folder = dump_folder.folder_for(settings, first["data_version"], first["build"])
    assert folder.name.startswith(first["data_version"][:16])
    assert sorted(p.name for p in folder.iterdir()) == sorted([*(f["name"] for f in first["files"]), "manifest.json"])
    assert ensure_dumps(settings)["created"] == first["created"]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "hva-graph-all.ttl"
    target.write_bytes(b"old")

    def disk_full(*args):
        raise OSError("No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


# --- The command line -------------------------------------------------------------------

@pytest.mark.parametrize("graph,fmt,compress", [
    ("all", "turtle", False), ("all", "trig", True), ("all", "jsonld", False),
    ("source-003", "ntriples", False), ("shapes", "turtle", True)])
def test_the_command_writes_the_bytes_the_server_serves(graph, fmt, compress, served, tmp_path):
    out = tmp_path / "dump"
    args = ["dump", "--format", fmt, "--graph", graph, "--out", str(out)] + (["--gzip"] if compress else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == served[f"hva-graph-{graph}.{FORMATS[fmt]}" + (".gz" if compress else "")]
    assert list(tmp_path.iterdir()) == [out], "no temporary file is left behind"


@pytest.mark.served  # runs `hva-graph dump` in processes of its own
def test_another_process_with_another_hash_seed_writes_the_same_bytes(served, tmp_path):
    """Nothing depends on Python's per-process hash order (sets, dicts of terms)."""
    command = Path(sys.executable).with_name("hva-graph")
    for seed, (fmt, ext) in zip(("0", "4242"), (("turtle", "ttl"), ("nquads", "nq"))):
        out = tmp_path / f"dump.{ext}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([str(command), "dump", "--format", fmt, "--out", str(out)],
                                env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert out.read_bytes() == served[f"hva-graph-all.{ext}"]


def test_the_command_can_write_to_standard_output(served):
    result = CliRunner().invoke(main, ["dump", "--graph", "themes", "--format", "ntriples", "--out", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes == served["hva-graph-themes.nt"]


def test_a_bad_argument_exits_2_and_names_the_choices(tmp_path):
    unknown = CliRunner().invoke(main, ["dump", "--graph", "source-999", "--out", str(tmp_path / "x")])
    assert unknown.exit_code == 2
    assert "no graph named 'source-999'" in unknown.output and "source-000" in unknown.output
    assert CliRunner().invoke(main, ["dump", "--format", "rdfxml", "--out", str(tmp_path / "x")]).exit_code == 2
    assert CliRunner().invoke(main, ["dump"]).exit_code == 2
    assert not (tmp_path / "x").exists()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    root = tmp_path / "project"
    for folder in ("ontology", "data", "shapes"):
        (root / folder).mkdir(parents=True)
        for path in (ROOT / folder).glob("*.ttl"):
            (root / folder / path.name).write_bytes(path.read_bytes())
    return root


def test_unreadable_data_exits_2_and_writes_nothing(project_copy, tmp_path):
    (project_copy / "data" / "themes.ttl").write_text("this is not turtle", encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["dump", "--out", str(out)], env={"HVA_GRAPH_ROOT": str(project_copy)})
    assert result.exit_code == 2, result.output
    assert "themes.ttl" in result.output
    assert not out.exists()


def test_data_that_violates_a_shape_exits_1_and_writes_nothing(project_copy, tmp_path, settings):
    # A stricter shape over unchanged data: the OWL RL closure is reused from the cache.
    (project_copy / "shapes" / "stricter.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix hva: <https://w3id.org/hva-graph/ontology#> .\n"
        "<urn:test:StrategyHasAMotto> a sh:NodeShape ; sh:targetClass hva:Strategy ;\n"
        "    sh:property [ sh:path hva:motto ; sh:minCount 1 ; sh:message \"A strategy has a motto.\" ] .\n",
        encoding="utf-8")
    out = tmp_path / "out.nq"
    env = {"HVA_GRAPH_ROOT": str(project_copy), "HVA_GRAPH_CACHE_DIR": str(settings.cache_folder)}
    result = CliRunner().invoke(main, ["dump", "--format", "nquads", "--out", str(out)], env=env)
    assert result.exit_code == 1, result.output
    assert "A strategy has a motto." in result.output
    assert not out.exists()


# --- Readable, diffable Turtle ----------------------------------------------------------

def _subject_lines(turtle: str) -> list[str]:
    """The IRIs that start a subject block: a line that starts with an IRI or a prefixed
    name followed by a predicate (so a line inside a long literal is not taken for one)."""
    prefixes = dict(re.findall(r"^@prefix (\w*): <([^>]*)> \.$", turtle, re.M))
    subjects = []
    for token in re.findall(r"^(<[^>\s]+>|[A-Za-z][\w-]*:[\w.-]*) (?:a |[A-Za-z][\w-]*:\S* )", turtle, re.M):
        prefix, _, local = token.partition(":")
        subjects.append(token[1:-1] if token.startswith("<") else prefixes[prefix] + local)
    return subjects


def _natural(iri: str):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", iri)]


def test_turtle_declares_prefixes_and_writes_each_subject_once_in_iri_order(served):
    turtle = served["hva-graph-source-000.ttl"].decode()
    assert "@prefix hva: <https://w3id.org/hva-graph/ontology#> ." in turtle
    assert "ns1:" not in turtle
    for prefix, namespace in re.findall(r"^@prefix (\w*): <([^>]*)> \.$", turtle, re.M):
        assert PREFIXES.get(prefix, namespace) == namespace, prefix
    subjects = _subject_lines(turtle)
    graph = Graph().parse(data=turtle, format="turtle")
    assert len(subjects) == len(set(subjects))
    assert set(subjects) == {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
    assert subjects == sorted(subjects, key=_natural)
    # a passage's selectors are named after it (knowledge/skolem.py), so each follows its passage
    passage = "https://w3id.org/hva-graph/id/strategy/pohjois-karjala-2023-2026/passage"
    at = subjects.index(passage)
    assert subjects[at + 1:at + 3] == [passage + "/selector/position", passage + "/selector/quote"]


def test_a_one_triple_change_is_a_small_diff(knowledge, settings):
    import difflib

    from rdflib import Literal
    from rdflib.namespace import RDFS

    from hva_graph.publish.dumps import DumpSpec, render
    from hva_graph.knowledge.model import Knowledge

    shapes = load_shapes(settings)
    spec = DumpSpec("source-002", "turtle")
    before, _ = render(knowledge, shapes, spec)
    graphs = dict(knowledge.graphs)
    changed = Graph() + graphs[URIRef("https://w3id.org/hva-graph/graph/source-002")]
    strategy = URIRef("https://w3id.org/hva-graph/id/strategy/unidentified-002-2023-2025")
    changed.add((strategy, RDFS.comment, Literal("A curator's note.", lang="en")))
    graphs[URIRef("https://w3id.org/hva-graph/graph/source-002")] = changed
    after, _ = render(Knowledge(graphs, [], "changed"), shapes, spec)
    diff = [line for line in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == ['+    rdfs:comment "A curator\'s note."@en ;']


# --- The integrator's path ----------------------------------------------------------------

def test_an_integrator_fetches_the_index_verifies_the_nquads_dump_and_loads_it_into_oxigraph(http, tmp_path):
    index = http.get("/dumps/", headers={"Accept": "application/json"}).get_json()
    (entry,) = [f for f in index["files"] if f["format"] == "nquads" and f["compression"] is None]
    body = http.get(entry["url"].split("localhost", 1)[1]).data
    assert hashlib.sha256(body).hexdigest() == entry["sha256"]
    dump = tmp_path / entry["name"]
    dump.write_bytes(body)

    oxigraph = Path(sys.executable).with_name("oxigraph")
    store = tmp_path / "store"
    loaded = subprocess.run([str(oxigraph), "load", "--location", str(store), "--file", str(dump)],
                            capture_output=True, text=True, timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{RELEASES}>) }} GROUP BY ?g"
    answer = subprocess.run([str(oxigraph), "query", "--location", str(store), "--query", query,
                             "--results-format", "csv"], capture_output=True, text=True, timeout=300)
    assert answer.returncode == 0, answer.stderr
    in_oxigraph = dict(line.split(",") for line in answer.stdout.strip().splitlines()[1:])
    in_oxigraph = {graph: int(count) for graph, count in in_oxigraph.items()}
    at_endpoint = {row["g"]: int(row["n"]) for row in select(http, query)}
    assert in_oxigraph == at_endpoint
    assert len(at_endpoint) == len(GRAPHS) and sum(at_endpoint.values()) == entry["statements"]
