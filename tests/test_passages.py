"""Every statement, and every status, traces to its exact passage in sources/."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest
from helpers import rows

PASSAGES = """
SELECT ?passage ?file ?exact ?start ?end WHERE {
    ?passage a hva:Passage ; oa:hasSource/dcterms:identifier ?file ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?exact ] ,
                       [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] .
}"""


def test_every_selector_points_at_its_quote(store, seeds):
    found = rows(store, PASSAGES)
    cited = rows(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s hva:passage|hva:statusPassage ?p }")
    statements = rows(store, "SELECT (COUNT(*) AS ?n) WHERE { { ?s a hva:StrategyElement } UNION { ?s a hva:Strategy } }")
    assert len(found) == cited[0][0] >= statements[0][0] > 200, "every passage is cited, every statement has one"
    texts = {path.name: path.read_text(encoding="utf-8") for path in seeds.glob("*.txt")}
    wrong = [
        (str(passage), file, start, end, exact, texts[file][start:end])
        for passage, file, exact, start, end in found
        if texts[file][start:end] != exact
    ]
    assert wrong == []


def test_every_passage_has_exactly_one_quote_and_one_position(store):
    counts = rows(store, """
        SELECT ?passage (COUNT(DISTINCT ?q) AS ?quotes) (COUNT(DISTINCT ?p) AS ?positions) WHERE {
            ?passage a hva:Passage .
            OPTIONAL { ?passage oa:hasSelector ?q . ?q a oa:TextQuoteSelector }
            OPTIONAL { ?passage oa:hasSelector ?p . ?p a oa:TextPositionSelector }
        } GROUP BY ?passage""")
    assert counts and all(q == 1 and p == 1 for _, q, p in counts)


def test_every_statement_has_a_passage_and_its_verbatim_is_the_quote(store):
    statements = rows(store, """
        SELECT ?s ?verbatim ?exact WHERE {
            ?s a hva:StrategyElement .
            OPTIONAL { ?s hva:verbatim ?verbatim }
            OPTIONAL { ?s hva:passage/oa:hasSelector/oa:exact ?exact }
        }""")
    assert len(statements) > 200
    assert [s for s, verbatim, exact in statements if verbatim is None or verbatim != exact] == []


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_each_source_file_is_described_with_its_checksum(store, seeds, number):
    (path,) = seeds.glob(f"{number}_*.txt")
    found = rows(store, """
        SELECT ?sha ?strategy ?file WHERE {
            ?doc a hva:SourceDocument ; dcterms:identifier ?file ; hva:sha256 ?sha ; hva:describes ?strategy .
        }""", file=ox.Literal(path.name))
    assert len(found) == 1, f"{path.name} is not described exactly once"
    sha, _, _ = found[0]
    assert str(sha).lower() == hashlib.sha256(path.read_bytes()).hexdigest()


def test_passages_lie_in_the_source_of_their_own_strategy(store):
    stray = rows(store, """
        SELECT ?s WHERE {
            ?s hva:inStrategy ?strategy ; hva:passage/oa:hasSource ?doc .
            FILTER NOT EXISTS { ?strategy hva:describedIn ?doc }
        }""")
    assert stray == []


def test_status_passages_lie_in_the_document_whose_status_they_show(store):
    stray = rows(store, """
        SELECT ?s WHERE {
            ?s hva:statusPassage/oa:hasSource ?doc .
            FILTER NOT EXISTS { ?s hva:describedIn ?doc }
            FILTER (?s != ?doc)
        }""")
    assert stray == []
