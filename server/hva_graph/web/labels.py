"""Human-readable names for IRIs, in the reader's language with a fallback to the other.

One query per data version collects every rdfs:label and skos:prefLabel; pages and
tables then look names up in memory."""

from __future__ import annotations

import threading

from ..store.results import QueryJob

LABELS = """
SELECT ?iri ?label WHERE {
  { ?iri <http://www.w3.org/2000/01/rdf-schema#label> ?label }
  UNION { ?iri <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }
  FILTER (isIRI(?iri))
}"""

LANGUAGES = ("en", "fi")


class LabelIndex:
    def __init__(self, service):
        self.service = service
        self._labels: dict[str, dict[str, str]] | None = None
        self._version = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, dict[str, str]]:
        with self._lock:
            if self._labels is None or self._version != self.service.version:
                outcome = self.service.run(QueryJob(LABELS, {"tabular": "json"}, result_limit=10**6))
                labels: dict[str, dict[str, str]] = {}
                for row in outcome.bindings():
                    lang = row["label"].get("xml:lang", "")
                    labels.setdefault(row["iri"]["value"], {}).setdefault(lang, row["label"]["value"])
                self._labels, self._version = labels, self.service.version
            return self._labels

    def get(self, iri: str, lang: str) -> str | None:
        """The label in `lang`, else in the other page language, else any, else None."""
        names = self._load().get(iri)
        if not names:
            return None
        for candidate in (lang, *LANGUAGES, ""):
            if candidate in names:
                return names[candidate]
        return next(iter(names.values()))


def short(iri: str) -> str:
    """The last segment of an IRI, for when nothing better is known."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri
