"""The canned queries as a service: parameters checked and bound (parameters.py), answers kept
per data version so a repeated page view or download costs a dictionary look-up."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from cachetools import LRUCache

from ..store.results import Outcome, QueryJob
from .files import CannedQuery, load_queries
from .lists import in_order
from .parameters import Choice, ParameterError, bind, choices_of, choices_query, pick

CACHE_BYTES = 64_000_000
"""Answer bytes kept at most (each entry counted with ENTRY_BYTES more for its key and record)."""
ENTRY_BYTES = 1024


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    parameters: dict[str, tuple]


class CannedQueries:
    """The canned queries as a service: parameters checked and bound as RDF terms, answers kept
    per data version so a repeated page view or download costs a dictionary look-up."""

    def __init__(self, service, folder):
        self.service = service
        self.queries: dict[str, CannedQuery] = load_queries(folder)
        self._answers: LRUCache = LRUCache(CACHE_BYTES, getsizeof=lambda outcome: len(outcome.body) + ENTRY_BYTES)
        self._answers_lock = threading.Lock()
        self._choices: dict[tuple, list[Choice]] = {}

    def get(self, name: str) -> CannedQuery | None:
        return self.queries.get(name)

    def run(self, name: str, given: dict[str, str], formats: dict[str, str | None]) -> Answer:
        """Raises KeyError for an unknown query and ParameterError for a bad value. An IRI
        parameter with its values in the data (`class`, `scheme`) also takes a value's short name
        (`workforce`, `paijat-hame-2023-2025`) or its exact label."""
        query = self.queries[name]
        terms = bind(query, self.resolve(query, given))
        key = (self.service.etag_base, name, tuple(sorted(terms.items())), tuple(sorted(formats.items())))
        with self._answers_lock:
            cached = self._answers.get(key)
        if cached is not None:
            return Answer(cached, terms)  # its parameters were checked when it was kept
        self._check_membership(query, terms)
        settings = self.service.settings
        listed = bool(query.lists) and formats.get("tabular") is not None
        asked = {**formats, "tabular": "tsv"} if listed else formats
        outcome = self.service.runner.run(QueryJob(query.sparql, asked, result_limit=settings.result_limit,
                                            byte_limit=settings.max_answer_bytes, substitutions=terms,
                                            text=query.text))
        if listed and outcome.status == 200 and outcome.kind == "tabular":
            outcome = in_order(outcome, query.lists, formats["tabular"])
        if outcome.status == 200:
            self._keep(key, outcome)
        return Answer(outcome, terms)

    def _keep(self, key: tuple, outcome: Outcome) -> None:
        if len(outcome.body) + ENTRY_BYTES > CACHE_BYTES:  # too large to keep at all
            return
        with self._answers_lock:
            self._answers[key] = outcome

    def choices(self, query: CannedQuery, parameter: str, offered: bool = True) -> list[Choice]:
        """The values an IRI parameter can take (instances of its class, concepts of its scheme;
        only those that give rows where its `offer` says how to tell), with their labels and
        short names; [] for a parameter without such a list."""
        spec = query.parameters.get(parameter, {})
        if spec.get("type") != "iri" or not ({"class", "scheme"} & set(spec)):
            return []
        text, bound = choices_query(spec if offered else {k: v for k, v in spec.items() if k != "offer"})
        key = (self.service.etag_base, text, tuple(sorted(bound.items())))
        found = self._choices.get(key)
        if found is None:
            outcome = self.service.runner.run(QueryJob(text, {"tabular": "json"}, result_limit=100_000,
                                                substitutions=bound))
            found = choices_of(outcome.bindings())
            self._choices = {k: v for k, v in self._choices.items() if k[0] == key[0]}
            self._choices[key] = found
        return found

    def resolve(self, query: CannedQuery, given: dict[str, str]) -> dict[str, str]:
        """The given values with short names and labels of listed values replaced by their IRIs."""
        resolved = dict(given)
        for parameter, raw in given.items():
            if not raw or raw.startswith(("http://", "https://")):
                continue
            options = self.choices(query, parameter, offered=False)  # any value, even one giving no rows
            if options:
                resolved[parameter] = pick(parameter, raw, options)
        return resolved

    def _check_membership(self, query: CannedQuery, terms: dict[str, tuple]) -> None:
        """An IRI parameter that must be of a class or in a concept scheme is checked against
        the data, so a wrong value is a 400 naming the parameter, not an empty page."""
        for name, spec in query.parameters.items():
            term = terms.get(name)
            if term is None or term[0] != "iri":
                continue
            if "class" in spec:
                pattern, expected = "?value a ?expected", spec["class"]  # with OWL RL's types (parameters.CHOICES)
                what = f"an instance of <{spec['class']}>"
            elif "scheme" in spec:
                pattern, expected = "?value <http://www.w3.org/2004/02/skos/core#inScheme> ?expected", spec["scheme"]
                what = f"a concept of <{spec['scheme']}>"
            else:
                continue
            outcome = self.service.runner.run(QueryJob(
                f"ASK {{ {pattern} }}", {"boolean": "json"},
                substitutions={"value": term, "expected": ("iri", expected)}))
            if not outcome.boolean():
                raise ParameterError(name, f"<{term[1]}> is not {what}")
