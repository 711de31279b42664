"""Canned queries as a service: parameters checked and bound as RDF terms, answers cached
per data version so a repeated page view or download costs a dictionary look-up."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

from .engine import Outcome, QueryJob
from .queries import CannedQuery, ParameterError, bind, load_queries

CACHE_SIZE = 512


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    parameters: dict[str, tuple]


class CannedQueries:
    def __init__(self, service, folder):
        self.service = service
        self.queries: dict[str, CannedQuery] = load_queries(folder)
        self._cache: OrderedDict[tuple, Outcome] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, name: str) -> CannedQuery | None:
        return self.queries.get(name)

    def run(self, name: str, given: dict[str, str], formats: dict[str, str | None]) -> Answer:
        """Raises KeyError for an unknown query and ParameterError for a bad value."""
        query = self.queries[name]
        terms = bind(query, given)
        self._check_membership(query, terms)
        key = (self.service.version, name, tuple(sorted(terms.items())), tuple(sorted(formats.items())))
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return Answer(cached, terms)
        outcome = self.service.run(QueryJob(query.sparql, formats, result_limit=self.service.settings.result_limit,
                                            substitutions=terms))
        if outcome.status == 200:
            with self._lock:
                self._cache[key] = outcome
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return Answer(outcome, terms)

    def _check_membership(self, query: CannedQuery, terms: dict[str, tuple]) -> None:
        """An IRI parameter that must be of a class or in a concept scheme is checked against
        the data, so a wrong value is a 400 naming the parameter, not an empty page."""
        for name, spec in query.parameters.items():
            term = terms.get(name)
            if term is None or term[0] != "iri":
                continue
            if "class" in spec:
                pattern, expected = "?value a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?expected", spec["class"]
                what = f"an instance of <{spec['class']}>"
            elif "scheme" in spec:
                pattern, expected = "?value <http://www.w3.org/2004/02/skos/core#inScheme> ?expected", spec["scheme"]
                what = f"a concept of <{spec['scheme']}>"
            else:
                continue
            outcome = self.service.run(QueryJob(
                f"ASK {{ {pattern} }}", {"boolean": "json"},
                substitutions={"value": term, "expected": ("iri", expected)}))
            if outcome.status != 200 or not json.loads(outcome.body)["boolean"]:
                raise ParameterError(name, f"<{term[1]}> is not {what}")
