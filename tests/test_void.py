"""The dataset description at /.well-known/void (VoID + DCAT): it conforms to its shapes,
which do bite, and every number in it is what the endpoint and the files say."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, VOID, XSD

from dumps_support import select
from hva_graph.settings import expand_paths
from hva_graph.knowledge.validation import load_shapes
from hva_graph.web.app import create_app

ROOT = Path(__file__).parents[1]
DESCRIPTION_SHAPES = ROOT / "shapes" / "description" / "void-dcat.ttl"
SPDX = "http://spdx.org/rdf/terms#"
DATASET = URIRef("https://w3id.org/hva-graph/dataset")
HOST = "http://data.example:8080"


@pytest.fixture(scope="session")
def http(settings, service):
    """A client of the app serving under another host name, one its operator allowed."""
    allowed = dataclasses.replace(settings, allowed_hosts=("data.example", "localhost"))
    return create_app({"TESTING": True, "SETTINGS": allowed, "SERVICE": service}).test_client()


@pytest.fixture(scope="session")
def description(http) -> Graph:
    response = http.get("/.well-known/void", base_url=HOST)
    assert response.status_code == 200, response.data
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    return Graph().parse(data=response.data, format="turtle")


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return Graph().parse(DESCRIPTION_SHAPES, format="turtle")


@pytest.fixture(scope="session")
def manifest(http) -> dict:
    return http.get("/dumps/?format=json", base_url=HOST).get_json()


def _conforms(data: Graph, shapes: Graph) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return conforms, text


def test_the_description_conforms_to_its_shapes(description, shapes):
    conforms, text = _conforms(description, shapes)
    assert conforms, text


@pytest.mark.parametrize("remove,message", [
    ((DATASET, DCTERMS.title, Literal("Hyvinvointialueiden strategiat linkitettynä datana", lang="fi")),
     "A title in Finnish."),
    ((DATASET, DCTERMS.license, None), "The curated data is licensed CC BY 4.0."),
    ((DATASET, VOID.sparqlEndpoint, None), "The dataset names its SPARQL endpoint."),
    ((DATASET, DCTERMS.modified, None), "The dataset says when it was last modified"),
    ((URIRef("https://w3id.org/hva-graph/graph/source-001"), VOID.triples, None), "Exactly one positive void:triples"),
    ((URIRef("https://w3id.org/hva-graph/dumps/hva-graph-all.nq"), DCAT.byteSize, None), "A file states its size"),
    ((None, URIRef(SPDX + "checksumValue"), None), "The checksum value is 64 lower-case hex digits"),
])
def test_the_shapes_reject_a_description_missing_a_required_property(description, shapes, remove, message):
    broken = Graph() + description
    subject, predicate, value = remove
    if subject is None:
        subject = next(broken.subjects(predicate, None))
    assert (subject, predicate, value) in broken
    broken.remove((subject, predicate, value))
    conforms, text = _conforms(broken, shapes)
    assert not conforms
    assert message in text


def test_a_wrong_checksum_algorithm_or_malformed_value_is_rejected(description, shapes):
    broken = Graph() + description
    checksum = next(broken.subjects(RDF.type, URIRef(SPDX + "Checksum")))
    broken.set((checksum, URIRef(SPDX + "checksumValue"), Literal("ABC", datatype=XSD.hexBinary)))
    conforms, text = _conforms(broken, shapes)
    assert not conforms and "64 lower-case hex digits" in text


def test_the_description_shapes_stay_out_of_data_validation(settings):
    assert DESCRIPTION_SHAPES not in expand_paths([settings.shapes_dir])
    data_shapes = load_shapes(settings)
    assert not any(str(s).startswith("https://w3id.org/hva-graph/shapes/description#") for s in data_shapes.subjects())


@pytest.mark.parametrize("accept,rdflib_format", [
    ("application/ld+json", "json-ld"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_the_description_in_every_format_is_the_same_graph(http, description, accept, rdflib_format):
    response = http.get("/.well-known/void", base_url=HOST, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == accept
    assert isomorphic(Graph().parse(data=response.data, format=rdflib_format), description)


def test_turtle_is_the_default_and_an_unspeakable_type_is_406(http):
    assert http.get("/.well-known/void").mimetype == "text/turtle"
    assert http.get("/.well-known/void", headers={"Accept": "*/*"}).mimetype == "text/turtle"
    refused = http.get("/.well-known/void", headers={"Accept": "text/html"})
    assert refused.status_code == 406 and b"text/turtle" in refused.data


def test_the_description_is_cacheable(http):
    first = http.get("/.well-known/void")
    assert http.get("/.well-known/void", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert http.get("/.well-known/void", headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304


def _count(http, query: str) -> int:
    (row,) = select(http, query)
    return int(row["n"])


def test_triple_and_entity_counts_per_graph_and_in_total_are_the_endpoints(http, description):
    subsets = set(description.objects(DATASET, VOID.subset))
    # the data's graphs: graph/releases, the history the endpoint serves beside them, is described
    # by the releases themselves (dcat:hasVersion, test_releases.py)
    data = "FILTER (?g != <https://w3id.org/hva-graph/graph/releases>)"
    graphs = {row["g"] for row in select(http, f"SELECT DISTINCT ?g {{ GRAPH ?g {{ ?s ?p ?o }} {data} }}")}
    assert {str(s) for s in subsets} == graphs
    for subset in subsets:
        triples = _count(http, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{subset}> {{ ?s ?p ?o }} }}")
        entities = _count(http, f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ GRAPH <{subset}> {{ ?s ?p ?o FILTER isIRI(?s) }} }}")
        assert description.value(subset, VOID.triples).toPython() == triples, subset
        assert description.value(subset, VOID.entities).toPython() == entities, subset
    total = _count(http, f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?p ?o {{ GRAPH ?g {{ ?s ?p ?o }} {data} }} }}")
    entities = _count(http, f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ GRAPH ?g {{ ?s ?p ?o FILTER isIRI(?s) }} {data} }}")
    assert description.value(DATASET, VOID.triples).toPython() == total
    assert description.value(DATASET, VOID.entities).toPython() == entities


def test_the_shapes_graph_is_counted_as_loaded(description, settings):
    shapes_graph = URIRef("https://w3id.org/hva-graph/graph/shapes")
    assert (DATASET, DCTERMS.conformsTo, shapes_graph) in description
    assert description.value(shapes_graph, VOID.triples).toPython() == len(load_shapes(settings))


def test_the_sources_are_the_five_source_documents(http, description):
    documents = {row["d"] for row in select(
        http, "SELECT ?d { ?d a <https://w3id.org/hva-graph/ontology#SourceDocument> }")}
    assert len(documents) == 5
    assert {str(o) for o in description.objects(DATASET, PROV.wasDerivedFrom)} == documents


def test_the_endpoint_is_on_the_requesting_host(description):
    endpoint = URIRef(HOST + "/sparql")
    assert description.value(DATASET, VOID.sparqlEndpoint) == endpoint
    assert (endpoint, RDF.type, DCAT.DataService) in description
    assert description.value(endpoint, DCAT.endpointURL) == endpoint
    assert (endpoint, DCAT.servesDataset, DATASET) in description


def test_every_dump_is_a_distribution_whose_size_and_checksum_are_those_of_its_bytes(http, description, manifest):
    # the dataset's own (each release's diffs are distributions of that release: test_releases.py)
    distributions = set(description.objects(DATASET, DCAT.distribution))
    assert len(distributions) == len(manifest["files"])
    for distribution in distributions:
        url = str(description.value(distribution, DCAT.downloadURL))
        assert url.startswith(HOST + "/dumps/")
        body = http.get(url[len(HOST):], base_url=HOST).data
        assert description.value(distribution, DCAT.byteSize) == Literal(len(body), datatype=XSD.nonNegativeInteger)
        checksum = description.value(distribution, URIRef(SPDX + "checksum"))
        assert isinstance(checksum, BNode)
        assert description.value(checksum, URIRef(SPDX + "algorithm")) == URIRef(SPDX + "checksumAlgorithm_sha256")
        assert str(description.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(body).hexdigest()
        media = str(description.value(distribution, DCAT.mediaType))
        gzipped = url.endswith(".gz")
        assert (description.value(distribution, DCAT.compressFormat) is not None) == gzipped
        served = http.head(url[len(HOST):], base_url=HOST).mimetype
        if not gzipped:
            assert media == "https://www.iana.org/assignments/media-types/" + served


def test_the_vocabularies_are_the_namespaces_of_the_properties_and_classes_used(http, description):
    # the data's: graph/releases, the history beside it, is described with the releases
    used = {row["t"] for row in select(http, "SELECT DISTINCT ?t { GRAPH ?g { { ?s ?t ?o } UNION { ?s a ?t } } "
                                             "FILTER (?g != <https://w3id.org/hva-graph/graph/releases>) }")}
    namespaces = {iri[: max(iri.rfind("#"), iri.rfind("/")) + 1] for iri in used}
    assert {str(v) for v in description.objects(DATASET, VOID.vocabulary)} == namespaces
    assert {"https://w3id.org/hva-graph/ontology#", "http://www.w3.org/ns/oa#",
            "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/"} <= namespaces


def test_the_examples_are_a_strategy_a_statement_and_a_theme(http, description):
    examples = sorted(str(e) for e in description.objects(DATASET, VOID.exampleResource))
    assert len(examples) == 3
    hva = "https://w3id.org/hva-graph/ontology#"
    for cls in (hva + "Strategy", hva + "StrategyElement"):
        assert any(select(http, f"SELECT ?x {{ <{e}> a <{cls}> BIND(1 AS ?x) }}") for e in examples), cls
    assert any(select(http, f"SELECT ?x {{ <{e}> <http://www.w3.org/2004/02/skos/core#inScheme> "
                            f"<https://w3id.org/hva-graph/id/themes> BIND(1 AS ?x) }}") for e in examples)


def test_modified_is_the_dumps_last_modified(http, description, manifest):
    modified = description.value(DATASET, DCTERMS.modified).toPython()
    header = http.get("/dumps/hva-graph-all.ttl").last_modified
    assert modified == header
    assert manifest["modified"] == header.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_title_description_and_rights_are_in_finnish_and_english(description):
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.rights):
        assert {o.language for o in description.objects(DATASET, predicate)} == {"fi", "en"}
    rights = str(description.value(DATASET, DCTERMS.rights, any=True))
    assert "CC BY 4.0" in rights
    english = [str(o) for o in description.objects(DATASET, DCTERMS.rights) if o.language == "en"][0]
    assert "public strategy documents" in english


def test_the_service_description_links_the_dataset_description(http):
    response = http.get("/sparql", base_url=HOST, headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.data, format="turtle")
    endpoint = URIRef(HOST + "/sparql")
    assert (endpoint, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"), URIRef(HOST + "/.well-known/void")) in graph
