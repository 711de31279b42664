"""The fast checks (knowledge/pipeline.py: Oxigraph, `reasonable` and pyshacl unit by unit)
against the reference (owlrl and pyshacl over the whole graph, as the design brief asks):
the same inferred statements and the same findings on the real data and on every broken
fixture; an edit re-checks only what it touches; the gate's store holds what the files say."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from broken_fixtures import BROKEN, base_files, expectations
from hva_graph.knowledge import pipeline
from hva_graph.knowledge.checked import checked_data, input_files, validate
from hva_graph.knowledge.loading import parse_file
from hva_graph.knowledge.validation import format_report, load_shapes, shapes_version
from hva_graph.knowledge.inference import infer
from hva_graph.namespaces import DERIVED_GRAPHS, GRAPH, INFERRED_GRAPH, RELEASES_GRAPH
from hva_graph.publish.canonical import canonical, quads
from hva_graph.settings import Settings


pytestmark = pytest.mark.rules  # the fast checks against the reference, and what they keep


def fast_check(settings: Settings, cache: Path | None):
    checked, homes, graphs = pipeline.read_and_infer(input_files(settings), cache)
    report = pipeline.validate(checked, homes, graphs, load_shapes(settings), shapes_version(settings), cache)
    return checked, report


def multiset(report) -> Counter:
    return Counter(report.findings)


@pytest.fixture(scope="module")
def fast_real(settings, tmp_path_factory):
    return fast_check(settings, tmp_path_factory.mktemp("fast-cache"))


@pytest.fixture(scope="module")
def reference_closure(knowledge):
    """owlrl's closure of the real data, made here: the knowledge fixture's may come from the cache,
    where the fast checks keep theirs under the same key."""
    asserted = Graph()
    for iri, graph in knowledge.graphs.items():
        if iri not in DERIVED_GRAPHS:
            asserted += graph
    return infer(asserted)


def test_the_fast_closure_is_the_reference_closure_on_the_real_data(fast_real, reference_closure):
    checked, _ = fast_real
    reference = reference_closure.inferred
    fast = pipeline.graph_of(checked.store, str(INFERRED_GRAPH))
    assert len(reference) > 1000
    assert set(fast) == set(reference)
    assert checked.inconsistencies == reference_closure.inconsistencies == []


def test_the_fast_findings_are_the_reference_findings_on_the_real_data(fast_real, report):
    _, fast = fast_real
    assert len(report.findings) == 2  # the two unidentified counties: a report with something in it
    assert multiset(fast) == multiset(report), format_report(fast)


@pytest.fixture(scope="module")
def checked_once(tmp_path_factory):
    """The real data through the gate with an empty cache (read, inferred and validated unit by
    unit), and the cache that leaves behind: what a restart or a curator's edit starts from."""
    cache = tmp_path_factory.mktemp("checked-once") / "cache"
    return checked_data(Settings.from_env(cache_dir=cache)), cache


def warm_cache(checked_once, folder: Path) -> Path:
    """A copy of the cache the real data left behind, for a test that changes it."""
    shutil.copytree(checked_once[1], folder)
    return folder


def test_the_gate_store_holds_every_statement_of_the_files(checked_once, knowledge):
    checked, _ = checked_once
    assert set(checked.sizes) == {str(iri) for iri in knowledge.graphs}
    # graph/releases is read from the releases' records, not from the files (test_releases.py)
    for iri, graph in ((iri, graph) for iri, graph in knowledge.graphs.items() if iri != RELEASES_GRAPH):
        assert checked.sizes[str(iri)] == len(graph), iri
        # read back through rdflib's parser, which writes some lexical forms in its canonical way
        # (a dateTime's Z as +00:00); Oxigraph keeps them as the file has them
        ours = Graph().parse(data=pipeline.graph_of(checked.store, str(iri)).serialize(format="nt"), format="nt")
        # RDFC-1.0 relabels blank nodes (graph/search has thousands: rdflib's isomorphism takes minutes)
        assert canonical(quads({iri: ours}, True)) == canonical(quads({iri: graph}, True)), iri


def test_a_restart_reads_the_checked_files_and_the_cached_closure_to_the_same_store(checked_once):
    first, cache = checked_once
    again = checked_data(Settings.from_env(cache_dir=cache))
    assert first.report is not None  # the first time, everything was validated
    assert again.report is None  # nothing was validated the second time: the verdict was cached
    assert again.sizes == first.sizes
    inferred = str(INFERRED_GRAPH)
    assert set(pipeline.graph_of(again.store, inferred)) == set(pipeline.graph_of(first.store, inferred))


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory) -> Path:
    """One per-unit cache for every fixture, as a curator's var/cache is across edits."""
    return tmp_path_factory.mktemp("fixture-cache")


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.stem for p in BROKEN])
def test_every_broken_fixture_gives_the_reference_findings(settings, references, shared_cache, fixture, tmp_path):
    broken, reference = references(fixture)  # pyshacl over the whole graph (shared with test_validation.py)
    candidate = tmp_path / "candidate.ttl"
    candidate.write_bytes(broken.graphs[GRAPH["candidate"]].serialize(format="turtle", encoding="utf-8"))

    checked, fast = fast_check(Settings.from_env(data_paths=base_files(settings, candidate)), shared_cache)

    expected = expectations(fixture)
    assert any(f.shape == expected["shape"] and f.focus == expected["focus"] for f in reference.findings)
    assert multiset(fast) == multiset(reference), format_report(fast) + "\n---\n" + format_report(reference)
    assert checked.inconsistencies == broken.inconsistencies
    assert set(pipeline.graph_of(checked.store, str(INFERRED_GRAPH))) == set(broken.graphs[INFERRED_GRAPH])


def _copy_data(settings: Settings, folder: Path) -> Path:
    data = folder / "data"
    data.mkdir()
    for path in settings.data_files:
        (data / path.name).write_bytes(path.read_bytes())
    return data


def test_an_edit_to_one_source_checks_again_only_the_units_that_read_it(settings, checked_once, tmp_path):
    data = _copy_data(settings, tmp_path)
    cache = warm_cache(checked_once, tmp_path / "cache")  # as a curator's var/cache is before the edit
    edited = Settings.from_env(data_paths=(data,), cache_dir=cache)
    assert validate(edited).conforms
    before = set(p.name for p in cache.iterdir())
    units = {name for name in before if name.startswith("unit-findings-")}

    source = data / "source-001.ttl"
    text = source.read_text(encoding="utf-8")
    label = next(str(o) for s, o in parse_file(source).subject_objects(URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
                 if isinstance(o, Literal) and o.language == "fi")
    source.write_text(text.replace(f'"{label}"@fi', f'"  {label}"@fi', 1), encoding="utf-8")
    report = validate(edited)

    new = {p.name for p in cache.iterdir()} - before
    assert [f.message for f in report.violations] == ["A label has no leading or trailing whitespace."]
    rechecked = {name for name in new if name.startswith("unit-findings-")}
    assert 1 <= len(rechecked) < len(units)

    source.write_text(text, encoding="utf-8")
    again = {p.name for p in cache.iterdir()}
    assert validate(edited).conforms
    assert {n for n in {p.name for p in cache.iterdir()} - again if n.startswith("unit-")} == set()


def test_an_ontology_that_reasons_beyond_a_node_and_its_neighbours_is_reasoned_whole():
    from hva_graph.knowledge.reasoner import splits
    from rdflib.namespace import OWL, RDF

    ontology = Graph()
    ontology.add((URIRef("urn:p"), RDF.type, OWL.ObjectProperty))
    assert splits(ontology)
    ontology.add((URIRef("urn:p"), RDF.type, OWL.TransitiveProperty))
    assert not splits(ontology)


def test_dumps_of_a_new_version_reuse_the_files_of_unchanged_graphs_and_stay_right(settings, checked_once, tmp_path):
    from hva_graph.publish import folder
    from hva_graph.publish.dumps import DumpSpec, encode, render
    from hva_graph.publish.served import ensure_dumps

    data = _copy_data(settings, tmp_path)
    cache = warm_cache(checked_once, tmp_path / "cache")
    copy = Settings.from_env(data_paths=(data,), cache_dir=cache, dumps_dir=tmp_path / "dumps")
    first = ensure_dumps(copy)
    source = data / "source-001.ttl"
    source.write_text(source.read_text(encoding="utf-8").replace('"@fi', ' (muokattu)"@fi', 1), encoding="utf-8")
    second = ensure_dumps(copy)

    old, new = (folder.folder_for(copy, m["data_version"], m["build"]) for m in (first, second))
    assert old != new
    unchanged, changed = new / "hva-graph-source-000.ttl", new / "hva-graph-source-001.ttl"
    assert unchanged.stat().st_ino == (old / unchanged.name).stat().st_ino  # linked, not written again
    assert changed.read_bytes() != (old / changed.name).read_bytes()
    checked, shapes, rendered = checked_data(copy), load_shapes(copy), {}
    for entry in second["files"]:
        spec = DumpSpec(entry["graph"], entry["format"], entry["compression"] == "gzip")
        if (spec.graph, spec.format) not in rendered:  # a .gz file is the plain one's bytes, compressed
            rendered[spec.graph, spec.format] = render(checked, shapes, DumpSpec(spec.graph, spec.format, False))[0]
        assert (new / entry["name"]).read_bytes() == encode(rendered[spec.graph, spec.format], spec), entry["name"]


@pytest.mark.served  # runs `hva-graph serve`, which refuses before it listens
def test_serve_refuses_an_unreadable_file_naming_file_and_line_from_its_checking_process(tmp_path):
    import shutil
    import subprocess
    import sys

    root = tmp_path / "project"
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(Path(__file__).parents[1] / folder, root / folder)
    broken = root / "data" / "themes.ttl"
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines.insert(20, "this is not turtle .")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {"HVA_GRAPH_ROOT": str(root), "HVA_GRAPH_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    command = str(Path(sys.executable).with_name("hva-graph"))
    result = subprocess.run([command, "serve", "--port", "1"], capture_output=True, text=True, timeout=300, env=env)
    validated = subprocess.run([command, "validate"], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == validated.returncode == 2
    assert "Turtle syntax error" in result.stderr
    named = result.stderr.split("themes.ttl:", 1)[1].split(":", 1)[0]
    assert int(named) in (21, 22)  # the inserted line, or rdflib's count of it
    assert f"themes.ttl:{named}:" in validated.stderr


def test_a_derived_graph_is_served_and_dumped_with_its_own_files_through_the_hook(settings, tmp_path, monkeypatch):
    import pyoxigraph as ox
    from hva_graph.knowledge import checked as gate
    from hva_graph.publish.served import ensure_dumps

    derived = "https://w3id.org/hva-graph/graph/derived-test"

    def derive(settings, checked):
        return derived, [ox.Quad(ox.NamedNode("https://w3id.org/hva-graph/id/x"), ox.NamedNode("urn:p"),
                                 ox.Literal("derived"))]

    monkeypatch.setattr(gate, "DERIVED", [derive])
    copy = Settings.from_env(cache_dir=tmp_path / "cache", dumps_dir=tmp_path / "dumps")
    checked = checked_data(copy)
    assert checked.sizes[derived] == 1
    manifest = ensure_dumps(copy, checked=checked)
    names = {entry["name"] for entry in manifest["files"]}
    assert {"hva-graph-derived-test.ttl", "hva-graph-derived-test.nt.gz"} <= names
    assert manifest["facts"]["graphs"]["derived-test"]["triples"] == 1
