"""The dataset description in VoID and DCAT (DCAT-AP style), served at /.well-known/void.

Built from the dump manifest, so every count and checksum is that of the files served.
The dataset, its subsets (one per named graph) and the publisher have stable IRIs;
the endpoint and download URLs are those of the host that answers the request.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, VOID, XSD

from ..namespaces import BASE, GRAPH, HVA, ID, PREFIXES

SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "https://www.iana.org/assignments/media-types/"
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
DATASET = URIRef(BASE + "dataset")
PUBLISHER = ID["agent/curators"]
DISTRIBUTION = Namespace(BASE + "dumps/")

TEXT = {
    "title": {"fi": "Hyvinvointialueiden strategiat linkitettynä datana",
              "en": "Strategies of Finland's wellbeing services counties as linked data"},
    "description": {
        "fi": "Hyvinvointialueiden strategioiden väitteet (missio, visio, arvot, tavoitteet, painopisteet, "
              "valmistelu ja kuuleminen) tietämysgraafina: jokaisella väitteellä on tarkka lähdekohta "
              "lähdeasiakirjassa, suomenkielinen nimi ja englanninkielinen käännös. Kuratoidut teemat, "
              "alueluettelo, ontologia ja OWL RL -päättelyn tulokset ovat omina nimettyinä graafeinaan.",
        "en": "What the strategies of Finland's wellbeing services counties state (mission, vision, values, "
              "goals, priorities, preparation and consultation) as a knowledge graph: every statement keeps "
              "its exact source passage, a Finnish label and an English translation. Curated themes, the "
              "county list, the ontology and what OWL RL infers are separate named graphs."},
    "rights": {
        "fi": "Kuratoidut tiedot: CC BY 4.0. Lähdetekstit ovat hyvinvointialueiden julkisia "
              "strategia-asiakirjoja; väitteiden sanatarkat lainaukset ovat niistä.",
        "en": "Curated data: CC BY 4.0. The source texts are public strategy documents of the wellbeing "
              "services counties; the verbatim quotes of statements are taken from them."},
    "publisher": {"fi": "hva-graph-kuraattorit", "en": "hva-graph curators"},
    "service": {"fi": "hva-graph SPARQL -rajapinta", "en": "hva-graph SPARQL endpoint"},
}
FORMAT_NAMES = {"turtle": "Turtle", "ntriples": "N-Triples", "trig": "TriG", "nquads": "N-Quads",
                "jsonld": "JSON-LD"}


def dataset_description(manifest: dict, host_url: str) -> Graph:
    host_url = host_url.rstrip("/") + "/"
    graph = Graph()
    for prefix, namespace in {**PREFIXES, "void": VOID, "spdx": SPDX, "foaf": FOAF}.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    facts = manifest["facts"]
    _dataset(graph, facts, manifest["modified"], host_url)
    _publisher(graph)
    _service(graph, host_url)
    for name, graph_facts in facts["graphs"].items():
        _subset(graph, DATASET, graph_facts)
    _shapes(graph, facts["shapes"])
    for entry in manifest["files"]:
        _distribution(graph, entry, host_url)
    return graph


def _texts(graph: Graph, node, predicate, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        graph.add((node, predicate, Literal(text, lang=lang)))


def _dataset(graph: Graph, facts: dict, modified: str, host_url: str) -> None:
    node = DATASET
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, RDF.type, VOID.Dataset))
    _texts(graph, node, DCTERMS.title, TEXT["title"])
    _texts(graph, node, DCTERMS.description, TEXT["description"])
    _texts(graph, node, DCTERMS.rights, TEXT["rights"])
    graph.add((node, DCTERMS.publisher, PUBLISHER))
    graph.add((node, DCTERMS.license, CC_BY))
    graph.add((CC_BY, RDF.type, DCTERMS.LicenseDocument))
    graph.add((node, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    graph.add((node, DCTERMS.conformsTo, GRAPH["shapes"]))
    for lang in ("FIN", "ENG"):
        graph.add((node, DCTERMS.language, EU_LANGUAGE[lang]))
    _texts(graph, node, DCAT.keyword, {"fi": "hyvinvointialue", "en": "wellbeing services county"})
    _texts(graph, node, DCAT.keyword, {"fi": "strategia", "en": "strategy"})
    graph.add((node, DCAT.landingPage, URIRef(host_url)))
    graph.add((node, VOID.sparqlEndpoint, URIRef(host_url + "sparql")))
    graph.add((node, VOID.uriSpace, Literal(str(ID))))
    graph.add((node, VOID.triples, Literal(facts["triples"])))
    graph.add((node, VOID.entities, Literal(facts["entities"])))
    for vocabulary in facts["vocabularies"]:
        graph.add((node, VOID.vocabulary, URIRef(vocabulary)))
    classes = {"strategy": HVA.Strategy, "statement": HVA.StrategyElement, "theme": SKOS.Concept}
    for kind, iri in facts["examples"].items():
        example, cls = URIRef(iri), classes[kind]
        graph.add((node, VOID.exampleResource, example))
        graph.add((example, RDF.type, cls))
    for source in facts["sources"]:
        document = URIRef(source["iri"])
        graph.add((node, DCTERMS.source, document))
        graph.add((document, RDF.type, HVA.SourceDocument))
        _texts(graph, document, DCTERMS.title, source["title"])


def _publisher(graph: Graph) -> None:
    graph.add((PUBLISHER, RDF.type, FOAF.Agent))
    _texts(graph, PUBLISHER, FOAF.name, TEXT["publisher"])


def _service(graph: Graph, host_url: str) -> None:
    endpoint = URIRef(host_url + "sparql")
    graph.add((endpoint, RDF.type, DCAT.DataService))
    _texts(graph, endpoint, DCTERMS.title, TEXT["service"])
    graph.add((endpoint, DCAT.endpointURL, endpoint))
    graph.add((endpoint, DCAT.endpointDescription, endpoint))
    graph.add((endpoint, DCAT.servesDataset, DATASET))
    graph.add((endpoint, DCTERMS.license, CC_BY))


def _subset(graph: Graph, parent, facts: dict) -> None:
    node = URIRef(facts["iri"])
    graph.add((parent, VOID.subset, node))
    _counted(graph, node, facts)


def _shapes(graph: Graph, facts: dict) -> None:
    node = URIRef(facts["iri"])
    graph.add((node, RDF.type, DCTERMS.Standard))
    _counted(graph, node, facts)


def _counted(graph: Graph, node, facts: dict) -> None:
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, RDF.type, VOID.Dataset))
    _texts(graph, node, DCTERMS.title, facts["title"])
    graph.add((node, DCTERMS.license, CC_BY))
    graph.add((node, VOID.triples, Literal(facts["triples"])))
    graph.add((node, VOID.entities, Literal(facts["entities"])))


def _distribution(graph: Graph, entry: dict, host_url: str) -> None:
    node = DISTRIBUTION[entry["name"]]
    url = URIRef(host_url + "dumps/" + entry["name"])
    owner = DATASET if entry["graph_iri"] is None else URIRef(entry["graph_iri"])
    graph.add((owner, DCAT.distribution, node))
    if owner == DATASET:
        graph.add((owner, VOID.dataDump, url))
    graph.add((node, RDF.type, DCAT.Distribution))
    title = f"{entry['graph']}, {FORMAT_NAMES[entry['format']]}" + (", gzip" if entry["compression"] else "")
    graph.add((node, DCTERMS.title, Literal(title, lang="en")))
    graph.add((node, DCAT.downloadURL, url))
    graph.add((node, DCAT.accessURL, url))
    graph.add((node, DCAT.mediaType, URIRef(IANA + entry["media_type"])))
    if entry["compression"]:
        graph.add((node, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
    graph.add((node, DCAT.byteSize, Literal(entry["size"], datatype=XSD.nonNegativeInteger)))
    graph.add((node, DCTERMS.license, CC_BY))
    checksum = BNode()
    graph.add((node, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(entry["sha256"], datatype=XSD.hexBinary, normalize=False)))
