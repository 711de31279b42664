"""The dumps' own Turtle and TriG writer (publish/turtle.py) on the shapes of data that are hard
to write: lists, blank nodes used once (nested), twice (labelled) or in a cycle, literals of every
kind. What it writes must read back, by two other parsers, as the very statements given."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset, Graph

from hva_graph.publish.canonical import canonical
from hva_graph.publish.turtle import trig, turtle

EX = "https://example.org/"
PREFIXES = {"ex": EX, "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def statements(graph=ox.DefaultGraph()) -> list[ox.Quad]:
    once, twice, cycle_a, cycle_b = ox.BlankNode("once"), ox.BlankNode("twice"), ox.BlankNode("a"), ox.BlankNode("b")
    first, second = ox.BlankNode("l1"), ox.BlankNode("l2")
    label = ox.NamedNode(PREFIXES["rdfs"] + "label")
    triples = [
        (n("thing"), ox.NamedNode(RDF + "type"), n("Kind")),
        (n("thing"), label, ox.Literal('quote " and\nnewline', language="fi")),
        (n("thing"), label, ox.Literal("plain")),
        (n("thing"), n("count"), ox.Literal("3", datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))),
        (n("thing"), n("odd"), ox.Literal("x", datatype=ox.NamedNode("urn:type:odd"))),
        (n("thing"), n("selector"), once),
        (once, n("exact"), ox.Literal("text")),
        (n("thing"), n("shared"), twice),
        (n("other/with/slashes"), n("shared"), twice),
        (twice, n("value"), ox.Literal("2")),
        (n("thing"), n("list"), first),
        (first, ox.NamedNode(RDF + "first"), ox.Literal("one")),
        (first, ox.NamedNode(RDF + "rest"), second),
        (second, ox.NamedNode(RDF + "first"), n("two")),
        (second, ox.NamedNode(RDF + "rest"), ox.NamedNode(RDF + "nil")),
        (cycle_a, n("next"), cycle_b),
        (cycle_b, n("next"), cycle_a),
        (n("a.b"), n("ends.with."), ox.Literal("not a plain local name")),
    ]
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]


def same(data: bytes, fmt: ox.RdfFormat, expected: list[ox.Quad]) -> bool:
    def canon(quads) -> set[str]:
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return set(map(str, dataset))

    return canon(ox.parse(data, format=fmt)) == canon(expected)


def test_turtle_reads_back_as_the_statements_written():
    quads = canonical(statements())
    body = turtle(quads, PREFIXES)
    assert same(body, ox.RdfFormat.TURTLE, quads)
    assert len(Graph().parse(data=body, format="turtle")) == len(quads)
    text = body.decode()
    assert "ex:selector [ ex:exact" in text  # used once: nested
    assert "( \"one\" ex:two )" in text  # a list as a collection
    assert "@prefix ex: <https://example.org/> ." in text and "@prefix xsd:" in text


def test_trig_reads_back_as_the_statements_written():
    quads = canonical(statements(n("g1")) + statements(n("g2")))
    body = trig(quads, PREFIXES)
    assert same(body, ox.RdfFormat.TRIG, quads)
    assert len(list(Dataset().parse(data=body, format="trig").quads((None, None, None, None)))) == len(quads)
