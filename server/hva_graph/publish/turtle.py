"""Turtle and TriG written straight from canonical statements (canonical.py), without rdflib.

rdflib's pretty writers first build a graph of Python objects and then walk it; at 500 counties
(half a million statements, one blank node per search-index entry) that took minutes and
gigabytes in the dumps (benchmarks/RESULTS.md). The statements come sorted already (graph,
subject, rdf:type first, predicate, object), so one pass writes them, as readable as rdflib's:

- the prefixes used are declared, and an IRI is written as a prefixed name when its local part
  is a plain name, else in full;
- each subject's statements form one block (`;` between predicates, `,` between objects), with
  the subjects in the statements' order;
- a blank node that is the object of exactly one statement (and, in TriG, occurs in one graph
  only) is written inside it, `[ … ]`, and a well-formed RDF list as `( … )`; every other
  blank node is its own block under its canonical label;
- TriG: one block per named graph, in order.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pyoxigraph as ox

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
TYPE, FIRST, REST, NIL = RDF + "type", RDF + "first", RDF + "rest", RDF + "nil"
_PLAIN = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
INDENT = "    "


def turtle(statements: list[ox.Quad], prefixes: dict[str, str]) -> bytes:
    """The statements (of the default graph, or any one graph) as Turtle."""
    names = _Names(prefixes)
    body = _graph(statements, names, "")
    return (names.header() + "\n" + body).encode("utf-8")


def trig(statements: list[ox.Quad], prefixes: dict[str, str]) -> bytes:
    """The statements as TriG, a block per named graph."""
    names = _Names(prefixes)
    # A blank node is one node in the whole document: one that occurs in two graphs keeps its label
    graphs_of: dict = {}
    for q in statements:
        for term in (q.subject, q.object):
            if isinstance(term, ox.BlankNode):
                graphs_of.setdefault(term, set()).add(q.graph_name)
    shared = {node for node, graphs in graphs_of.items() if len(graphs) > 1}
    blocks = []
    for graph, quads in itertools.groupby(statements, key=lambda q: q.graph_name):
        inner = _graph(list(quads), names, INDENT, shared)
        label = "" if isinstance(graph, ox.DefaultGraph) else names.term(graph) + " "
        blocks.append(f"{label}{{\n{inner}}}\n")
    return (names.header() + "\n" + "\n".join(blocks)).encode("utf-8")


class _Names:
    """IRIs as prefixed names where the declared prefixes allow; remembers which were used."""

    def __init__(self, prefixes: dict[str, str]):
        # the longest namespace first, so that a more specific prefix wins
        self.by_length = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.used: dict[str, str] = {}
        self._cache: dict[str, str] = {}

    def iri(self, value: str) -> str:
        found = self._cache.get(value)
        if found is None:
            found = self._cache[value] = self._name(value)
        return found

    def _name(self, value: str) -> str:
        for prefix, namespace in self.by_length:
            if value.startswith(namespace) and _PLAIN.fullmatch(value[len(namespace):]):
                self.used[prefix] = namespace
                return f"{prefix}:{value[len(namespace):]}"
        return str(ox.NamedNode(value))

    def term(self, term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal) and term.language is None and term.datatype.value != _STRING:
            lexical = str(ox.Literal(term.value))
            return f"{lexical}^^{self.iri(term.datatype.value)}"
        return str(term)

    def header(self) -> str:
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(self.used.items()))


_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _graph(statements: list[ox.Quad], names: _Names, indent: str, shared: set = frozenset()) -> str:
    """One graph's blocks; blank nodes in `shared` occur in other graphs too, so are never nested."""
    about: dict = {}
    for subject, quads in itertools.groupby(statements, key=lambda q: q.subject):
        about[subject] = [(q.predicate, q.object) for q in quads]
    references = Counter(q.object for q in statements if isinstance(q.object, ox.BlankNode))
    for node in shared & references.keys():
        references[node] += 1  # as if referenced again: written by its label
    writer = _Writer(about, references, names)
    blocks = []
    for subject in about:
        if isinstance(subject, ox.BlankNode) and references[subject] == 1:
            continue  # written where it is referenced
        blocks.append(writer.block(subject, indent))
    for subject in about:  # blank nodes only in cycles of single references: no place to nest them
        if subject not in writer.written:
            blocks.append(writer.block(subject, indent))
    return "\n".join(blocks)


class _Writer:
    def __init__(self, about: dict, references: Counter, names: _Names):
        self.about, self.references, self.names = about, references, names
        self.written: set = set()

    def block(self, subject, indent: str) -> str:
        self.written.add(subject)
        head = self.names.term(subject)
        return f"{indent}{head} {self._properties(subject, indent + INDENT)} .\n"

    def _properties(self, subject, indent: str) -> str:
        parts = []
        for predicate, pairs in itertools.groupby(self.about[subject], key=lambda pair: pair[0]):
            verb = "a" if predicate.value == TYPE else self.names.iri(predicate.value)
            objects = [self._object(obj, indent + INDENT) for _, obj in pairs]
            parts.append(f"{verb} " + (",\n" + indent + INDENT).join(objects))
        return (" ;\n" + indent).join(parts)

    def _object(self, obj, indent: str) -> str:
        if not self._nested(obj):
            return self.names.term(obj)
        self.written.add(obj)
        items = self._list(obj)
        if items is not None:
            return "( " + " ".join(self._object(item, indent) for item in items) + " )"
        return f"[ {self._properties(obj, indent)} ]"

    def _nested(self, obj) -> bool:
        return (isinstance(obj, ox.BlankNode) and self.references[obj] == 1 and obj in self.about
                and obj not in self.written)

    def _list(self, node) -> list | None:
        """The items of a well-formed list starting at `node`, each node of it referenced once
        and saying nothing but rdf:first and rdf:rest; else None."""
        items, seen = [], set()
        while not (isinstance(node, ox.NamedNode) and node.value == NIL):
            if node in seen or not isinstance(node, ox.BlankNode) or node not in self.about:
                return None
            if self.references[node] != 1:
                return None
            properties = self.about[node]
            if [p.value for p, _ in properties] != [FIRST, REST]:
                return None
            seen.add(node)
            items.append(properties[0][1])
            node = properties[1][1]
        self.written.update(seen)
        return items
