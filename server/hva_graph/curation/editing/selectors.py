"""A statement's passage: where its text lies in the source file, as Web Annotation selectors.

Offsets are code points into the source text as read (UTF-8, no newline translation), end
exclusive, so that text[start:end] is the quote (data/README.md). A selection is trimmed of the
whitespace at its ends, never of anything else: the quote is the source's own text.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ...namespaces import HVA, OA


class EditError(ValueError):
    """A change that cannot be made as asked: the message says why, for the curator."""


def span_of(graph: Graph, statement, link=HVA.passage) -> tuple[int, int] | None:
    """(start, end) of the statement's passage (or the one `link` names, hva:statusPassage), or
    None when it has no position selector."""
    passage = graph.value(statement, link)
    for selector in graph.objects(passage, OA.hasSelector) if passage is not None else ():
        start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
        if start is not None and end is not None:
            return int(start), int(end)
    return None


def source_position(graph: Graph, statement) -> tuple:
    """A sort key: where the statement's passage starts (the longer first), passage-less last."""
    span = span_of(graph, statement)
    return (0, span[0], -span[1]) if span else (1, 0, 0)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection without the whitespace at its ends; EditError when nothing is left or it
    does not lie in the text."""
    if not (0 <= start < end <= len(text)):
        raise EditError(f"the selection {start}–{end} does not lie in the source text (0–{len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise EditError("the selection holds only whitespace")
    return start, end


def set_passage(graph: Graph, statement: URIRef, text: str, start: int, end: int, source=None) -> None:
    """Point the statement at text[start:end]: its passage's quote and position, and its
    verbatim text, which is always the quote."""
    passage = graph.value(statement, HVA.passage)
    if passage is None:
        passage = URIRef(f"{statement}/passage")
        graph.add((statement, HVA.passage, passage))
    quote(graph, passage, text, start, end, source)
    graph.set((statement, HVA.verbatim, Literal(text[start:end], lang="fi")))


def quote(graph: Graph, passage: URIRef, text: str, start: int, end: int, source=None) -> None:
    """The passage quotes text[start:end] (its source kept unless another is given)."""
    source = source or graph.value(passage, OA.hasSource)
    for selector in list(graph.objects(passage, OA.hasSelector)):
        graph.remove((passage, OA.hasSelector, selector))
        graph.remove((selector, None, None))
    graph.remove((passage, None, None))
    exact, position = BNode(), BNode()
    graph.add((passage, RDF.type, HVA.Passage))
    if source is not None:
        graph.add((passage, OA.hasSource, source))
    graph.add((passage, OA.hasSelector, exact))
    graph.add((passage, OA.hasSelector, position))
    graph.add((exact, RDF.type, OA.TextQuoteSelector))
    graph.add((exact, OA.exact, Literal(text[start:end])))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(start, datatype=XSD.integer)))
    graph.add((position, OA.end, Literal(end, datatype=XSD.integer)))


def clean_label(text: str) -> str:
    """A label from a quote: one line, single spaces (data/README.md: line breaks as spaces),
    no soft hyphens (kept in the source file, where the offsets need them)."""
    return " ".join(text.replace("\u00ad", "").split())
