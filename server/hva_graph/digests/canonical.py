"""The canonical digest of a dataset: SHA-256 of its RDFC-1.0 canonical N-Quads.

RDFC-1.0 (W3C, 2024) labels blank nodes from the shape of the graph around them, so the same
statements give the same bytes whatever syntax they were written in and whatever labels a
parser or an engine gave their blank nodes. pyoxigraph relabels (Dataset.canonicalize) and
writes each quad in canonical N-Quads form; the document is those lines sorted by code point
(the spec's order), which is the UTF-8 bytes' order. pyld's URDNA2015, the same algorithm, is
the independent check in tests/test_canonical_digest.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pyoxigraph as ox


def canonical_lines(quads: Iterable[ox.Quad] | ox.Store) -> list[bytes]:
    """The canonical N-Quads lines (each ending in a line feed), sorted, duplicates removed.

    Only the statements that mention a blank node take part in RDFC-1.0's labelling (a blank
    node's hashes are made from the quads it is in), and the data's blank nodes are few (the
    ontology's: the data files' are named, knowledge/skolem.py), so only those are labelled;
    every other line is already canonical as Oxigraph writes it. A store is written by Oxigraph
    itself, without a Python object per statement (160,000 statements: seconds, not a minute)."""
    written = quads.dump(format=ox.RdfFormat.N_QUADS) if isinstance(quads, ox.Store) else \
        ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    lines, blank = [], []
    for line in written.splitlines(keepends=True):
        (blank if b"_:" in line else lines).append(line)  # "_:" inside a literal only costs a relabelling
    if blank:
        dataset = ox.Dataset(ox.parse(b"".join(blank), format=ox.RdfFormat.N_QUADS))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        lines += ox.serialize(dataset, format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)
    return sorted(set(lines))


def canonical_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """The RDFC-1.0 canonical N-Quads document of the quads."""
    return b"".join(canonical_lines(quads))


def digest_of_lines(lines: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line)
    return digest.hexdigest()


def canonical_digest(quads: Iterable[ox.Quad]) -> str:
    """SHA-256 (hex) of the quads' canonical N-Quads: the same for the same statements."""
    return digest_of_lines(canonical_lines(quads))


def graph_digests(quads: Iterable[ox.Quad]) -> dict[str, str]:
    """Per named graph, the canonical digest of its statements as triples (graph name dropped),
    as a per-graph dump file holds them; a graph's blank nodes are labelled within it alone."""
    triples: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        triples.setdefault(name, []).append(ox.Quad(quad.subject, quad.predicate, quad.object))
    return {name: canonical_digest(statements) for name, statements in sorted(triples.items())}
