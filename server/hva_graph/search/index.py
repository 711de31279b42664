"""The search index as data: graph/search, derived from the statements' texts.

Every statement's verbatim text and its Finnish and English labels are analysed
(search.analyser: Voikko lemmas and compound parts, Snowball stems for English and for
words Voikko does not know). Each term a statement can be found by becomes an index entry:

    <statement> hva:indexEntry <statement/index/fi/lapsi> .
    <statement/index/fi/lapsi> hva:indexTerm "lapsi"@fi ; hva:matchedForm "lapsen" .

so the search is a SPARQL pattern that works on every store and in every dump, and a user
can combine it with any other pattern. An entry's IRI is its statement's, its language and its
term (percent-encoded where a term holds what an IRI cannot), so the same index always has the
same statements and a release's diff shows only entries that came or went. The entry's forms are the words as written, which a
page highlights in the text. The graph is derived, like graph/inferred: computed when the
knowledge is loaded, cached per data version and analyser version.
"""

from __future__ import annotations

import urllib.parse

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ..namespaces import HVA
from ..progress.phases import phase
from . import analyser

SEARCH_FORMAT = 2
"""The version of what index_graph() writes: part of the graph's cache key (with the
analyser's version), so a change here must raise it or a stale index would be reused."""

TEXTS = (HVA.verbatim, RDFS.label)


def analyser_key() -> str | None:
    """What the index depends on besides the data; None when the analyser is not installed
    (then there is no index, and the search says why)."""
    try:
        return f"s{SEARCH_FORMAT}-{analyser.analyser_version()}"
    except analyser.AnalyserUnavailable:
        return None


def index_graph(data: Graph) -> Graph:
    """The index entries of every statement (a subject with verbatim text) in `data`."""
    index = Graph()
    statements = sorted(set(data.subjects(HVA.verbatim, None)))
    with phase("indexing", len(statements), "statements") as step:
        for statement in statements:
            _add_entries(index, statement, data)
            step.advance()
    return index


def _add_entries(index: Graph, statement, data: Graph) -> None:
    forms: dict[tuple[str, str], set[str]] = {}
    for text, lang in _texts(data, statement):
        for token in analyser.analyse(text, lang):
            for term in token.terms:
                forms.setdefault((term, lang), set()).add(token.text)
    for (term, lang), written in sorted(forms.items()):
        entry = entry_iri(statement, term, lang)
        index.add((statement, HVA.indexEntry, entry))
        index.add((entry, HVA.indexTerm, Literal(term, lang=lang)))
        for form in sorted(written):
            index.add((entry, HVA.matchedForm, Literal(form)))


def entry_iri(statement: URIRef, term: str, lang: str) -> URIRef:
    """The index entry of `term` (in language `lang`) of `statement`: {statement}/index/{lang}/{term}."""
    return URIRef(f"{statement}/index/{lang}/{urllib.parse.quote(term, safe='')}")


def _texts(data: Graph, statement):
    """(text, language) of the statement's verbatim texts (Finnish) and fi/en labels."""
    for value in data.objects(statement, HVA.verbatim):
        yield str(value), value.language or "fi"
    for value in data.objects(statement, RDFS.label):
        if isinstance(value, Literal) and value.language in ("fi", "en"):
            yield str(value), value.language
