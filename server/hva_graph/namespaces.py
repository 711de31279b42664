"""IRIs of the graph: stable, and independent of the host that serves them."""

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/hva-graph/"
HVA = Namespace(BASE + "ontology#")
ONTOLOGY = BASE + "ontology"
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
THEME = Namespace(BASE + "id/theme/")
SG = Namespace(BASE + "id/stakeholder-group/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

ONTOLOGY_GRAPH = GRAPH["ontology"]
INFERRED_GRAPH = GRAPH["inferred"]
ANNOTATIONS_GRAPH = GRAPH["annotations"]
SEARCH_GRAPH = GRAPH["search"]
DERIVED_GRAPHS = (INFERRED_GRAPH, SEARCH_GRAPH)
"""Computed from the data when it is loaded, never edited: what OWL RL infers, the search index."""
RELEASES_GRAPH = GRAPH["releases"]
"""The releases made so far and what each changed (releases/*/release.ttl): served beside the
data, but no part of its data version (a release cannot hold its own digest)."""
RELEASE = Namespace(BASE + "release/")
DATASET = BASE + "dataset"

PREFIXES = {
    "hva": str(HVA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "prov": str(PROV),
    "org": str(ORG),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "theme": str(THEME),
    "sg": str(SG),
}
