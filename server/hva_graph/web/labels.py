"""Human-readable names for IRIs, in the reader's language with a fallback to the others.

Names are asked for the IRIs a page shows, all at once (prefetch, one VALUES query of
checked IRIs), and kept per data version in a bounded table; an IRI not prefetched is asked
alone. No query reads every label of the graph: a page's cost stays that of its resources
however large the data grows. Each IRI's names are its rdfs:label and skos:prefLabel, and its
short names, skos:altLabel ("Päijät-Häme" beside "Päijät-Hämeen hyvinvointialue"); a strategy
is short-named by its organiser's short name, unless two strategies would share it (that one
query reads one row per strategy, once per data version). Terms of reused vocabularies that
the graph does not label are named by the message catalogue. A name says which language it
is in, so a page can mark one that is not in the page's language."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..store.results import QueryJob
from .messages import LANGUAGES, term_name

LABELS = """
SELECT ?iri ?kind ?label WHERE {
  { %(values)s ?iri <http://www.w3.org/2000/01/rdf-schema#label> ?label BIND (1 AS ?order) BIND ("label" AS ?kind) }
  UNION { %(values)s ?iri <http://www.w3.org/2004/02/skos/core#prefLabel> ?label BIND (2 AS ?order) BIND ("label" AS ?kind) }
  UNION { %(values)s ?iri <http://www.w3.org/2004/02/skos/core#altLabel> ?label BIND (3 AS ?order) BIND ("short" AS ?kind) }
} ORDER BY ?iri ?order"""
"""rdfs:label before skos:prefLabel: the first name in a language is the one shown. The IRIs
open each branch, so Oxigraph looks each one up instead of reading every label and joining."""

STRATEGY_NAMES = """
SELECT ?iri ?label WHERE {
  ?iri a <https://w3id.org/hva-graph/ontology#Strategy> ;
       <https://w3id.org/hva-graph/ontology#organiser>/<http://www.w3.org/2004/02/skos/core#altLabel> ?label
}"""

FALLBACKS = {"fi": ("fi", "en", "sv"), "sv": ("sv", "en", "fi"), "en": ("en", "fi", "sv")}
"""Where the page's language has no name: Swedish readers get the English translation before
the Finnish original, as every statement has one."""

CHUNK = 400
"""IRIs per label query."""
KEPT = 50_000
"""IRIs whose names are kept (most recently used first out)."""


@dataclass(frozen=True)
class Name:
    text: str
    lang: str
    """The language of the text ("" when it has none)."""
    only: bool = False
    """The name exists in this one language only."""


class LabelIndex:
    def __init__(self, service, kept: int = KEPT):
        self.service = service
        self._names: OrderedDict[str, dict[str, dict[str, str]]] = OrderedDict()
        """{iri: {"label" | "short": {lang: text}}}"""
        self._strategies: dict[str, dict[str, str]] | None = None
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

    def name(self, iri: str, lang: str, short: bool = False) -> Name | None:
        """The name in `lang` (from the graph, else from the catalogue), else in the fallback
        languages, else any; None if unnamed."""
        names = self._names_of(iri)
        found = ((self._strategy_names().get(iri) or names.get("short")) if short else None) or names.get("label")
        if not found or lang not in found:
            text = term_name(iri, lang)
            if text:
                return Name(text, lang)
        if not found:
            return None
        for candidate in (*FALLBACKS.get(lang, LANGUAGES), ""):
            if candidate in found:
                return Name(found[candidate], candidate, only=len(found) == 1)
        text = next(iter(found.values()))
        return Name(text, next(iter(found)), only=len(found) == 1)

    def get(self, iri: str, lang: str) -> str | None:
        found = self.name(iri, lang)
        return found.text if found else None

    def _names_of(self, iri: str) -> dict[str, dict[str, str]]:
        with self._lock:
            self._follow_version()
            names = self._names.get(iri)
            if names is not None:
                self._names.move_to_end(iri)
                return names
        if not _is_iri(iri):
            return {}
        return self._ask([iri]).get(iri, {})

    def _strategy_names(self) -> dict[str, dict[str, str]]:
        with self._lock:
            self._follow_version()
            if self._strategies is not None:
                return self._strategies
        outcome = self.service.runner.run(QueryJob(STRATEGY_NAMES, {"tabular": "json"}, result_limit=10**6))
        found: dict[str, dict[str, str]] = {}
        for row in outcome.bindings():
            found.setdefault(row["iri"]["value"], {}).setdefault(row["label"].get("xml:lang", ""),
                                                                  row["label"]["value"])
        distinct = _distinct(found)
        if outcome.status == 200:
            with self._lock:
                self._strategies = distinct
        return distinct

    def _follow_version(self) -> None:
        if self._version != self.service.version:
            self._names.clear()
            self._strategies = None
            self._version = self.service.version

    def _ask(self, iris: list[str]) -> dict[str, dict[str, dict[str, str]]]:
        # The VALUES block is made of checked terms (pyoxigraph writes each IRI), never pasted text.
        values = "VALUES ?iri { " + " ".join(str(ox.NamedNode(iri)) for iri in iris) + " }"
        outcome = self.service.runner.run(QueryJob(LABELS % {"values": values}, {"tabular": "json"}, result_limit=10**6))
        found: dict[str, dict[str, dict[str, str]]] = {iri: {} for iri in iris}
        for row in outcome.bindings():
            kind = found[row["iri"]["value"]].setdefault(row["kind"]["value"], {})
            kind.setdefault(row["label"].get("xml:lang", ""), row["label"]["value"])
        if outcome.status == 200:
            with self._lock:
                self._names.update(found)
                while len(self._names) > self._kept:
                    self._names.popitem(last=False)
        return found


def _distinct(short: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The short names no two strategies share, per language."""
    seen: dict[tuple[str, str], int] = {}
    for names in short.values():
        for lang, text in names.items():
            seen[(lang, text)] = seen.get((lang, text), 0) + 1
    return {iri: {lang: text for lang, text in names.items() if seen[(lang, text)] == 1}
            for iri, names in short.items()}


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def short(iri: str) -> str:
    """The last segment of an IRI, for when nothing better is known."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri
