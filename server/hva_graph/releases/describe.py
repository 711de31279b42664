"""A release in RDF (releases/<number>/release.ttl; all of them together are graph/releases):

    <…/release/2026.12.2> a dcat:Dataset , prov:Entity ;
        dcterms:isVersionOf <…/dataset> ; dcat:version "2026.12.2" ;
        dcterms:issued "2026-12-06"^^xsd:date ; prov:generatedAtTime "…"^^xsd:dateTime ;
        adms:versionNotes "…"@en ; dcat:previousVersion <…/release/2026.12.1> ;
        spdx:checksum <…/release/2026.12.2/digest> ; prov:wasGeneratedBy <…/activity> ;
        hva:change <…/release/2026.12.2/change/id/strategy/…/value/1> , … .
    <…/dataset> dcat:hasVersion <…/release/2026.12.2> .

DCAT 3's versioning (dcat:version, dcat:previousVersion, dcat:hasVersion, dcterms:issued,
adms:versionNotes), PROV for how it was made, and one hva:StatementChange per changed statement
(the ontology's last section), so a SPARQL query answers what changed between releases.
Written once, in the dumps' canonical Turtle, and never again.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Namespace

from ..namespaces import BASE, DATASET, HVA, ID, PREFIXES, RELEASE
from ..publish.canonical import canonical, serialise
from .changes import Change

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = "http://www.w3.org/2001/XMLSchema#"
CURATORS = str(ID["agent/curators"])


def change_iri(number: str, statement: str) -> str:
    """{release}/change/{the statement's IRI after the base}: one per statement and release."""
    local = statement[len(BASE):] if statement.startswith(BASE) else statement.replace("://", "/")
    return f"{RELEASE[number]}/change/{local}"


def release_quads(release, changes: list[Change]) -> list[ox.Quad]:
    """`release`: a knowledge.released.Release."""
    triples: list[tuple] = []
    node = release.iri

    def add(subject: str, predicate: str, value) -> None:
        triples.append((ox.NamedNode(subject), ox.NamedNode(predicate),
                        value if isinstance(value, (ox.Literal, ox.NamedNode)) else ox.NamedNode(value)))

    def literal(text: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
        if language:
            return ox.Literal(text, language=language)
        return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(text)

    add(node, RDF_TYPE, DCAT.Dataset)
    add(node, RDF_TYPE, PROV.Entity)
    add(node, DCTERMS.title, literal(f"hva-graph {release.number}", language="en"))
    add(node, DCTERMS.isVersionOf, DATASET)
    add(DATASET, DCAT.hasVersion, node)
    add(node, DCAT.version, literal(release.number))
    add(node, DCTERMS.issued, literal(release.date, "date"))
    add(node, PROV.generatedAtTime, literal(release.released, "dateTime"))
    add(node, DCTERMS.publisher, CURATORS)
    if release.note:
        add(node, ADMS.versionNotes, literal(release.note, language=release.note_lang))
    if release.predecessor:
        add(node, DCAT.previousVersion, str(RELEASE[release.predecessor]))
        add(node, PROV.wasRevisionOf, str(RELEASE[release.predecessor]))
    digest = f"{node}/digest"
    add(node, SPDX.checksum, digest)
    add(digest, RDF_TYPE, SPDX.Checksum)
    add(digest, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
    add(digest, SPDX.checksumValue, literal(release.digest, "hexBinary"))
    add(digest, RDFS.comment, literal("SHA-256 of the release's RDFC-1.0 canonical N-Quads: its data version.",
                                      language="en"))
    activity = f"{node}/activity"
    add(node, PROV.wasGeneratedBy, activity)
    add(activity, RDF_TYPE, PROV.Activity)
    add(activity, PROV.endedAtTime, literal(release.released, "dateTime"))
    add(activity, PROV.wasAssociatedWith, CURATORS)
    if release.predecessor:
        add(activity, PROV.used, str(RELEASE[release.predecessor]))
    for change in changes:
        _change(add, literal, release.number, node, change)
    return [ox.Quad(*triple) for triple in triples]


def _change(add, literal, number: str, release: str, change: Change) -> None:
    node = change_iri(number, change.statement)
    add(release, str(HVA.change), node)
    add(node, RDF_TYPE, change.kind)
    add(node, str(HVA.changedStatement), change.statement)
    if change.strategy:
        add(node, str(HVA.changeInStrategy), change.strategy)
    if change.statement_class:
        add(node, str(HVA.statementClass), change.statement_class)
    for language, label in sorted(change.labels.items()):
        add(node, str(HVA.statementLabel), literal(label, language=language))
    for predicate in change.properties:
        add(node, str(HVA.changedProperty), predicate)
    if change.new_source:
        add(node, str(HVA.inNewSource), literal("true", "boolean"))


PREFIXES_WRITTEN = {**PREFIXES, "adms": str(ADMS), "spdx": str(SPDX), "release": str(RELEASE)}


def release_turtle(release, changes: list[Change]) -> bytes:
    return serialise(canonical(release_quads(release, changes)), "turtle", PREFIXES_WRITTEN)
