"""The dataset description in VoID and DCAT-AP 3, served at /.well-known/void (and /dumps/ as RDF).

Built from the dump manifest, so every count and checksum is that of the files served. A data
portal harvests it as DCAT-AP 3 (tests/test_dcat_ap.py holds it to the published SHACL shapes,
recommended properties included): a catalogue holding the dataset and two data services (the
SPARQL endpoint and the canned-query API), the dataset with its publisher, contact point, themes
(the EU data-theme vocabulary), spatial and temporal coverage, and every dump file as a
distribution with its format, media type, licence, size and checksum. VoID adds the counts per
named graph (void:subset, each with its own files as void:dataDump), the vocabularies and
example resources.

The catalogue, dataset, graphs and publisher have stable IRIs; the endpoint and download URLs
are those of the public address the request came to.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, SKOS, VOID, XSD

from ..namespaces import BASE, GRAPH, HVA, ID, PREFIXES

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU = Namespace("http://publications.europa.eu/resource/authority/")
IANA = "https://www.iana.org/assignments/media-types/"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
CATALOGUE = URIRef(BASE + "catalogue")
DATASET = URIRef(BASE + "dataset")
PUBLISHER = ID["agent/curators"]
CONTACT = ID["agent/curators/contact"]
DISTRIBUTION = Namespace(BASE + "dumps/")
FINLAND = EU["country/FIN"]
THEME_SCHEME = URIRef(str(EU) + "data-theme")
AVAILABLE = EU["planned-availability/AVAILABLE"]
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
OPENAPI = URIRef("https://spec.openapis.org/oas/v3.1.0")

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
    "catalogue": {"fi": "hva-graph-aineistoluettelo", "en": "hva-graph catalogue"},
    "catalogue_description": {
        "fi": "Hyvinvointialueiden strategiat linkitettynä datana: aineisto, sen ladattavat tiedostot, "
              "SPARQL-rajapinta ja valmiiden kyselyjen rajapinta.",
        "en": "The strategies of Finland's wellbeing services counties as linked data: the dataset, its "
              "downloadable files, its SPARQL endpoint and its canned-query API."},
    "service": {"fi": "hva-graph SPARQL -rajapinta", "en": "hva-graph SPARQL endpoint"},
    "service_description": {
        "fi": "SPARQL 1.1 -kyselyrajapinta (vain luku) koko aineistoon: kaikki nimetyt graafit, sisällön "
              "neuvottelu, aikaraja ja tulosraja.",
        "en": "A read-only SPARQL 1.1 query endpoint over the whole dataset: every named graph, content "
              "negotiation, a time limit and a result limit."},
    "api": {"fi": "hva-graph valmiit kyselyt", "en": "hva-graph canned queries"},
    "api_description": {
        "fi": "Valmiit vertailukyselyt parametreineen (OpenAPI 3.1 -kuvaus): tulokset CSV-, JSON-, TSV- ja "
              "XML-muodossa.",
        "en": "Ready-made comparison queries with their parameters (described in OpenAPI 3.1): results as "
              "CSV, JSON, TSV and XML."},
}
KEYWORDS = ({"fi": "hyvinvointialue", "en": "wellbeing services county"}, {"fi": "strategia", "en": "strategy"},
            {"fi": "sosiaali- ja terveyspalvelut", "en": "social and health services"})
FORMAT_NAMES = {"turtle": "Turtle", "ntriples": "N-Triples", "trig": "TriG", "nquads": "N-Quads",
                "jsonld": "JSON-LD"}
FILE_TYPES = {"turtle": "RDF_TURTLE", "ntriples": "RDF_N_TRIPLES", "trig": "RDF_TRIG", "nquads": "RDF_N_QUADS",
              "jsonld": "JSON_LD"}
# Labels of the terms of other vocabularies this description names, as their publishers label them
# (DCAT-AP asks every skos:Concept and scheme it meets to carry its label).
THEMES = {"GOVE": {"fi": "Hallinto ja julkinen sektori", "en": "Government and public sector"},
          "HEAL": {"fi": "Terveys", "en": "Health"}}
"""EU data themes: the strategies are those of the public bodies that organise health and social services."""
AUTHORITY_LABELS = {
    THEME_SCHEME: {"en": "Data theme"},
    AVAILABLE: {"en": "Available"},
    ATTRIBUTION: {"en": "Attribution"},
}


def dataset_description(manifest: dict, host_url: str) -> Graph:
    root = host_url.rstrip("/") + "/"
    graph = Graph()
    for prefix, namespace in {**PREFIXES, "void": VOID, "spdx": SPDX, "foaf": FOAF, "vcard": VCARD,
                              "dcatap": DCATAP, "prov": PROV}.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    facts = manifest["facts"]
    _catalogue(graph, manifest["modified"], root)
    _dataset(graph, facts, manifest["modified"], root)
    _agents(graph, root)
    _services(graph, root)
    for graph_facts in facts["graphs"].values():
        _subset(graph, graph_facts)
    _shapes(graph, facts["shapes"])
    for entry in manifest["files"]:
        _distribution(graph, entry, root, facts)
    _terms(graph)
    return graph


def _texts(graph: Graph, node, predicate, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        graph.add((node, predicate, Literal(text, lang=lang)))


def _catalogue(graph: Graph, modified: str, root: str) -> None:
    node = CATALOGUE
    graph.add((node, RDF.type, DCAT.Catalog))
    _texts(graph, node, DCTERMS.title, TEXT["catalogue"])
    _texts(graph, node, DCTERMS.description, TEXT["catalogue_description"])
    graph.add((node, DCTERMS.publisher, PUBLISHER))
    graph.add((node, DCTERMS.license, CC_BY))
    for lang in ("FIN", "ENG"):
        graph.add((node, DCTERMS.language, EU[f"language/{lang}"]))
    graph.add((node, DCTERMS.spatial, FINLAND))
    # Each data version is a release: the catalogue as served was issued when this version was.
    graph.add((node, DCTERMS.issued, Literal(modified, datatype=XSD.dateTime)))
    graph.add((node, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    graph.add((node, DCAT.themeTaxonomy, THEME_SCHEME))
    graph.add((node, FOAF.homepage, URIRef(root)))
    graph.add((node, DCAT.dataset, DATASET))
    graph.add((node, DCAT.service, URIRef(root + "sparql")))
    graph.add((node, DCAT.service, URIRef(root + "queries/")))


def _dataset(graph: Graph, facts: dict, modified: str, root: str) -> None:
    node = DATASET
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, RDF.type, VOID.Dataset))
    _texts(graph, node, DCTERMS.title, TEXT["title"])
    _texts(graph, node, DCTERMS.description, TEXT["description"])
    _texts(graph, node, DCTERMS.rights, TEXT["rights"])
    _described(graph, node)
    graph.add((node, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    graph.add((node, DCTERMS.conformsTo, GRAPH["shapes"]))
    graph.add((node, DCTERMS.spatial, FINLAND))
    _temporal(graph, node, facts.get("period"))
    for lang in ("FIN", "ENG"):
        graph.add((node, DCTERMS.language, EU[f"language/{lang}"]))
    graph.add((node, DCAT.landingPage, URIRef(root)))
    graph.add((node, VOID.sparqlEndpoint, URIRef(root + "sparql")))
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
        _texts(graph, example, SKOS.prefLabel, facts.get("example_labels", {}).get(iri, {}))
    for source in facts["sources"]:
        document = URIRef(source["iri"])
        # dct:source would say the documents are datasets (DCAT-AP's range): they are the texts
        # the statements are read from.
        graph.add((node, PROV.wasDerivedFrom, document))
        graph.add((document, RDF.type, HVA.SourceDocument))
        _texts(graph, document, DCTERMS.title, source["title"])


def _described(graph: Graph, node) -> None:
    """What the dataset and the services share: publisher, contact, licence, themes, keywords."""
    graph.add((node, DCTERMS.publisher, PUBLISHER))
    graph.add((node, DCAT.contactPoint, CONTACT))
    graph.add((node, DCTERMS.license, CC_BY))
    for code in THEMES:
        graph.add((node, DCAT.theme, EU[f"data-theme/{code}"]))
    for keyword in KEYWORDS:
        _texts(graph, node, DCAT.keyword, keyword)


def _temporal(graph: Graph, node, period: dict | None) -> None:
    """The time the strategies cover, as their own periods state it (none: nothing is said)."""
    if not period:
        return
    span = BNode()
    graph.add((node, DCTERMS.temporal, span))
    graph.add((span, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((span, DCAT.startDate, Literal(period["start"], datatype=XSD.date)))
    graph.add((span, DCAT.endDate, Literal(period["end"], datatype=XSD.date)))


def _agents(graph: Graph, root: str) -> None:
    graph.add((PUBLISHER, RDF.type, FOAF.Agent))
    _texts(graph, PUBLISHER, FOAF.name, TEXT["publisher"])
    # The service's own home page is where its curators are reached; the project states no address.
    graph.add((CONTACT, RDF.type, VCARD.Kind))
    graph.add((CONTACT, RDF.type, VCARD.Organization))
    _texts(graph, CONTACT, VCARD.fn, TEXT["publisher"])
    graph.add((CONTACT, VCARD.hasURL, URIRef(root)))
    graph.add((URIRef(root), RDF.type, FOAF.Document))


def _services(graph: Graph, root: str) -> None:
    sparql, api = URIRef(root + "sparql"), URIRef(root + "queries/")
    for node, key, description, standard in ((sparql, "service", sparql, SPARQL_PROTOCOL),
                                             (api, "api", URIRef(root + "openapi.json"), OPENAPI)):
        graph.add((node, RDF.type, DCAT.DataService))
        _texts(graph, node, DCTERMS.title, TEXT[key])
        _texts(graph, node, DCTERMS.description, TEXT[key + "_description"])
        graph.add((node, DCAT.endpointURL, node))
        graph.add((node, DCAT.endpointDescription, description))
        graph.add((node, DCAT.servesDataset, DATASET))
        graph.add((node, DCTERMS.conformsTo, standard))
        graph.add((standard, RDF.type, DCTERMS.Standard))
        _described(graph, node)


def _subset(graph: Graph, facts: dict) -> None:
    node = URIRef(facts["iri"])
    graph.add((DATASET, VOID.subset, node))
    _counted(graph, node, facts)


def _shapes(graph: Graph, facts: dict) -> None:
    node = URIRef(facts["iri"])
    graph.add((node, RDF.type, DCTERMS.Standard))
    _counted(graph, node, facts)


def _counted(graph: Graph, node, facts: dict) -> None:
    """A named graph (or the shapes) in VoID: a part of the dataset, counted; its files are the
    dataset's distributions (DCAT-AP has no use for a dataset per graph)."""
    graph.add((node, RDF.type, VOID.Dataset))
    _texts(graph, node, DCTERMS.title, facts["title"])
    graph.add((node, DCTERMS.license, CC_BY))
    graph.add((node, VOID.triples, Literal(facts["triples"])))
    graph.add((node, VOID.entities, Literal(facts["entities"])))


def _distribution(graph: Graph, entry: dict, root: str, facts: dict) -> None:
    node = DISTRIBUTION[entry["name"]]
    url = URIRef(root + "dumps/" + entry["name"])
    graph.add((DATASET, DCAT.distribution, node))
    graph.add((DATASET if entry["graph_iri"] is None else URIRef(entry["graph_iri"]), VOID.dataDump, url))
    graph.add((node, RDF.type, DCAT.Distribution))
    name = FORMAT_NAMES[entry["format"]]
    title = f"{entry['graph']}, {name}" + (", gzip" if entry["compression"] else "")
    graph.add((node, DCTERMS.title, Literal(title, lang="en")))
    _texts(graph, node, DCTERMS.description, _what(entry, facts, name))
    graph.add((node, DCAT.downloadURL, url))
    graph.add((node, DCAT.accessURL, url))
    graph.add((node, DCTERMS["format"], EU[f"file-type/{FILE_TYPES[entry['format']]}"]))
    graph.add((node, DCAT.mediaType, URIRef(IANA + entry["media_type"])))
    if entry["compression"]:
        graph.add((node, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
    graph.add((node, DCAT.byteSize, Literal(entry["size"], datatype=XSD.nonNegativeInteger)))
    graph.add((node, DCTERMS.license, CC_BY))
    graph.add((node, DCATAP.availability, AVAILABLE))
    checksum = BNode()
    graph.add((node, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(entry["sha256"], datatype=XSD.hexBinary, normalize=False)))


def _what(entry: dict, facts: dict, name: str) -> dict[str, str]:
    """What one file holds, in Finnish and English."""
    if entry["graph_iri"] is None:
        part = {"fi": "Koko aineisto", "en": "The whole dataset"}
    else:
        titles = (facts["graphs"].get(entry["graph"]) or facts["shapes"])["title"]
        part = {lang: f"{titles[lang]} (<{entry['graph_iri']}>)" for lang in ("fi", "en")}
    count, kind = entry["statements"], entry["statement_kind"]
    packed = {"fi": ", gzip-pakattuna" if entry["compression"] else "", "en": ", gzip-compressed" if entry["compression"] else ""}
    kinds = {"triples": ("kolmikkoa", "triples"), "quads": ("nelikkoa", "quads")}[kind]
    return {"fi": f"{part['fi']} {name}-muodossa{packed['fi']}: {count} {kinds[0]}.",
            "en": f"{part['en']} as {name}{packed['en']}: {count} {kinds[1]}."}


def _terms(graph: Graph) -> None:
    """The classes DCAT-AP expects of the terms it names, and their labels."""
    typed = {DCTERMS.LicenseDocument: [CC_BY], DCTERMS.Location: [FINLAND], SKOS.ConceptScheme: [THEME_SCHEME],
             SKOS.Concept: [AVAILABLE, ATTRIBUTION, *(EU[f"data-theme/{code}"] for code in THEMES)]}
    for cls, nodes in typed.items():
        for node in nodes:
            graph.add((node, RDF.type, cls))
    graph.add((CC_BY, DCTERMS.type, ATTRIBUTION))
    graph.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    for language in graph.objects(None, DCTERMS.language):
        graph.add((language, RDF.type, DCTERMS.LinguisticSystem))
    for file_type in set(graph.objects(None, DCTERMS["format"])):
        graph.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
    for media_type in {*graph.objects(None, DCAT.mediaType), *graph.objects(None, DCAT.compressFormat)}:
        graph.add((media_type, RDF.type, DCTERMS.MediaType))
    for code, labels in THEMES.items():
        graph.add((EU[f"data-theme/{code}"], SKOS.inScheme, THEME_SCHEME))
        _texts(graph, EU[f"data-theme/{code}"], SKOS.prefLabel, labels)
    for node, labels in AUTHORITY_LABELS.items():
        _texts(graph, node, DCTERMS.title if node == THEME_SCHEME else SKOS.prefLabel, labels)
