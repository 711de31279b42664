"""Human-readable names for IRIs, in the reader's language with a fallback to the others.

One query per data version collects every rdfs:label, skos:prefLabel and skos:altLabel (the
short names: "Päijät-Häme" beside "Päijät-Hämeen hyvinvointialue"); pages and tables then look
names up in memory. Terms of reused vocabularies that the graph does not label are named by
the message catalogue. A name says which language it is in, so a page can mark one that is not
in the page's language."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ..store.results import QueryJob
from .messages import LANGUAGES, term_name

LABELS = """
SELECT ?iri ?kind ?label WHERE {
  { ?iri <http://www.w3.org/2000/01/rdf-schema#label> ?label BIND ("label" AS ?kind) }
  UNION { ?iri <http://www.w3.org/2004/02/skos/core#prefLabel> ?label BIND ("label" AS ?kind) }
  UNION { ?iri <http://www.w3.org/2004/02/skos/core#altLabel> ?label BIND ("short" AS ?kind) }
  UNION { ?iri a <https://w3id.org/hva-graph/ontology#Strategy> ;
               <https://w3id.org/hva-graph/ontology#organiser>/<http://www.w3.org/2004/02/skos/core#altLabel> ?label
          BIND ("strategy" AS ?kind) }
  FILTER (isIRI(?iri))
}"""

FALLBACKS = {"fi": ("fi", "en", "sv"), "sv": ("sv", "en", "fi"), "en": ("en", "fi", "sv")}
"""Where the page's language has no name: Swedish readers get the English translation before
the Finnish original, as every statement has one."""


@dataclass(frozen=True)
class Name:
    text: str
    lang: str
    """The language of the text ("" when it has none)."""
    only: bool = False
    """The name exists in this one language only."""


class LabelIndex:
    def __init__(self, service):
        self.service = service
        self._names: dict[str, dict[str, dict[str, str]]] | None = None
        self._version = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, dict[str, dict[str, str]]]:
        """{"label" | "short" | "strategy": {iri: {lang: text}}}; a strategy is short-named by its
        organiser, unless two strategies would share the name (then they keep their labels)."""
        with self._lock:
            if self._names is None or self._version != self.service.version:
                outcome = self.service.run(QueryJob(LABELS, {"tabular": "json"}, result_limit=10**6))
                names: dict[str, dict[str, dict[str, str]]] = {"label": {}, "short": {}, "strategy": {}}
                for row in outcome.bindings():
                    lang = row["label"].get("xml:lang", "")
                    names[row["kind"]["value"]].setdefault(row["iri"]["value"], {}).setdefault(lang, row["label"]["value"])
                names["short"].update(_distinct(names.pop("strategy")))
                self._names, self._version = names, self.service.version
            return self._names

    def name(self, iri: str, lang: str, short: bool = False) -> Name | None:
        """The name in `lang` (from the graph, else from the catalogue), else in the fallback
        languages, else any; None if unnamed."""
        names = self._load()
        found = (names["short"].get(iri) if short else None) or names["label"].get(iri)
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


def _distinct(short: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    seen: dict[tuple[str, str], int] = {}
    for names in short.values():
        for lang, text in names.items():
            seen[(lang, text)] = seen.get((lang, text), 0) + 1
    return {iri: {lang: text for lang, text in names.items() if seen[(lang, text)] == 1}
            for iri, names in short.items()}


def short(iri: str) -> str:
    """The last segment of an IRI, for when nothing better is known."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri
