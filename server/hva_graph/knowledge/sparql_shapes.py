"""The SPARQL parts of the shapes, run in Oxigraph over the whole data; pyshacl keeps the rest.

rdflib's SPARQL evaluator, which pyshacl uses, is 40-250 times slower than Oxigraph on this
project's queries, and the SPARQL-based rules (no markup, no web debris, unique ordinals,
verbatim = quote, part of the same strategy) are the ones that look across graphs. So they
are read out of the shapes graph as they are written, and run here:

- a SPARQL target (sh:target [a sh:SPARQLTarget; sh:select …]) is evaluated once over the
  whole; its focus nodes are given to pyshacl as sh:targetNode where the shape has core
  constraints, and to the SPARQL constraints below;
- a SPARQL constraint (sh:sparql [sh:select …]) is evaluated for each focus node with $this
  pre-bound (SHACL 5.3.1; Oxigraph's substitutions), and each solution becomes a result as
  pyshacl makes it (focus, path, value and message templates, SHACL 5.3.2).

The shapes files stay as they are: the same shapes are the reference pyshacl runs whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from ..namespaces import SH
from .terms import to_oxigraph, to_rdflib

TARGETS = ("targetNode", "targetClass", "targetSubjectsOf", "targetObjectsOf")


@dataclass(frozen=True)
class Result:
    """One SPARQL-based result, as the terms pyshacl would put in its report."""
    severity: URIRef
    focus: object
    path: object
    shape: object
    message: str
    value: object


@dataclass
class SplitShapes:
    core: Graph
    """The shapes without SPARQL targets and constraints: what pyshacl checks per unit."""
    targeted: dict
    """Shape -> the focus nodes of its SPARQL targets (pyoxigraph terms), for shapes that also
    have core constraints: pyshacl gets them as sh:targetNode in the unit they belong to."""
    results: list[Result]
    """What the SPARQL constraints found over the whole."""


def split_shapes(shapes: Graph, store: ox.Store) -> SplitShapes:
    """Evaluate the SPARQL parts of `shapes` over `store` (the union of its graphs) and return
    the rest for pyshacl."""
    core = Graph()
    for triple in shapes:
        core.add(triple)
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace, override=True)
    targeted, results = {}, []
    for shape in sorted(set(shapes.subjects(SH.target, None)) | set(shapes.subjects(SH.sparql, None)), key=str):
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        sparql_targets = [t for t in shapes.objects(shape, SH.target) if shapes.value(t, SH.select) is not None]
        focus = _focus_nodes(shapes, shape, sparql_targets, store)
        constraints = list(shapes.objects(shape, SH.sparql))
        for constraint in constraints:
            if (constraint, SH.deactivated, Literal(True)) not in shapes:
                results += _evaluate(shapes, shape, constraint, focus, store)
        for node in sparql_targets + constraints:
            _remove_tree(core, shape, node)
        if sparql_targets and _has_core_constraints(core, shape):
            targeted[shape] = focus
    return SplitShapes(core, targeted, results)


def _focus_nodes(shapes: Graph, shape, sparql_targets, store: ox.Store) -> list:
    found: dict = {}
    for target in sparql_targets:
        query = _prefixed(shapes, target, str(shapes.value(target, SH.select)))
        for row in store.query(query, use_default_graph_as_union=True):
            found.setdefault(row["this"], None)
    for kind in TARGETS:
        for value in shapes.objects(shape, SH[kind]):
            for node in _declared_targets(kind, to_oxigraph(value), store):
                found.setdefault(node, None)
    return list(found)


def _declared_targets(kind: str, value, store: ox.Store):
    if kind == "targetNode":
        return [value]
    patterns = {
        "targetClass": "SELECT DISTINCT ?this ?v WHERE { ?this a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?v }",
        "targetSubjectsOf": "SELECT DISTINCT ?this ?v WHERE { ?this ?v ?any }",
        "targetObjectsOf": "SELECT DISTINCT ?this ?v WHERE { ?any ?v ?this }",
    }
    rows = store.query(patterns[kind], use_default_graph_as_union=True, substitutions={ox.Variable("v"): value})
    return [row["this"] for row in rows]


def _prefixed(shapes: Graph, node, query: str) -> str:
    """The query with the PREFIX declarations its sh:prefixes name (SHACL 5.2.1)."""
    lines = []
    for declarer in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(declarer, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join([*lines, query])


def _evaluate(shapes: Graph, shape, constraint, focus: list, store: ox.Store) -> list[Result]:
    query = _prefixed(shapes, constraint, str(shapes.value(constraint, SH.select)))
    property_shape = shapes.value(shape, SH.path) is not None
    severity = shapes.value(shape, SH.severity) or SH.Violation
    messages = list(shapes.objects(shape, SH.message)) + list(shapes.objects(constraint, SH.message))
    results = []
    for node in focus:
        seen = []
        solutions = _bound(store, query, node)
        names = [variable.value for variable in solutions.variables]
        for row in solutions:
            bound = {name: to_rdflib(row[name]) for name in names if row[name] is not None}
            this, path, value = bound.pop("this", None), bound.pop("path", None), bound.pop("value", None)
            key = (this, path, value, bound)
            if key in seen:  # pyshacl reports a repeated solution once
                continue
            seen.append(key)
            reported_value = value if value is not None else (None if property_shape else to_rdflib(node))
            filled = {**bound, **{k: v for k, v in (("this", this), ("path", path), ("value", value)) if v is not None}}
            message = _message(messages[0], filled) if messages else "(no message)"
            results.append(Result(severity, this or to_rdflib(node),
                                  path if path is not None else shapes.value(shape, SH.path),
                                  shape, message, reported_value))
    return results


def _bound(store: ox.Store, query: str, node):
    """The query's solutions with $this pre-bound to `node`. Oxigraph substitutes only a
    projected variable; otherwise the term replaces the variable in the text, which is how
    SHACL defines pre-binding."""
    try:
        return store.query(query, use_default_graph_as_union=True, substitutions={ox.Variable("this"): node})
    except RuntimeError:
        return store.query(re.sub(r"[$?]this\b", str(node).replace("\\", "\\\\"), query),
                           use_default_graph_as_union=True)


def _message(template: Literal, bound: dict) -> str:
    """pyshacl's message templates: {?name} or {$name} become the bound value (as str())."""
    message = str(template)
    for name, value in bound.items():
        message = re.sub("{{[?$]{}}}".format(name), str(value), message)
    return message


def _remove_tree(graph: Graph, shape, node) -> None:
    """Remove the link from `shape` to `node` and, when `node` is a blank node, its description."""
    graph.remove((shape, None, node))
    if isinstance(node, BNode):
        for _, predicate, obj in list(graph.triples((node, None, None))):
            graph.remove((node, predicate, obj))
            if isinstance(obj, BNode) and next(graph.subjects(None, obj), None) is None:
                _remove_tree(graph, node, obj)


def _has_core_constraints(core: Graph, shape) -> bool:
    ignored = {RDF.type, SH.message, SH.severity, SH.deactivated, SH.prefixes, SH.name, SH.description}
    return any(predicate not in ignored for predicate in core.predicates(shape, None))
