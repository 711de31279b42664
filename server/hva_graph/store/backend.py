"""What every store backend is to the service above it: a runner that turns a QueryJob into
an Outcome, plus what the service states about the data (version, triples per named graph)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from .integrity import StoreIntegrity
from .results import Outcome, QueryJob

GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
UNION_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class StoreUnavailable(RuntimeError):
    """The configured store cannot be used: missing, not built by `hva-graph load`, unreachable."""


class Runner(Protocol):
    network_isolated: bool
    """Whether the processes that run queries are cut off the network."""
    problem: str | None
    """Why queries are failing, when they keep failing (/health says `degraded`)."""
    replaced_by: str | None
    """The build id of another build found in place of the (disk) store being served."""

    def run(self, job: QueryJob, timeout: float | None = None) -> Outcome: ...

    def close(self, drain: float = 0.0) -> None:
        """Stop, letting running queries finish for up to `drain` seconds."""


@dataclass
class Backend:
    kind: str
    """memory, disk or remote: for operators (/health), never for branching."""
    runner: Runner
    version: str
    graph_sizes: dict[str, int]
    union_size: int
    modified: str | None = None
    """When the data last changed (UTC, ISO 8601), where the backend knows it."""
    store: ox.Store | None = None
    """The in-memory store (memory backend only)."""
    integrity: StoreIntegrity | None = None
    """The verdict on a disk store's files, kept up to date (disk backend only)."""
    build: str | None = None
    """Which build of a disk store is served (its record's build id)."""

    @property
    def problem(self) -> str | None:
        """Why the service is degraded now: its store is damaged, or its queries keep failing."""
        damaged = self.integrity.damaged if self.integrity is not None else None
        return damaged or self.runner.problem

    def close(self, drain: float = 0.0) -> None:
        self.runner.close(drain)


def sizes_of(run: Callable[[str], list[dict]]) -> tuple[dict[str, int], int]:
    """Triples per named graph and in the default graph (the union), asked by SPARQL through
    `run`, which gives each row as {variable: lexical value}."""
    sizes = {row["g"]: int(row["n"]) for row in run(GRAPH_SIZES)}
    (union,) = run(UNION_SIZE)
    return sizes, int(union["n"])
