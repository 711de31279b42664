"""The strategies of the graph as the pages compare them: in source order (000 … 004), each
with its status and organiser; one query per data version."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ..store.results import QueryJob

STRATEGIES = """
PREFIX hva: <https://w3id.org/hva-graph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
SELECT ?strategy ?status ?organiser ?file WHERE {
  ?strategy a hva:Strategy .
  OPTIONAL { ?strategy schema:creativeWorkStatus ?status }
  OPTIONAL { ?strategy hva:organiser ?organiser }
  OPTIONAL { ?strategy hva:describedIn/dcterms:identifier ?file }
} ORDER BY ?file ?strategy"""


@dataclass(frozen=True)
class Strategy:
    iri: str
    status: str | None
    organiser: str | None
    file: str | None


class StrategyIndex:
    def __init__(self, service):
        self.service = service
        self._all: list[Strategy] | None = None
        self._version = None
        self._lock = threading.Lock()

    def all(self) -> list[Strategy]:
        with self._lock:
            if self._all is None or self._version != self.service.version:
                rows = self.service.runner.run(QueryJob(STRATEGIES, {"tabular": "json"}, result_limit=100_000)).values()
                seen: dict[str, Strategy] = {}
                for row in rows:
                    seen.setdefault(row["strategy"], Strategy(row["strategy"], row.get("status"),
                                                              row.get("organiser"), row.get("file")))
                self._all, self._version = list(seen.values()), self.service.version
            return self._all

    def order(self, iri: str) -> int:
        """Where the strategy stands in source order (unknown IRIs last)."""
        return next((n for n, s in enumerate(self.all()) if s.iri == iri), len(self.all()))
