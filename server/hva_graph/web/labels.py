"""Human-readable names for IRIs, in the reader's language with a fallback to the other.

Names are asked for the IRIs a page shows, all at once (prefetch, one VALUES query of
checked IRIs), and kept per data version in a bounded table; an IRI not prefetched is asked
alone. No query reads every label of the graph: a page's cost stays that of its resources
however large the data grows."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

import pyoxigraph as ox

from ..store.results import QueryJob

LABELS = """
SELECT ?iri ?label WHERE {
  { %(values)s ?iri <http://www.w3.org/2000/01/rdf-schema#label> ?label BIND (1 AS ?kind) }
  UNION { %(values)s ?iri <http://www.w3.org/2004/02/skos/core#prefLabel> ?label BIND (2 AS ?kind) }
} ORDER BY ?iri ?kind"""
"""rdfs:label before skos:prefLabel: the first name in a language is the one shown. The IRIs
open each branch, so Oxigraph looks each one up instead of reading every label and joining."""

LANGUAGES = ("en", "fi")
CHUNK = 400
"""IRIs per label query."""
KEPT = 50_000
"""IRIs whose names are kept (most recently used first out)."""


class LabelIndex:
    def __init__(self, service, kept: int = KEPT):
        self.service = service
        self._names: OrderedDict[str, dict[str, str]] = OrderedDict()
        self._version = None
        self._kept = kept
        self._lock = threading.Lock()

    def prefetch(self, iris: Iterable[str]) -> None:
        """Ask the names of every IRI here that is not known yet, in a few queries."""
        with self._lock:
            self._follow_version()
            wanted = sorted({iri for iri in iris if iri not in self._names and _is_iri(iri)})
        for start in range(0, len(wanted), CHUNK):
            self._ask(wanted[start:start + CHUNK])

    def get(self, iri: str, lang: str) -> str | None:
        """The label in `lang`, else in the other page language, else any, else None."""
        with self._lock:
            self._follow_version()
            names = self._names.get(iri)
            if names is not None:
                self._names.move_to_end(iri)
        if names is None:
            if not _is_iri(iri):
                return None
            names = self._ask([iri]).get(iri, {})
        if not names:
            return None
        for candidate in (lang, *LANGUAGES, ""):
            if candidate in names:
                return names[candidate]
        return next(iter(names.values()))

    def _follow_version(self) -> None:
        if self._version != self.service.version:
            self._names.clear()
            self._version = self.service.version

    def _ask(self, iris: list[str]) -> dict[str, dict[str, str]]:
        # The VALUES block is made of checked terms (pyoxigraph writes each IRI), never pasted text.
        values = "VALUES ?iri { " + " ".join(str(ox.NamedNode(iri)) for iri in iris) + " }"
        outcome = self.service.run(QueryJob(LABELS % {"values": values}, {"tabular": "json"}, result_limit=10**6))
        found: dict[str, dict[str, str]] = {iri: {} for iri in iris}
        for row in outcome.bindings():
            lang = row["label"].get("xml:lang", "")
            found[row["iri"]["value"]].setdefault(lang, row["label"]["value"])
        if outcome.status == 200:
            with self._lock:
                self._names.update(found)
                while len(self._names) > self._kept:
                    self._names.popitem(last=False)
        return found


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def short(iri: str) -> str:
    """The last segment of an IRI, for when nothing better is known."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri
