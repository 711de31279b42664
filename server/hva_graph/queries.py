"""Canned queries: queries/*.rq, each with a front-matter header of `#+ ` lines (YAML).

    #+ title: {fi: ..., en: ...}
    #+ description: {fi: ..., en: ...}
    #+ questions: [1]                  # competency questions it answers
    #+ parameters:
    #+   county: {type: iri, default: "https://w3id.org/hva-graph/id/organisation/pohjois-karjala"}
    #+ chart: {type: bar, x: theme, y: count}

A `search` parameter is a user's words: bound as the text itself, and, analysed the way the
search index is (hva_graph.finnish), as a table over the variables it names in `binds`
(the word's number, one of its terms, the number of words), which the query joins with
graph/search.

One loader for the server, the editor tabs and the tests; CannedQueries runs them with their
parameters bound as RDF terms, and keeps answers per data version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import finnish
from .lru import Bounded
from .sparql.text import QueryFacts, read_query
from .store.results import Outcome, QueryJob

CACHE_ENTRIES = 512
CACHE_BYTES = 64_000_000


class QueryFileError(ValueError):
    pass


@dataclass(frozen=True)
class CannedQuery:
    name: str
    sparql: str
    """The whole file, header included (comments are valid SPARQL)."""
    title: dict[str, str]
    description: dict[str, str]
    questions: tuple[int, ...] = ()
    parameters: dict[str, dict] = field(default_factory=dict)
    chart: dict | None = None
    highlight: dict | None = None
    """{words: column, in: [columns]}: the words listed in one column are marked in others."""
    empty: dict[str, str] | None = None
    """What an empty answer means, in fi and en (shown instead of an empty table)."""
    see_also: tuple[str, ...] = ()
    """Other canned queries a reader may try next (offered beside an empty answer)."""
    text: QueryFacts | None = None
    """What the query's text says, read once when the file is loaded."""


def load_query(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    header = "\n".join(line[3:] for line in text.splitlines() if line.startswith("#+ ") or line == "#+")
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as error:
        raise QueryFileError(f"{path}: front matter is not valid YAML: {error}") from None
    for key in ("title", "description"):
        if not isinstance(meta.get(key), dict) or not {"fi", "en"} <= set(meta[key]):
            raise QueryFileError(f"{path}: front matter needs {key} in fi and en")
    return CannedQuery(
        name=path.stem,
        sparql=text,
        title=meta["title"],
        description=meta["description"],
        questions=tuple(meta.get("questions") or ()),
        parameters=meta.get("parameters") or {},
        chart=meta.get("chart"),
        highlight=meta.get("highlight"),
        empty=meta.get("empty"),
        see_also=tuple(meta.get("see_also") or ()),
        text=read_query(text),
    )


def load_queries(folder: Path) -> dict[str, CannedQuery]:
    """All canned queries by name, in name order."""
    return {path.stem: load_query(path) for path in sorted(Path(folder).glob("*.rq"))}


class SearchUnavailable(RuntimeError):
    """The Finnish analyser is not installed here: words cannot be analysed as the index is."""


class ParameterError(ValueError):
    """A bad parameter value: names the parameter, so the user knows what to fix."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def bind(query: CannedQuery, given: dict[str, str]) -> dict[str, tuple]:
    """RDF terms for the query's parameters, from the given values or the defaults.

    The terms are handed to the engine as substitutions (never pasted into the text).
    An optional parameter left empty is simply not bound. Unknown names are an error.
    """
    unknown = sorted(set(given) - set(query.parameters))
    if unknown:
        raise ParameterError(unknown[0], f"{query.name} has no such parameter "
                                         f"(it takes: {', '.join(query.parameters) or 'none'})")
    terms: dict[str, tuple] = {}
    for name, spec in query.parameters.items():
        raw = given.get(name)
        if spec.get("type") == "search" and raw is not None and not raw.strip():
            raise ParameterError(name, "there is nothing to search for: give a word")
        if raw is None or raw == "":
            raw = spec.get("default")
        if raw is None or raw == "":
            if spec.get("optional"):
                continue
            raise ParameterError(name, "a value is required")
        terms[name] = parameter_term(name, spec, str(raw))
        if spec.get("type") == "search":
            terms[f"{name} terms"] = search_table(name, spec, str(raw))
    return terms


def parameter_term(name: str, spec: dict, raw: str) -> tuple:
    """The RDF term (as a picklable tuple) for one raw parameter value; ParameterError if bad."""
    kind = spec.get("type", "string")
    if kind == "iri":
        if not raw.startswith(("http://", "https://")) or any(c in raw for c in ' <>"{}|^`\\'):
            raise ParameterError(name, f"{raw!r} is not an http(s) IRI")
        return ("iri", raw)
    if kind in ("string", "search"):
        limit = int(spec.get("max_length", 200))
        if len(raw) > limit:
            raise ParameterError(name, f"at most {limit} characters")
        if not raw.strip():
            raise ParameterError(name, "must not be blank")
        return ("literal", raw, XSD_STRING, None)
    if kind == "language":
        choices = spec.get("choices") or []
        if raw not in choices:
            raise ParameterError(name, f"{raw!r} is not one of {', '.join(choices)}")
        return ("literal", raw, XSD_STRING, None)
    if kind == "integer":
        try:
            return ("literal", str(int(raw)), XSD_INTEGER, None)
        except ValueError:
            raise ParameterError(name, f"{raw!r} is not an integer") from None
    raise QueryFileError(f"parameter {name} has unknown type {kind!r}")


def search_table(name: str, spec: dict, raw: str) -> tuple:
    """The words of a search as rows (word number, term, number of words): each word's
    Finnish terms and English stem, as graph/search holds them."""
    if "\ufffd" in raw:
        raise ParameterError(name, "is not valid UTF-8 (a character could not be decoded)")
    try:
        words = finnish.query_words(raw)
    except finnish.AnalyserUnavailable as error:
        raise SearchUnavailable(str(error)) from None
    if not words:
        raise ParameterError(name, f"{raw!r} has no word to search for (letters or digits)")
    count = ("literal", str(len(words)), XSD_INTEGER, None)
    rows = tuple((("literal", str(number), XSD_INTEGER, None), ("literal", term, None, lang), count)
                 for number, word in enumerate(words, 1) for lang, terms in sorted(word.items())
                 for term in sorted(terms))
    return ("table", tuple(spec["binds"]), rows)


def load_questions(folder: Path) -> dict[int, dict[str, str]]:
    """The competency questions in fi and en (queries/questions.yaml), by number."""
    path = Path(folder) / "questions.yaml"
    try:
        questions = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise QueryFileError(f"{path}: {error}") from None
    return {int(number): text for number, text in questions.items()}


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
        self._answers: Bounded[Outcome] = Bounded(CACHE_ENTRIES, CACHE_BYTES, lambda outcome: len(outcome.body))

    def get(self, name: str) -> CannedQuery | None:
        return self.queries.get(name)

    def run(self, name: str, given: dict[str, str], formats: dict[str, str | None]) -> Answer:
        """Raises KeyError for an unknown query and ParameterError for a bad value."""
        query = self.queries[name]
        terms = bind(query, given)
        key = (self.service.version, name, tuple(sorted(terms.items())), tuple(sorted(formats.items())))
        cached = self._answers.get(key)
        if cached is not None:
            return Answer(cached, terms)  # its parameters were checked when it was kept
        self._check_membership(query, terms)
        settings = self.service.settings
        outcome = self.service.run(QueryJob(query.sparql, formats, result_limit=settings.result_limit,
                                            byte_limit=settings.max_answer_bytes, substitutions=terms,
                                            text=query.text))
        if outcome.status == 200:
            self._answers.put(key, outcome)
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
            if not outcome.boolean():
                raise ParameterError(name, f"<{term[1]}> is not {what}")
