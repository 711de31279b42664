"""What changed between two datasets, per named graph: the canonical N-Quads lines added and
removed, and the same as RDF Patch.

Both sides are RDFC-1.0 canonical N-Quads (digests/canonical.py), each labelled over its own
whole dataset, so `(before - removed) | added` is exactly `after` line for line, and its digest
is after's. The data's own blank nodes are IRIs (knowledge/skolem.py): a diff lists what really
changed; only the ontology's blank nodes (OWL's lists and axioms) can carry other labels on the
two sides, and then every statement touching them is listed as removed and added again.

RDF Patch (https://afs.github.io/rdf-delta/rdf-patch.html): a header naming the patch and the one
before it, then one transaction deleting the removed quads and adding the added ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..digests.canonical import canonical_lines, digest_of_lines


@dataclass(frozen=True)
class GraphDiff:
    graph: str
    added: tuple[bytes, ...]
    removed: tuple[bytes, ...]

    @property
    def name(self) -> str:
        """The graph's short name, as in the dump files (graph/source-000 -> source-000)."""
        return self.graph.rstrip("/").rsplit("/", 1)[-1]


def lines_of(quads: Iterable[ox.Quad]) -> frozenset[bytes]:
    return frozenset(canonical_lines(quads))


def graph_of_line(line: bytes) -> str:
    """The graph IRI of a canonical N-Quads line: its last term (every statement served is in a
    named graph, so the last term of a line is always its graph)."""
    head = line.rstrip()[:-1].rstrip()
    if not head.endswith(b">"):
        return ""
    return head[head.rindex(b"<") + 1:-1].decode("utf-8")


def by_graph(lines: Iterable[bytes]) -> dict[str, list[bytes]]:
    graphs: dict[str, list[bytes]] = {}
    for line in lines:
        graphs.setdefault(graph_of_line(line), []).append(line)
    return graphs


def diff(before: frozenset[bytes], after: frozenset[bytes]) -> list[GraphDiff]:
    """Per named graph that changed, the lines `after` has and `before` has not, and the other way."""
    added, removed = by_graph(after - before), by_graph(before - after)
    return [GraphDiff(graph, tuple(sorted(added.get(graph, ()))), tuple(sorted(removed.get(graph, ()))))
            for graph in sorted(set(added) | set(removed))]


def apply(before: Iterable[bytes], diffs: Iterable[GraphDiff]) -> frozenset[bytes]:
    lines = set(before)
    for change in diffs:
        lines.difference_update(change.removed)
        lines.update(change.added)
    return frozenset(lines)


def digest(lines: Iterable[bytes]) -> str:
    return digest_of_lines(sorted(lines))


def rdf_patch(patch_id: str, previous: str | None, diffs: Iterable[GraphDiff]) -> bytes:
    """One RDF Patch: header (id, prev), a transaction deleting then adding quads (N-Quads terms)."""
    rows = [f"H id <{patch_id}> .\n".encode()]
    if previous:
        rows.append(f"H prev <{previous}> .\n".encode())
    rows.append(b"TX .\n")
    diffs = list(diffs)
    rows += [b"D " + line for change in diffs for line in change.removed]
    rows += [b"A " + line for change in diffs for line in change.added]
    rows.append(b"TC .\n")
    return b"".join(rows)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
