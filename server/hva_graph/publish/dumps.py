"""What a dump file is (graph, format, gzip or not) and how its bytes are made.

The served files (dump_folder) and `hva-graph dump` make their bytes the same way, so
for one data version they are the same bytes. Every file is written atomically.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from ..knowledge.model import Knowledge
from ..namespaces import GRAPH, PREFIXES, RELEASES_GRAPH
from ..sparql.formats import GRAPH_FORMATS
from ..store.embedded import build_store
from .canonical import TRIPLE_FORMATS, canonical, quads, serialise, store_quads

DUMP_FORMAT = 2
"""2: Turtle and TriG written by turtle.py instead of rdflib's pretty writers; gzip level 6.

The version of what this package writes into a dump folder (the files' canonical form and
writers, the manifest and its facts): part of the folder's build key, with the RDF libraries'
versions and the shapes, so a change to the writers must raise it or stale files would be served."""

FORMATS = ("turtle", "ntriples", "trig", "nquads", "jsonld")
GRAPH_FILE_FORMATS = ("turtle", "ntriples")
"""Each named graph alone is a set of triples: Turtle to read, N-Triples to stream."""
WHOLE = "all"
SHAPES = "shapes"
SHAPES_GRAPH = GRAPH[SHAPES]
WRITE_PREFIXES = {**PREFIXES, "sh": "http://www.w3.org/ns/shacl#", "hvash": "https://w3id.org/hva-graph/shapes#"}
MANIFEST = "manifest.json"


class UnknownGraph(ValueError):
    pass


@dataclass(frozen=True)
class DumpSpec:
    graph: str
    """"all" (every named graph), a named graph's name (e.g. source-000), or "shapes"."""
    format: str
    gzip: bool = False

    @property
    def name(self) -> str:
        return f"hva-graph-{self.graph}.{GRAPH_FORMATS[self.format].extension}" + (".gz" if self.gzip else "")

    @property
    def plain(self) -> "DumpSpec":
        return DumpSpec(self.graph, self.format)


def store_of(data) -> ox.Store:
    """The statements to dump (and to describe) as an Oxigraph store: the checked data's own
    store, or one made from rdflib graphs (knowledge read back from a disk or remote store);
    without graph/releases, which is no part of a data version's files or facts."""
    if isinstance(data, Knowledge):
        return build_store({iri: graph for iri, graph in data.graphs.items() if str(iri) != str(RELEASES_GRAPH)})
    if str(RELEASES_GRAPH) not in data.sizes:
        return data.store
    store = ox.Store()
    store.bulk_extend(q for q in data.store if q.graph_name.value != str(RELEASES_GRAPH))
    return store


def graph_iris(data) -> list[str]:
    """The data's named graphs; graph/releases, served beside the data, is no part of a version's
    dumps (it grows with every release of the same data; releases publish their own files)."""
    return sorted(str(iri) for iri in (data.graphs if isinstance(data, Knowledge) else data.sizes)
                  if str(iri) != str(RELEASES_GRAPH))


def graph_names(data) -> list[str]:
    return [iri.rsplit("/", 1)[-1] for iri in graph_iris(data)] + [SHAPES]


def published_specs(names: list[str]) -> list[DumpSpec]:
    plain = [DumpSpec(WHOLE, key) for key in FORMATS]
    plain += [DumpSpec(name, key) for name in names for key in GRAPH_FILE_FORMATS]
    return [spec for p in plain for spec in (p, DumpSpec(p.graph, p.format, gzip=True))]


def selected_quads(data, store: ox.Store, shapes: Graph, graph: str, merge: bool) -> list[ox.Quad]:
    """The statements of one file: every named graph (WHOLE), one, or the shapes."""
    if graph == SHAPES:
        return quads({SHAPES_GRAPH: shapes}, merge)
    iris = graph_iris(data)
    if graph == WHOLE:
        return store_quads(store, iris, merge)
    if str(GRAPH[graph]) in iris:
        return store_quads(store, [str(GRAPH[graph])], merge)
    raise UnknownGraph(f"no graph named {graph!r}; choose one of: {', '.join([WHOLE, *graph_names(data)])}")


def render(data, shapes: Graph, spec: DumpSpec) -> tuple[bytes, int]:
    """The file's bytes and the number of statements in it (triples, or quads). `data`: checked
    data (knowledge.pipeline.Checked) or knowledge as rdflib graphs."""
    statements = canonical(selected_quads(data, store_of(data), shapes, spec.graph,
                                          merge=spec.format in TRIPLE_FORMATS))
    return encode(serialise(statements, spec.format, WRITE_PREFIXES), spec), len(statements)


def encode(body: bytes, spec: DumpSpec) -> bytes:
    # mtime=0 and no file name in the header: the same data gives the same .gz bytes. Level 6
    # (gzip's own default): level 9 took 3.2 times as long for files 6 % smaller (the 90 MB
    # N-Quads of 500 counties: 2.38 s against 0.75 s, 3.9 MB against 4.2 MB).
    return gzip.compress(body, compresslevel=6, mtime=0) if spec.gzip else body
