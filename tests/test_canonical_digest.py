"""The data version is the canonical digest of what the data says (RDFC-1.0 canonical N-Quads,
W3C 2024), not of how its files are written: the same statements in Turtle, TriG or N-Quads,
with any blank-node labels, give the same digest; one changed literal gives another. pyld's
URDNA2015 (the same algorithm, written independently) computes the same digest.

Blank nodes of the data files are named after what they belong to when the files are read, so
the published graphs hold none (only the ontology keeps OWL's): a passage's selectors and a
statement's index entries are IRIs under their owner's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil

import pyoxigraph as ox
import pytest
import rdflib
from pyld import jsonld
from rdflib import Dataset, Graph, URIRef

from hva_graph.digests.canonical import canonical_digest, canonical_nquads, graph_digests
from hva_graph.knowledge.checked import checked_data
from hva_graph.knowledge.skolem import skolemise
from hva_graph.knowledge.versions import first_validated
from hva_graph.namespaces import ONTOLOGY_GRAPH, SEARCH_GRAPH

PASSAGE = "https://w3id.org/hva-graph/id/strategy/etela-karjala-2023-2025/value/1/passage"
OA = "http://www.w3.org/ns/oa#"


@pytest.fixture(autouse=True)
def literals_as_written(monkeypatch):
    """rdflib writes some literals in its own canonical form unless told not to ("…Z" as
    "…+00:00"): another literal to RDF, and to its canonical digest."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)


@pytest.fixture(scope="module")
def checked(settings, tmp_path_factory):
    return checked_data(dataclasses.replace(settings, cache_dir=tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def quads(checked) -> list[ox.Quad]:
    """Every statement of the data version: graph/releases, the history served beside it, is none
    of it (docs/releases.md)."""
    return [quad for quad in checked.store if quad.graph_name.value != "https://w3id.org/hva-graph/graph/releases"]


def pyld_digest(nquads: str) -> str:
    normalized = jsonld.normalize(nquads, {"algorithm": "URDNA2015", "inputFormat": "application/n-quads",
                                           "format": "application/n-quads"})
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def relabelled(nquads: bytes) -> bytes:
    """Every blank node under another label, and the lines in another order."""
    lines = re.sub(rb"_:([A-Za-z0-9_.-]+)", lambda m: b"_:other" + hashlib.md5(m.group(1)).hexdigest()[:6].encode(),
                   nquads).splitlines(keepends=True)
    return b"".join(reversed(lines))


def test_the_served_data_version_is_the_canonical_digest_of_every_graph(checked, quads):
    assert checked.version == canonical_digest(quads) == hashlib.sha256(canonical_nquads(quads)).hexdigest()
    assert {str(SEARCH_GRAPH), str(ONTOLOGY_GRAPH)} <= set(graph_digests(quads))


def test_the_same_data_in_turtle_trig_and_nquads_with_other_labels_has_the_same_digest(quads):
    expected = canonical_digest(quads)
    nquads = relabelled(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    dataset = Dataset()
    dataset.parse(data=nquads, format="nquads")
    trig = dataset.serialize(format="trig")  # rdflib's own labels, the ontology's blank nodes nested
    from_trig = list(ox.parse(trig.encode(), format=ox.RdfFormat.TRIG))
    from_nquads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    from_turtle = []  # one Turtle document per named graph, as the per-graph dumps are
    for graph in {q.graph_name for q in quads}:
        turtle = Graph()
        for quad in dataset.graph(URIRef(graph.value)):
            turtle.add(quad)
        text = turtle.serialize(format="turtle").encode()
        from_turtle += [ox.Quad(t.subject, t.predicate, t.object, graph)
                        for t in ox.parse(text, format=ox.RdfFormat.TURTLE)]
    assert canonical_digest(from_trig) == canonical_digest(from_nquads) == canonical_digest(from_turtle) == expected


def test_one_changed_literal_changes_the_digest(quads):
    label = next(i for i, q in enumerate(quads) if q.predicate.value.endswith("#label") and q.object.language == "en")
    changed = list(quads)
    old = changed[label]
    changed[label] = ox.Quad(old.subject, old.predicate, ox.Literal(old.object.value + ".", language="en"),
                             old.graph_name)
    assert canonical_digest(changed) != canonical_digest(quads)
    assert canonical_digest(changed[:label] + changed[label + 1:]) != canonical_digest(quads)


def test_pyld_urdna2015_gives_the_same_digest(quads):
    """pyld is pure Python: it checks every graph but the search index (15,000 index statements
    without a blank node, whose canonical form needs no labelling), and a dataset of the escapes
    a literal can need."""
    checked = [q for q in quads if q.graph_name.value != str(SEARCH_GRAPH)]
    assert pyld_digest(ox.serialize(checked, format=ox.RdfFormat.N_QUADS).decode()) == canonical_digest(checked)
    b = ox.BlankNode()
    tricky = [ox.Quad(b, ox.NamedNode("http://example.org/p"), ox.Literal(text, language="fi"),
                      ox.NamedNode("http://example.org/g"))
              for text in ('lainaus "x" \\ ja\nrivi', "sarkain\tja\rpaluu", "äö – €", "not a node: _:b0")]
    tricky.append(ox.Quad(ox.BlankNode(), ox.NamedNode("http://example.org/q"), b))
    assert pyld_digest(ox.serialize(tricky, format=ox.RdfFormat.N_QUADS).decode()) == canonical_digest(tricky)


def test_the_published_graphs_hold_no_blank_node_but_the_ontologys(quads):
    blank = {q.graph_name.value for q in quads if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)}
    assert blank == {str(ONTOLOGY_GRAPH)}


def test_a_passages_selectors_are_named_after_it(quads):
    selectors = {(q.object.value) for q in quads if q.subject.value == PASSAGE and q.predicate.value == OA + "hasSelector"}
    assert selectors == {PASSAGE + "/selector/quote", PASSAGE + "/selector/position"}
    exact = [q.object.value for q in quads if q.subject.value == PASSAGE + "/selector/quote"
             and q.predicate.value == OA + "exact"]
    verbatim = [q.object.value for q in quads if q.subject.value == PASSAGE.removesuffix("/passage")
                and q.predicate.value.endswith("#verbatim")]
    assert len(exact) == 1 and exact == verbatim  # the quote selector still holds the statement's text


def test_an_index_entry_is_named_by_its_statement_language_and_term(quads):
    statement = PASSAGE.removesuffix("/passage")
    entries = {q.object.value for q in quads if q.subject.value == statement and q.predicate.value.endswith("#indexEntry")}
    assert entries and all(e.startswith(statement + "/index/fi/") or e.startswith(statement + "/index/en/")
                           for e in entries)


def test_two_selectors_of_one_kind_stay_two_nodes():
    """A passage with two quote selectors (a shape then finds the second) is not made into one."""
    passage, has = ox.NamedNode(PASSAGE), ox.NamedNode(OA + "hasSelector")
    kind, exact = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(OA + "exact")
    quote = ox.NamedNode(OA + "TextQuoteSelector")
    one, two = ox.BlankNode(), ox.BlankNode()
    named = skolemise([ox.Quad(passage, has, one), ox.Quad(one, kind, quote), ox.Quad(one, exact, ox.Literal("a")),
                       ox.Quad(passage, has, two), ox.Quad(two, kind, quote), ox.Quad(two, exact, ox.Literal("b"))])
    selectors = {q.object.value for q in named if q.predicate == has}
    assert len(selectors) == 2 and all(s.startswith(PASSAGE + "/selector/quote-") for s in selectors)


def test_reformatted_data_files_give_the_same_data_version(settings, checked, tmp_path):
    """Every data file and the ontology written again as another syntax would write them (as
    N-Triples, which is Turtle: no prefixes, blank nodes under new labels, lines reversed)."""
    root = tmp_path / "root"
    shutil.copytree(settings.root / "shapes", root / "shapes")
    shutil.copytree(settings.root / "queries", root / "queries")
    for path in [settings.ontology_path, *settings.data_files]:
        graph = Graph().parse(path, format="turtle")
        target = root / path.relative_to(settings.root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(relabelled(graph.serialize(format="nt", encoding="utf-8")))
    moved = dataclasses.replace(settings, root=root, cache_dir=tmp_path / "cache")
    again = checked_data(moved)
    assert again.key != checked.key  # other bytes ...
    assert again.version == checked.version  # ... the same data version


def test_last_modified_is_when_the_version_was_first_validated_not_a_files_time(settings, checked, tmp_path):
    root = tmp_path / "root"
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(settings.root / folder, root / folder)
    moved = dataclasses.replace(settings, root=root, cache_dir=tmp_path / "cache")
    assert checked_data(moved).version == checked.version
    first = first_validated(moved, checked.version)
    for path in (root / "data").iterdir():
        os.utime(path, (0, 0))  # a checkout or a copy: the files' times change, not the data
    assert checked_data(moved).version == checked.version
    assert first_validated(moved, checked.version) == first
