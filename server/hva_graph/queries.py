"""Canned queries: queries/*.rq, each with a front-matter header of `#+ ` lines (YAML).

    #+ title: {fi: ..., en: ...}
    #+ description: {fi: ..., en: ...}
    #+ questions: [1]                  # competency questions it answers
    #+ parameters:
    #+   county: {type: iri, default: "https://w3id.org/hva-graph/id/organisation/pohjois-karjala"}
    #+ chart: {type: bar, x: theme, y: count}
    #+ columns:                        # every result variable, named for people
    #+   theme: {fi: Teema, sv: Tema, en: Theme}
    #+   statement: {fi: Väite, sv: Påstående, en: Statement, hide: true}
    #+   label: {fi: Väite, sv: Påstående (på finska), en: Statement (in Finnish), lang: fi, link: statement}
    #+ grid: {rows: ordinal, cells: [label, labelEn]}   # strategies as columns
    #+ absent: {fi: ..., sv: ..., en: ...}             # why a strategy can have no rows

Titles, descriptions and column names are in fi, sv and en; the loader refuses a query whose
result variables are not all named. A column may be hidden (still in the downloads), link its
text to the IRI of another column, and say which language its text is in.

A `search` parameter is a user's words: bound as the text itself, and, analysed the way the
search index is (hva_graph.finnish), as a table over the variables it names in `binds`
(the word's number, one of its terms, the number of words), which the query joins with
graph/search.

One loader for the server, the editor tabs and the tests; CannedQueries runs them with their
parameters bound as RDF terms, and keeps answers per data version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import finnish
from .lru import Bounded
from .sparql.text import QueryFacts, read_query
from .store.results import Outcome, QueryJob

CACHE_ENTRIES = 512
CACHE_BYTES = 64_000_000


LANGUAGES = ("fi", "sv", "en")
_SELECT = re.compile(r"\bSELECT\b(?:\s+(?:DISTINCT|REDUCED)\b)?(.*?)\bWHERE\b", re.I | re.S)
_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


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
    columns: dict[str, dict] = field(default_factory=dict)
    """Per result variable: its name in fi/sv/en and how it is shown (hide, link, lang)."""
    grid: dict | None = None
    """{rows: variable, cells: [variables]}, or {fields: [[variables], …]}: the answer as a grid
    with the strategies as columns."""
    absent: dict[str, str] | None = None
    """Why a strategy can have no rows in this comparison, in fi/sv/en."""

    @property
    def body(self) -> str:
        """The query without its front matter: what a reader of the SPARQL needs."""
        return "\n".join(line for line in self.sparql.splitlines() if not (line.startswith("#+ ") or line == "#+")) + "\n"


def load_query(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    header = "\n".join(line[3:] for line in text.splitlines() if line.startswith("#+ ") or line == "#+")
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as error:
        raise QueryFileError(f"{path}: front matter is not valid YAML: {error}") from None
    for key in ("title", "description"):
        if not _in_every_language(meta.get(key)):
            raise QueryFileError(f"{path}: front matter needs {key} in fi, sv and en")
    columns = _columns(path, text, meta.get("columns") or {})
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
        columns=columns,
        grid=meta.get("grid"),
        absent=meta.get("absent"),
    )


def _in_every_language(value) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang] for lang in LANGUAGES)


def projected(sparql: str) -> list[str]:
    """The variables a SELECT projects, in order: a plain ?v, or the ?v of (expression AS ?v)."""
    text = "\n".join(line.split("#", 1)[0] if not line.startswith("#+") else "" for line in sparql.splitlines())
    found = _SELECT.search(text)
    if not found:
        return []
    names, depth, clause = [], 0, found.group(1)
    for position, char in enumerate(clause):
        depth += {"(": 1, ")": -1}.get(char, 0)
        variable = _VARIABLE.match(clause, position) if char in "?$" else None
        if variable and (depth == 0 or re.search(r"\bAS\s*$", clause[:position], re.I)):
            names.append(variable.group(1))
    return names


def _columns(path: Path, text: str, columns: dict) -> dict[str, dict]:
    """Every result variable must be named in fi, sv and en; a link must name a column."""
    for variable in projected(text):
        if not _in_every_language(columns.get(variable)):
            raise QueryFileError(f"{path}: result variable ?{variable} needs a column name in fi, sv and en "
                                 f"(front matter `columns: {{{variable}: {{fi: …, sv: …, en: …}}}}`)")
    for variable, spec in columns.items():
        if spec.get("link") and spec["link"] not in columns:
            raise QueryFileError(f"{path}: column {variable} links to {spec['link']}, which is not a column")
    return columns


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


CHOICES = {
    "class": """SELECT DISTINCT ?value ?label ?expected WHERE {
      ?value a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?expected .
      OPTIONAL { ?value <http://www.w3.org/2000/01/rdf-schema#label> ?label } FILTER (isIRI(?value)) }""",
    "scheme": """SELECT DISTINCT ?value ?label ?expected WHERE {
      ?value <http://www.w3.org/2004/02/skos/core#inScheme> ?expected .
      OPTIONAL { ?value <http://www.w3.org/2000/01/rdf-schema#label> ?label } FILTER (isIRI(?value)) }""",
}


@dataclass(frozen=True)
class Choice:
    iri: str
    slug: str
    """The shortest ending of the IRI's path that no other choice shares."""
    labels: tuple[str, ...] = ()


def _choices(rows: list[dict]) -> list[Choice]:
    labels: dict[str, list[str]] = {}
    for row in rows:
        labels.setdefault(row["value"]["value"], [])
        if "label" in row:
            labels[row["value"]["value"]].append(row["label"]["value"])
    iris = sorted(labels)
    return [Choice(iri, _slug(iri, iris), tuple(labels[iri])) for iri in iris]


def _slug(iri: str, others: list[str]) -> str:
    parts = iri.rstrip("/").split("/")
    for count in range(1, len(parts)):
        ending = "/".join(parts[-count:])
        if sum(1 for other in others if other == ending or other.endswith("/" + ending)) == 1:
            return ending
    return iri


def _pick(parameter: str, raw: str, options: list[Choice]) -> str:
    wanted = raw.strip().strip("/")
    found = [c for c in options if c.iri.endswith("/" + wanted)] or \
        [c for c in options if any(label.casefold() == wanted.casefold() for label in c.labels)]
    if len(found) == 1:
        return found[0].iri
    examples = ", ".join(c.slug for c in options[:5])
    if found:
        raise ParameterError(parameter, f"{raw!r} fits {len(found)} values; give more of it (as {found[0].slug})")
    raise ParameterError(parameter, f"{raw!r} is not one of its values: give a full IRI, a short name "
                                    f"(for example {examples}) or an exact label")


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
        self._choices: dict[tuple, list[Choice]] = {}

    def get(self, name: str) -> CannedQuery | None:
        return self.queries.get(name)

    def run(self, name: str, given: dict[str, str], formats: dict[str, str | None]) -> Answer:
        """Raises KeyError for an unknown query and ParameterError for a bad value. An IRI
        parameter with its values in the data (`class`, `scheme`) also takes a value's short name
        (`workforce`, `paijat-hame-2023-2025`) or its exact label."""
        query = self.queries[name]
        terms = bind(query, self.resolve(query, given))
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

    def choices(self, query: CannedQuery, parameter: str) -> list[Choice]:
        """The values an IRI parameter can take (instances of its class, concepts of its scheme),
        with their labels and short names; [] for a parameter without such a list."""
        spec = query.parameters.get(parameter, {})
        if spec.get("type") != "iri" or not ({"class", "scheme"} & set(spec)):
            return []
        key = (self.service.version, "class", spec["class"]) if "class" in spec else \
            (self.service.version, "scheme", spec["scheme"])
        found = self._choices.get(key)
        if found is None:
            outcome = self.service.run(QueryJob(CHOICES[key[1]], {"tabular": "json"}, result_limit=100_000,
                                                substitutions={"expected": ("iri", key[2])}))
            found = _choices(outcome.bindings())
            self._choices = {k: v for k, v in self._choices.items() if k[0] == key[0]}
            self._choices[key] = found
        return found

    def resolve(self, query: CannedQuery, given: dict[str, str]) -> dict[str, str]:
        """The given values with short names and labels of listed values replaced by their IRIs."""
        resolved = dict(given)
        for parameter, raw in given.items():
            if not raw or raw.startswith(("http://", "https://")):
                continue
            options = self.choices(query, parameter)
            if options:
                resolved[parameter] = _pick(parameter, raw, options)
        return resolved

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
