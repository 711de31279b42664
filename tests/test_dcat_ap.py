"""The dataset description is harvestable DCAT-AP 3: the published DCAT-AP 3.0.1 SHACL shapes
(tests/fixtures/dcat-ap-3, with their source and licence) find no violation in it, and no missing
recommended property of the catalogue, the dataset, a distribution or a data service. The shapes
bite: removing a mandatory or recommended property is reported."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from dumps_support import select

SHAPES = Path(__file__).parent / "fixtures" / "dcat-ap-3"
CATALOGUE = URIRef("https://w3id.org/hva-graph/catalogue")
DATASET = URIRef("https://w3id.org/hva-graph/dataset")
PUBLISHER = URIRef("https://w3id.org/hva-graph/id/agent/curators")
FINLAND = URIRef("http://publications.europa.eu/resource/authority/country/FIN")
ACCEPTED_WARNINGS = {
    # The curators are the project's own group: none of the ADMS publisher types (authority,
    # company, academia …) is theirs, and the project states none.
    (PUBLISHER, DCTERMS.type),
    # Finland is named by the EU country authority's IRI; a bounding box or centre point would be
    # the only statement of the description not read from a source or from the data.
    (FINLAND, DCAT.bbox), (FINLAND, DCAT.centroid),
}


@pytest.fixture(scope="module")
def description(app) -> Graph:
    response = app.test_client().get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    return Graph().parse(data=response.data, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def findings(data: Graph, shapes: Graph) -> set[tuple]:
    """(severity, focus node, path) of every result the DCAT-AP shapes report."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="rdfs", advanced=True)
    return {(report.value(result, SH.resultSeverity), report.value(result, SH.focusNode),
             report.value(result, SH.resultPath)) for result in report.subjects(RDF.type, SH.ValidationResult)}


@pytest.fixture(scope="module")
def found(description, shapes) -> set[tuple]:
    return findings(description, shapes)


def test_the_dcat_ap_shapes_find_no_violation(found):
    assert {f for f in found if f[0] == SH.Violation} == set()


def test_every_recommended_property_is_there_but_the_documented_few(found):
    assert {(focus, path) for severity, focus, path in found if severity == SH.Warning} == ACCEPTED_WARNINGS


def test_the_catalogue_holds_the_dataset_and_both_services(client, description):
    assert (CATALOGUE, RDF.type, DCAT.Catalog) in description
    assert set(description.objects(CATALOGUE, DCAT.dataset)) == {DATASET}
    services = set(description.objects(CATALOGUE, DCAT.service))
    assert services == set(description.subjects(RDF.type, DCAT.DataService)) and len(services) == 2
    for service in services:
        assert (service, DCAT.servesDataset, DATASET) in description
        described = str(description.value(service, DCAT.endpointDescription)).replace("http://localhost", "")
        assert client.get(described, headers={"Accept": "text/turtle, application/json"}).status_code == 200


def test_the_temporal_coverage_is_that_of_the_strategies_periods(client, description):
    (row,) = select(client, """PREFIX dcat: <http://www.w3.org/ns/dcat#>
        SELECT (MIN(?start) AS ?from) (MAX(?end) AS ?until) WHERE {
          ?strategy a <https://w3id.org/hva-graph/ontology#Strategy> ; <http://purl.org/dc/terms/temporal> ?p .
          ?p dcat:startDate ?start ; dcat:endDate ?end }""")
    span = description.value(DATASET, DCTERMS.temporal)
    assert str(description.value(span, DCAT.startDate)) == row["from"]
    assert str(description.value(span, DCAT.endDate)) == row["until"]


def test_every_distribution_names_its_file_type_from_the_eu_vocabulary(description):
    expected = {"ttl": "RDF_TURTLE", "nt": "RDF_N_TRIPLES", "trig": "RDF_TRIG", "nq": "RDF_N_QUADS", "jsonld": "JSON_LD",
                "rdfp": "TXT"}  # a release's RDF Patch: plain text (it has no file type or media type of its own)
    for distribution in description.subjects(RDF.type, DCAT.Distribution):
        extension = str(distribution).removesuffix(".gz").rsplit(".", 1)[-1]
        assert description.value(distribution, DCTERMS["format"]) == URIRef(
            "http://publications.europa.eu/resource/authority/file-type/" + expected[extension])


@pytest.mark.parametrize("node,predicate,severity", [
    (DATASET, DCTERMS.description, SH.Violation), (CATALOGUE, DCTERMS.publisher, SH.Violation),
    (URIRef("https://w3id.org/hva-graph/dumps/hva-graph-all.ttl"), DCAT.accessURL, SH.Violation),
    (DATASET, DCAT.contactPoint, SH.Warning), (DATASET, DCAT.theme, SH.Warning),
    (URIRef("https://w3id.org/hva-graph/dumps/hva-graph-all.ttl"), DCTERMS["format"], SH.Warning),
    (CATALOGUE, DCAT.themeTaxonomy, SH.Warning)])
def test_the_shapes_report_a_missing_property(description, shapes, node, predicate, severity):
    broken = Graph() + description
    assert (node, predicate, None) in broken
    broken.remove((node, predicate, None))
    assert (severity, node, predicate) in findings(broken, shapes)
