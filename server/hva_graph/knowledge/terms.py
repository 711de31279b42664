"""RDF terms between rdflib (pyshacl, owlrl, the pretty writers) and pyoxigraph (the store)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_oxigraph(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language, normalize=False)
    datatype = term.datatype.value
    # RDF 1.1: a simple literal is an xsd:string; rdflib writes it without the datatype.
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype), normalize=False)
