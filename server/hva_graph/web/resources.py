"""What a resource page shows, and the RDF description a resource IRI answers with.

Each value on a page says where it comes from: the source (its graph), the curators
(graph/annotations, and the curated vocabularies), or the reasoner (graph/inferred).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..namespaces import ANNOTATIONS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
from ..publish.served import GRAPH_CONTENT
from ..store.results import Outcome, QueryJob

CURATED_GRAPHS = {str(ANNOTATIONS_GRAPH), str(ONTOLOGY_GRAPH)} | {
    str(ANNOTATIONS_GRAPH).replace("annotations", name) for name in ("organisations", "themes", "stakeholder-groups")}

# A resource's own description leaves out its search-index entries (graph/search, derived):
# they are the index's, published whole at /graph/search and in the dumps. What a resource owns
# is described with it: its blank nodes (the ontology's) and a passage's selectors (IRIs named
# after the passage: knowledge/skolem.py).
DESCRIBE = """
CONSTRUCT { ?iri ?p ?o . ?o ?q ?v . ?v ?r ?w }
WHERE {
  { ?iri ?p ?o FILTER (?p != <https://w3id.org/hva-graph/ontology#indexEntry>) }
  UNION { ?iri ?p ?o . FILTER ((isBlank(?o) || ?p = <http://www.w3.org/ns/oa#hasSelector>)
                               && ?p != <https://w3id.org/hva-graph/ontology#indexEntry>) ?o ?q ?v }
  UNION { ?iri <https://w3id.org/hva-graph/ontology#passage> ?o . ?o ?q ?v .
          OPTIONAL { ?v ?r ?w . FILTER (isBlank(?v) || ?q = <http://www.w3.org/ns/oa#hasSelector>) } }
}"""

STATEMENTS = """SELECT ?iri ?g ?p ?o WHERE { GRAPH ?g { ?iri ?p ?o }
                FILTER (?p != <https://w3id.org/hva-graph/ontology#indexEntry>) } ORDER BY ?p ?o"""
INCOMING = """SELECT DISTINCT ?iri ?inferred ?s ?p WHERE { GRAPH ?g { ?s ?p ?iri }
                FILTER (?g != ?inferred && ?g != <https://w3id.org/hva-graph/graph/releases>) }
              ORDER BY ?p ?s LIMIT 300"""
BLANKS = """SELECT ?iri ?b ?p ?o WHERE { ?iri ?x ?b .
            FILTER ((isBlank(?b) || ?x = <http://www.w3.org/ns/oa#hasSelector>)
                    && ?x != <https://w3id.org/hva-graph/ontology#indexEntry>) ?b ?p ?o }"""
PASSAGE = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX hva: <https://w3id.org/hva-graph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?iri ?document ?file ?sha ?start ?end ?exact WHERE {
  ?iri hva:passage ?passage .
  ?passage oa:hasSource ?document ;
           oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] ,
                          [ a oa:TextQuoteSelector ; oa:exact ?exact ] .
  ?document dcterms:identifier ?file ; hva:sha256 ?sha .
}"""
CONTEXT_OF_STATEMENT = """
PREFIX hva: <https://w3id.org/hva-graph/ontology#>
SELECT ?iri ?strategy ?organiser WHERE { ?iri hva:inStrategy ?strategy . ?strategy hva:organiser ?organiser }"""
DOCUMENT = """
PREFIX hva: <https://w3id.org/hva-graph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?iri ?file ?sha WHERE { ?iri a hva:SourceDocument ; dcterms:identifier ?file ; hva:sha256 ?sha }"""

CITED = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?iri ?statement ?start ?end WHERE {
  ?passage oa:hasSource ?iri ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] .
  ?statement ?cites ?passage .
  FILTER (?cites IN (<https://w3id.org/hva-graph/ontology#passage>, <https://w3id.org/hva-graph/ontology#statusPassage>))
} ORDER BY ?start ?end ?statement"""

CONTEXT = 300
"""Characters of source text shown on each side of a passage."""


@dataclass
class Value:
    term: dict
    origin: str
    """"source", "curated" or "inferred"."""


@dataclass
class Page:
    properties: dict[str, list[Value]] = field(default_factory=dict)
    incoming: list[tuple[str, str]] = field(default_factory=list)
    blanks: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)
    passage: dict | None = None
    document_text: str | None = None
    cited: list[tuple[int, int, str]] = field(default_factory=list)
    """(start, end, statement) of every passage of this document that the data cites."""
    graph_size: int | None = None
    terms: dict[str, list[dict]] = field(default_factory=dict)
    strategy: str | None = None
    organiser: str | None = None


def iris_on(page: Page, iri: str) -> set[str]:
    """Every IRI the page names (to look up their labels at once)."""
    found = {iri, *page.properties, *(s for s, _ in page.incoming), *(p for _, p in page.incoming)}
    found.update(v.term["value"] for values in page.properties.values() for v in values if v.term.get("type") == "uri")
    for pairs in page.blanks.values():
        found.update(p for p, _ in pairs)
        found.update(o["value"] for _, o in pairs if o.get("type") == "uri")
    found.update(x for x in (page.strategy, page.organiser) if x)
    for terms in page.terms.values():
        for term in terms:
            found.update(term.get(k) for k in ("term", "kind") if term.get(k))
            for listed in ("supers", "domains", "ranges"):
                found.update(term.get(listed, "").split())
            if term.get("inverseOf"):
                found.add(term["inverseOf"])
    return found


REPLACEMENTS = ("SELECT ?iri ?successor WHERE { ?iri <http://purl.org/dc/terms/isReplacedBy> ?successor } "
                "ORDER BY ?iri ?successor")
_replacements: dict[str, dict[str, list[str]]] = {}
"""Per data version: what the curators recorded as replacing each resource (read once a version)."""


def successors(service, iri: str) -> list[str]:
    """What the curators recorded as replacing the resource (dcterms:isReplacedBy), in the data:
    its IRI answers 301 (or 300) on every road, the lean one included."""
    known = _replacements.get(service.version)
    if known is None:
        outcome = service.runner.run(QueryJob(REPLACEMENTS, {"tabular": "json"}, result_limit=100_000))
        if outcome.status != 200:
            return []  # asked again next time
        known = {}
        for row in outcome.bindings():
            known.setdefault(row["iri"]["value"], []).append(row["successor"]["value"])
        _replacements.clear()  # one data version is served at a time
        _replacements[service.version] = known
    return known.get(iri, [])


def describe_resource(service, iri: str, kind: str, key: str) -> Outcome:
    query = GRAPH_CONTENT if kind == "graph" else DESCRIBE
    if kind == "ontology":
        query = GRAPH_CONTENT
        iri = str(ONTOLOGY_GRAPH)
    return service.runner.run(QueryJob(query, {"graph": key}, result_limit=service.settings.result_limit,
                                byte_limit=service.settings.max_answer_bytes, substitutions={"iri": ("iri", iri)}))


def page(service, iri: str, kind: str, lang: str) -> Page | None:
    result = _gather(service, iri, kind)
    if result is not None:
        _put_in_order(result)
    return result


def _gather(service, iri: str, kind: str) -> Page | None:
    bound = {"iri": ("iri", iri)}
    result = Page()
    for row in _select(service, STATEMENTS, bound):
        origin = _origin(row["g"]["value"])
        result.properties.setdefault(row["p"]["value"], []).append(Value(row["o"], origin))
    if kind == "graph":
        result.graph_size = service.graph_sizes.get(iri)
        if result.graph_size is None and not result.properties:
            return None
        return result
    if kind == "ontology":
        result.terms = _ontology_terms(service)
        return result
    if not result.properties:
        return None
    result.incoming = [(row["s"]["value"], row["p"]["value"])
                       for row in _select(service, INCOMING, {**bound, "inferred": ("iri", str(INFERRED_GRAPH))})]
    for row in _select(service, BLANKS, bound):
        result.blanks.setdefault(row["b"]["value"], []).append((row["p"]["value"], row["o"]))
    for row in _select(service, CONTEXT_OF_STATEMENT, bound):
        result.strategy, result.organiser = row["strategy"]["value"], row["organiser"]["value"]
    passages = _select(service, PASSAGE, bound)
    if passages:
        row = passages[0]
        result.passage = {name: cell["value"] for name, cell in row.items()}
        text = _source_text(service, row["file"]["value"], row["sha"]["value"])
        if text is not None:
            start, end = int(result.passage["start"]), int(result.passage["end"])
            result.passage["before"] = text[max(0, start - CONTEXT):start]
            result.passage["quote"] = text[start:end]
            result.passage["after"] = text[end:end + CONTEXT]
    documents = _select(service, DOCUMENT, bound)
    if documents:
        result.document_text = _source_text(service, documents[0]["file"]["value"], documents[0]["sha"]["value"])
        result.cited = [(int(row["start"]["value"]), int(row["end"]["value"]), row["statement"]["value"])
                        for row in _select(service, CITED, bound)]
    return result


def _put_in_order(result: Page) -> None:
    """Values in one order whichever engine answered: SPARQL leaves the order of literals in
    different languages to the engine (Oxigraph and Virtuoso differ), and blank node labels differ
    between engines, so a blank node is placed by what it holds."""
    for nested in result.blanks.values():
        nested.sort(key=lambda pair: (pair[0], _term_key(pair[1])))

    def key(value: Value) -> tuple:
        if value.term["type"] == "bnode":
            return (0, repr([(p, _term_key(o)) for p, o in result.blanks.get(value.term["value"], [])]))
        return (1, _term_key(value.term))

    for values in result.properties.values():
        values.sort(key=key)


def _term_key(term: dict) -> tuple:
    return (term["type"] == "literal", term["value"], term.get("xml:lang", ""), term.get("datatype", ""))


ONTOLOGY_TERMS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?ontology ?term ?kind ?labelFi ?labelEn ?commentFi ?commentEn
       (GROUP_CONCAT(DISTINCT STR(?super); SEPARATOR=" ") AS ?supers)
       (GROUP_CONCAT(DISTINCT STR(?domain); SEPARATOR=" ") AS ?domains)
       (GROUP_CONCAT(DISTINCT STR(?range); SEPARATOR=" ") AS ?ranges)
       (SAMPLE(?inverse) AS ?inverseOf) WHERE {
  GRAPH ?ontology {
    ?term a ?kind ; rdfs:label ?labelFi , ?labelEn ; rdfs:comment ?commentFi , ?commentEn .
    FILTER (?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, owl:NamedIndividual))
    FILTER (LANG(?labelFi) = "fi" && LANG(?labelEn) = "en" && LANG(?commentFi) = "fi" && LANG(?commentEn) = "en")
    OPTIONAL { ?term rdfs:subClassOf|rdfs:subPropertyOf|a ?super . FILTER (isIRI(?super) && ?super != ?kind) }
    OPTIONAL { ?term rdfs:domain ?domain }
    OPTIONAL { ?term rdfs:range ?range }
    OPTIONAL { ?term owl:inverseOf ?inverse }
  }
} GROUP BY ?ontology ?term ?kind ?labelFi ?labelEn ?commentFi ?commentEn ORDER BY ?kind ?term"""

KIND_NAMES = {"Class": "classes", "ObjectProperty": "object_properties",
              "DatatypeProperty": "datatype_properties", "NamedIndividual": "individuals"}


def _ontology_terms(service) -> dict[str, list[dict]]:
    terms: dict[str, list[dict]] = {name: [] for name in KIND_NAMES.values()}
    rows = _select(service, ONTOLOGY_TERMS, {"ontology": ("iri", str(ONTOLOGY_GRAPH))})
    for row in rows:
        kind = KIND_NAMES[row["kind"]["value"].rsplit("#", 1)[1]]
        term = {name: cell["value"] for name, cell in row.items()}
        for listed in ("supers", "domains", "ranges"):  # GROUP_CONCAT's order is the engine's: sort
            term[listed] = " ".join(sorted(term.get(listed, "").split()))
        terms[kind].append(term)
    return terms


def _origin(graph: str) -> str:
    if graph == str(INFERRED_GRAPH):
        return "inferred"
    if graph in CURATED_GRAPHS:
        return "curated"
    return "source"


def _select(service, query: str, substitutions: dict) -> list[dict]:
    return service.runner.run(QueryJob(query, {"tabular": "json"}, result_limit=10_000, substitutions=substitutions)).bindings()


def _source_text(service, file_name: str, sha256: str) -> str | None:
    """The source document's text, if this server has it and it is the very file the data cites."""
    path = service.settings.seeds / file_name
    if "/" in file_name or not path.is_file():
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256.lower():
        return None
    return data.decode("utf-8")
