"""What the dataset description says about the data, computed once when the dumps are made.

The facts are stored with the dumps (manifest.json), so the VoID/DCAT description always
counts exactly the data that was dumped. Entities are the distinct IRIs in subject
position (blank nodes, such as passage selectors, are parts of entities, not entities).
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..knowledge.model import Knowledge
from ..namespaces import HVA, ID

# Graphs that do not describe themselves in the data.
GRAPH_TITLES = {
    "ontology": {"fi": "Hyvinvointialuestrategioiden ontologia", "en": "The welfare-strategy ontology"},
    "inferred": {"fi": "OWL RL -päättelyn tulokset", "en": "What OWL RL infers from ontology and data"},
    "search": {"fi": "Hakuindeksi: väitteiden sanojen perusmuodot ja yhdyssanojen osat",
               "en": "The search index: base forms and compound parts of the statements' words"},
    "shapes": {"fi": "Tietojen SHACL-muodot", "en": "SHACL shapes of the data"},
}


def graph_facts(name: str, iri: URIRef, graph: Graph) -> dict:
    titles = {label.language: str(label) for label in graph.objects(iri, RDFS.label) if label.language}
    return {
        "iri": str(iri),
        "triples": len(graph),
        "entities": len(entities(graph)),
        "title": {lang: titles.get(lang) or GRAPH_TITLES.get(name, {}).get(lang, name) for lang in ("fi", "en")},
    }


def entities(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(unique=True) if isinstance(s, URIRef)}


def vocabularies(graph: Graph) -> list[str]:
    """Namespaces of the properties and classes used (void:vocabulary)."""
    terms = set(graph.predicates(unique=True)) | set(graph.objects(None, RDF.type))
    return sorted({namespace_of(str(term)) for term in terms if isinstance(term, URIRef)})


def namespace_of(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def examples(graph: Graph) -> dict[str, str]:
    """One strategy, one statement (a goal) and one theme (the first of each in IRI order)."""
    candidates = {
        "strategy": graph.subjects(RDF.type, HVA.Strategy),
        "statement": graph.subjects(RDF.type, HVA.StrategicGoal),
        "theme": graph.subjects(SKOS.inScheme, ID["themes"]),
    }
    found = {kind: sorted(subjects) for kind, subjects in candidates.items()}
    return {kind: str(subjects[0]) for kind, subjects in found.items() if subjects}


def sources(graph: Graph) -> list[dict]:
    found = []
    for document in sorted(graph.subjects(RDF.type, HVA.SourceDocument)):
        titles = {label.language: str(label) for label in graph.objects(document, RDFS.label)}
        found.append({"iri": str(document), "title": titles})
    return found


def dataset_facts(knowledge: Knowledge, shapes: Graph, shapes_iri: URIRef) -> dict:
    union = knowledge.union()
    graphs = {str(iri).rsplit("/", 1)[-1]: graph_facts(str(iri).rsplit("/", 1)[-1], iri, graph)
              for iri, graph in sorted(knowledge.graphs.items())}
    return {
        "triples": len(union),
        "entities": len(entities(union)),
        "graphs": graphs,
        "shapes": graph_facts("shapes", shapes_iri, shapes),
        "vocabularies": vocabularies(union),
        "examples": examples(union),
        "sources": sources(union),
    }
