"""Every RDF file parses (with rdflib and with Oxigraph's independent parser); the
ontology is documented; the data uses only terms the ontology defines."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from hva_graph.knowledge.loading import graph_iri_for
from hva_graph.namespaces import HVA, ONTOLOGY

ROOT = Path(__file__).parents[1]
RDF_FILES = sorted([*ROOT.glob("ontology/*.ttl"), *ROOT.glob("data/*.ttl"), *ROOT.glob("shapes/*.ttl")])


@pytest.mark.parametrize("path", RDF_FILES, ids=[str(p.relative_to(ROOT)) for p in RDF_FILES])
def test_file_parses_with_two_independent_parsers(path):
    with_rdflib = Graph().parse(path, format="turtle")
    with_oxigraph = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(with_rdflib) == len(with_oxigraph) > 0


def test_ontology_header():
    graph = Graph().parse(ROOT / "ontology" / "hva.ttl")
    ontology = URIRef(ONTOLOGY)
    assert (ontology, RDF.type, OWL.Ontology) in graph
    assert graph.value(ontology, OWL.versionIRI) is not None
    assert str(graph.value(ontology, OWL.versionInfo)).count(".") == 2
    assert {label.language for label in graph.objects(ontology, RDFS.label)} == {"fi", "en"}


def test_every_ontology_term_has_labels_and_comments_in_finnish_and_english():
    graph = Graph().parse(ROOT / "ontology" / "hva.ttl")
    terms = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(str(HVA))}
    assert len(terms) > 60
    lacking = [
        (str(term), prop.n3())
        for term in terms for prop in (RDFS.label, RDFS.comment)
        if {lit.language for lit in graph.objects(term, prop)} != {"fi", "en"}
    ]
    assert lacking == []


def test_data_uses_only_terms_the_ontology_defines(union):
    ontology = Graph().parse(ROOT / "ontology" / "hva.ttl")
    defined = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    used = {p for p in union.predicates() if p.startswith(str(HVA))}
    used |= {o for o in union.objects(None, RDF.type) if o.startswith(str(HVA))}
    used |= {o for _, p, o in union if isinstance(o, URIRef) and o.startswith(str(HVA))}
    assert used - defined == set()


@pytest.mark.parametrize("path", sorted(ROOT.glob("data/*.ttl")), ids=lambda p: p.name)
def test_each_data_file_describes_its_own_named_graph_and_who_made_it(path):
    graph = Graph().parse(path)
    iri = graph_iri_for(path)
    curators = URIRef("https://w3id.org/hva-graph/id/agent/curators")
    assert (iri, URIRef("http://www.w3.org/ns/prov#wasAttributedTo"), curators) in graph
    if path.stem.startswith("source-"):
        source = graph.value(iri, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        assert source is not None and str(source).split("/")[-1].startswith(path.stem.split("-")[1] + "_")
