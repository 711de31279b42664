"""The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/)."""

from __future__ import annotations

from urllib.parse import urljoin

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, VOID, XSD

from ..namespaces import HVA, INFERRED_GRAPH
from ..sparql.formats import GRAPH_FORMATS, RESULT_FORMATS

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

W3C_FORMAT = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML", "trig": "TriG", "nquads": "N-Quads",
}


def endpoint_description(endpoint: str, service) -> Graph:
    settings = service.settings
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("hva", HVA)
    node = URIRef(endpoint)
    graph.add((node, RDF.type, SD.Service))
    graph.add((node, SD.endpoint, node))
    graph.add((node, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((node, SD.feature, SD.UnionDefaultGraph))
    # The dataset description (VoID/DCAT: counts, dumps, checksums) of what this endpoint serves.
    graph.add((node, RDFS.seeAlso, URIRef(urljoin(endpoint, "/.well-known/void"))))
    for key in (*RESULT_FORMATS, *GRAPH_FORMATS):
        if key in W3C_FORMAT:  # the HTML page for browsers has no W3C format IRI
            graph.add((node, SD.resultFormat, FORMATS[W3C_FORMAT[key]]))
    graph.add((node, HVA.queryTimeLimit, Literal(str(settings.query_timeout), datatype=XSD.decimal)))
    graph.add((node, HVA.resultLimit, Literal(settings.result_limit)))
    graph.add((node, HVA.requestSizeLimit, Literal(settings.max_request_bytes)))
    graph.add((node, HVA.queryLengthLimit, Literal(settings.max_query_length)))
    for allowed in settings.service_allowlist:
        graph.add((node, HVA.allowedService, URIRef(allowed)))

    dataset = BNode()
    graph.add((node, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(service.union_size)))
    for name, size in sorted(service.graph_sizes.items()):
        named, inner = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, inner))
        graph.add((inner, RDF.type, SD.Graph))
        graph.add((inner, VOID.triples, Literal(size)))
        if URIRef(name) == INFERRED_GRAPH:
            graph.add((inner, SD.entailmentRegime, URIRef("http://www.w3.org/ns/entailment/OWL-RL-Direct")))
    return graph
