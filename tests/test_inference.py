"""OWL RL inference: its triples live in graph/inferred, apart from what the sources say."""

from __future__ import annotations

from helpers import STRATEGY, column, rows

INFERRED = "https://w3id.org/hva-graph/graph/inferred"


def test_ontology_and_data_are_consistent(knowledge):
    assert knowledge.inconsistencies == []


def test_no_inferred_triple_repeats_an_asserted_one(knowledge):
    from rdflib import URIRef
    inferred = knowledge.graphs[URIRef(INFERRED)]
    asserted = knowledge.union(include_inferred=False)
    assert len(inferred) > 500
    assert [t for t in inferred if t in asserted] == []


def test_statement_types_are_inferred_from_the_class_hierarchy(store):
    asserted = column(store, """
        SELECT (COUNT(?s) AS ?n) WHERE {
            GRAPH ?g { ?s a hva:StrategyElement } FILTER (?g != <%s>) }""" % INFERRED)
    inferred = column(store, """
        SELECT (COUNT(?s) AS ?n) WHERE { GRAPH <%s> { ?s a hva:StrategyElement } }""" % INFERRED)
    assert asserted == [0]
    assert inferred[0] > 200


def test_a_survey_is_inferred_to_be_a_consultation(store):
    survey = STRATEGY + "pohjois-karjala-2023-2026/consultation/1"
    types = column(store, "SELECT ?t ?s WHERE { GRAPH <%s> { ?s a ?t } }" % INFERRED, s=survey)
    assert {"https://w3id.org/hva-graph/ontology#Consultation",
            "https://w3id.org/hva-graph/ontology#StrategyElement",
            "http://www.w3.org/ns/prov#Activity"} <= set(types)


def test_inverse_properties_are_inferred(store):
    elements = column(store, """
        SELECT ?e ?strategy WHERE { GRAPH <%s> { ?strategy hva:hasElement ?e } }""" % INFERRED,
        strategy=STRATEGY + "unidentified-002-2023-2025")
    assert len(elements) == 26  # 3 explanations, 4 priorities, 12 principles, 2 follow-ups, 3 documents, 2 tiers
    strategies = column(store, """
        SELECT ?s ?org WHERE { GRAPH <%s> { ?org hva:hasStrategy ?s } }""" % INFERRED,
        org="https://w3id.org/hva-graph/id/organisation/etela-karjala")
    assert strategies == [STRATEGY + "etela-karjala-2023-2025"]


def test_the_inferred_graph_holds_no_reasoner_bookkeeping(store):
    junk = rows(store, """
        SELECT ?s ?p ?o WHERE { GRAPH <%s> {
            ?s ?p ?o .
            FILTER (?p = owl:sameAs || ?o = owl:Thing || isLiteral(?s) || isBlank(?s))
        } }""" % INFERRED)
    assert junk == []
