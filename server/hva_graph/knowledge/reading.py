"""The data files as Oxigraph reads them: one named graph per file in one in-memory store.

Oxigraph parses Turtle far faster than rdflib and keeps the statements in its own compact
form, so nothing of the data is held as Python objects. The data files' blank nodes become
IRIs named after what they belong to (skolem.py); the ontology's are relabelled after the file
and their order in it (`ontology.b12`), so the same bytes always give the same statements: the
per-unit cache keys (units.py) depend on it. A file Oxigraph cannot read is
read again by rdflib's parser (loading.parse_file), whose error names the file and the line as
the curator's report always has; the same file then fails the same way on either path.

While the files are read, each node's *home* is noted: the first graph that gives it a type,
else the first in which it is a subject. A node is validated in its home's unit.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import ONTOLOGY_GRAPH
from ..progress.phases import phase
from .loading import DataFileError, graph_iri_for, parse_file
from .skolem import skolemise

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass
class ReadData:
    """What reading the files gave: the store, and what is known about each file's graph."""
    store: ox.Store
    graphs: list[str] = field(default_factory=list)
    """Named graph IRIs, in the order of the files."""
    digests: dict[str, str] = field(default_factory=dict)
    """Graph IRI -> SHA-256 of its file's bytes."""
    sizes: dict[str, int] = field(default_factory=dict)
    """Graph IRI -> statements read from its file."""
    homes: dict = field(default_factory=dict)
    """Node (subject) -> the graph IRI it is validated with."""


def read_files(files, homes: bool = True) -> ReadData:
    """Every file into its named graph; DataFileError names a file that cannot be read, and
    two files for one graph are an error as in loading.load_graphs. `homes=False`: the nodes'
    homes are not needed (data already checked), so none are noted."""
    data = ReadData(ox.Store())
    typed: dict = {}
    referenced: dict = {}
    origin: dict[str, Path] = {}
    files = [Path(f) for f in files]
    with phase("reading", len(files), "files") as step:
        for path in files:
            iri = str(graph_iri_for(path))
            if iri in origin:
                raise DataFileError(path, f"graph {iri} is already loaded from {origin[iri]}")
            origin[iri] = path
            quads = _read(path, iri, data, typed, referenced, homes)
            data.store.bulk_extend(quads)
            data.sizes[iri] = len(quads)
            data.graphs.append(iri)
            step.advance()
    data.homes.update(typed)
    # A node that is only ever an object (a period that lost its dates, a mistyped theme) is
    # validated with the node that points to it.
    for node, subject in referenced.items():
        if node not in data.homes:
            data.homes[node] = data.homes[subject]
    return data


def _read(path: Path, iri: str, data: ReadData, typed: dict, referenced: dict, track: bool) -> list[ox.Quad]:
    try:
        raw = path.read_bytes()
        parsed = list(ox.parse(raw, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
    except (OSError, SyntaxError, ValueError) as error:
        parse_file(path)  # raises rdflib's DataFileError, naming the line, for what both refuse
        raise DataFileError(path, f"cannot parse: {error}") from None
    if iri != str(ONTOLOGY_GRAPH):
        parsed = skolemise(parsed)
    data.digests[iri] = hashlib.sha256(raw).hexdigest()
    graph = ox.NamedNode(iri)
    labels: dict[str, ox.BlankNode] = {}
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", path.stem)
    homes = data.homes

    def stable(term):
        if isinstance(term, ox.BlankNode):
            found = labels.get(term.value)
            if found is None:
                found = labels[term.value] = ox.BlankNode(f"{stem}.b{len(labels)}")
            return found
        return term

    quads = []
    for quad in parsed:
        subject, obj = stable(quad.subject), stable(quad.object)
        if not track:
            quads.append(ox.Quad(subject, quad.predicate, obj, graph))
            continue
        if subject not in homes:
            homes[subject] = iri
        if quad.predicate == RDF_TYPE and subject not in typed:
            typed[subject] = iri
        if not isinstance(obj, ox.Literal) and obj not in referenced:
            referenced[obj] = subject
        quads.append(ox.Quad(subject, quad.predicate, obj, graph))
    return quads
