"""What the dataset description says about the data, computed once when the dumps are made.

The facts are stored with the dumps (manifest.json), so the VoID/DCAT description always
counts exactly the data that was dumped. Entities are the distinct IRIs in subject
position (blank nodes, such as passage selectors, are parts of entities, not entities).
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..namespaces import HVA, ID

# Graphs that do not describe themselves in the data.
GRAPH_TITLES = {
    "ontology": {"fi": "Hyvinvointialuestrategioiden ontologia", "en": "The welfare-strategy ontology"},
    "inferred": {"fi": "OWL RL -päättelyn tulokset", "en": "What OWL RL infers from ontology and data"},
    "search": {"fi": "Hakuindeksi: väitteiden sanojen perusmuodot ja yhdyssanojen osat",
               "en": "The search index: base forms and compound parts of the statements' words"},
    "shapes": {"fi": "Tietojen SHACL-muodot", "en": "SHACL shapes of the data"},
}

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
ENTITIES_PER_GRAPH = "SELECT ?g (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (isIRI(?s)) } GROUP BY ?g"
TITLES = f"SELECT ?g ?label WHERE {{ GRAPH ?g {{ ?g <{RDFS.label}> ?label }} }}"
UNION = """SELECT (COUNT(*) AS ?triples) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"""
ENTITIES = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (isIRI(?s)) }"""
TERMS = f"""SELECT DISTINCT ?term WHERE {{ {{ GRAPH ?g {{ ?s ?term ?o }} }}
    UNION {{ GRAPH ?g {{ ?s <{RDF.type}> ?term }} FILTER (isIRI(?term)) }} }}"""


def graph_facts(name: str, iri: URIRef, graph: Graph) -> dict:
    """The facts of one rdflib graph (the shapes)."""
    titles = {label.language: str(label) for label in graph.objects(iri, RDFS.label) if label.language}
    entities = {s for s in graph.subjects(unique=True) if isinstance(s, URIRef)}
    return _facts(name, iri, len(graph), len(entities), titles)


def _facts(name: str, iri, triples: int, entities: int, titles: dict) -> dict:
    return {
        "iri": str(iri),
        "triples": triples,
        "entities": entities,
        "title": {lang: titles.get(lang) or GRAPH_TITLES.get(name, {}).get(lang, name) for lang in ("fi", "en")},
    }


def namespace_of(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _values(store: ox.Store, query: str) -> list:
    return list(store.query(query, use_default_graph_as_union=False))


def examples(store: ox.Store) -> dict[str, str]:
    """One strategy, one statement (a goal) and one theme (the first of each in IRI order)."""
    patterns = {
        "strategy": f"?x <{RDF.type}> <{HVA.Strategy}>",
        "statement": f"?x <{RDF.type}> <{HVA.StrategicGoal}>",
        "theme": f"?x <{SKOS.inScheme}> <{ID['themes']}>",
    }
    found = {}
    for kind, pattern in patterns.items():
        rows = _values(store, f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ {pattern} }} FILTER (isIRI(?x)) }}")
        if rows:
            found[kind] = min(row["x"].value for row in rows)
    return found


def labels(store: ox.Store, iris) -> dict[str, dict[str, str]]:
    """The skos:prefLabel of each IRI by language (a description that types a concept names it)."""
    found: dict[str, dict[str, str]] = {}
    for iri in iris:
        rows = _values(store, f"SELECT ?label WHERE {{ GRAPH ?g {{ <{iri}> <{SKOS.prefLabel}> ?label }} }}")
        found[iri] = {row["label"].language: row["label"].value for row in rows if row["label"].language}
    return found


def sources(store: ox.Store) -> list[dict]:
    query = (f"SELECT DISTINCT ?d ?label WHERE {{ GRAPH ?g {{ ?d <{RDF.type}> <{HVA.SourceDocument}> }} "
             f"OPTIONAL {{ GRAPH ?h {{ ?d <{RDFS.label}> ?label }} }} }}")
    titles: dict[str, dict] = {}
    for row in _values(store, query):
        entry = titles.setdefault(row["d"].value, {})
        label = row["label"]
        if label is not None:
            entry[label.language] = label.value  # None for a label without a language, as rdflib's
    return [{"iri": iri, "title": titles[iri]} for iri in sorted(titles)]


STRATEGY_PERIODS = f"""SELECT (MIN(?start) AS ?from) (MAX(?end) AS ?until) WHERE {{
    GRAPH ?g {{ ?strategy <{RDF.type}> <{HVA.Strategy}> ; <http://purl.org/dc/terms/temporal> ?period }}
    GRAPH ?h {{ ?period <http://www.w3.org/ns/dcat#startDate> ?start ; <http://www.w3.org/ns/dcat#endDate> ?end }} }}"""


def period(store: ox.Store) -> dict | None:
    """The time the strategies cover: the first day of the earliest strategy period to the last of
    the latest (the dataset's temporal coverage); None when no strategy states its period."""
    (row,) = _values(store, STRATEGY_PERIODS)
    if row["from"] is None or row["until"] is None:
        return None
    return {"start": row["from"].value, "end": row["until"].value}


def dataset_facts(store: ox.Store, shapes: Graph, shapes_iri: URIRef) -> dict:
    """What the VoID description states of the named graphs in `store` (asked in SPARQL)."""
    titles: dict[str, dict] = {}
    for row in _values(store, TITLES):
        if row["label"].language:
            titles.setdefault(row["g"].value, {})[row["label"].language] = row["label"].value
    entities_of = {row["g"].value: int(row["n"].value) for row in _values(store, ENTITIES_PER_GRAPH)}
    graphs = {}
    for row in sorted(_values(store, PER_GRAPH), key=lambda r: r["g"].value):
        iri = row["g"].value
        name = iri.rsplit("/", 1)[-1]
        graphs[name] = _facts(name, iri, int(row["n"].value), entities_of.get(iri, 0), titles.get(iri, {}))
    (union,) = _values(store, UNION)
    (entities,) = _values(store, ENTITIES)
    terms = {row["term"].value for row in _values(store, TERMS)}
    return {
        "triples": int(union["triples"].value),
        "entities": int(entities["n"].value),
        "graphs": graphs,
        "shapes": graph_facts("shapes", shapes_iri, shapes),
        "vocabularies": sorted({namespace_of(term) for term in terms}),
        "examples": (found := examples(store)),
        "example_labels": labels(store, [iri for kind, iri in found.items() if kind == "theme"]),
        "sources": sources(store),
        "period": period(store),
    }

