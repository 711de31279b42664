"""A canned query's parameters, checked and bound as RDF terms (handed to the engine as
substitutions, never pasted into the text).

A `search` parameter is a user's words: bound as the text itself, and, analysed the way the
search index is (search.analyser), as a table over the variables it names in `binds` (the
word's number, one of its terms, the number of words), which the query joins with graph/search.

An IRI parameter whose values are in the data (`class`, `scheme`) also takes a value's short
name or its exact label: Choice and pick resolve those.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..search import analyser
from .files import CannedQuery, QueryFileError

class SearchUnavailable(RuntimeError):
    """The Finnish analyser is not installed here: words cannot be analysed as the index is."""


class ParameterError(ValueError):
    """A bad parameter value: names the parameter, so the user knows what to fix."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name


def given(query: CannedQuery, pairs, common: tuple[str, ...] = ()) -> dict[str, str]:
    """The query's parameters as a request gives them (name, value pairs in order): each at most
    once, and no name the query does not take beside the route's `common` ones (lang, format),
    so that a misspelt parameter is a 400 naming it, not a default answer taken for the asked one."""
    values: dict[str, str] = {}
    seen: set[str] = set()
    for name, value in pairs:
        if name in seen:
            raise ParameterError(name, "is given more than once; give it once")
        seen.add(name)
        if name in query.parameters:
            values[name] = value
        elif name not in common:
            takes = ", ".join([*query.parameters, *common]) or "none"
            raise ParameterError(name, f"{query.name} has no such parameter (it takes: {takes})")
    return values


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
        words = analyser.query_words(raw)
    except analyser.AnalyserUnavailable as error:
        raise SearchUnavailable(str(error)) from None
    if not words:
        raise ParameterError(name, f"{raw!r} has no word to search for (letters or digits)")
    count = ("literal", str(len(words)), XSD_INTEGER, None)
    rows = tuple((("literal", str(number), XSD_INTEGER, None), ("literal", term, None, lang), count)
                 for number, word in enumerate(words, 1) for lang, terms in sorted(word.items())
                 for term in sorted(terms))
    return ("table", tuple(spec["binds"]), rows)


# `?value a ?expected` holds for every instance of a subclass too: graph/inferred carries every
# type OWL RL entails (rdfs9). A path `a/rdfs:subClassOf*` said so again, and Virtuoso 7.2 answers
# it wrongly (false for a strategy and hva:Strategy, measured), which emptied its pickers.
CHOICES = {
    "class": """SELECT DISTINCT ?value ?label ?expected WHERE {
      ?value a ?expected .
      OPTIONAL { ?value <http://www.w3.org/2000/01/rdf-schema#label> ?label } FILTER (isIRI(?value)) %(offered)s }""",
    "scheme": """SELECT DISTINCT ?value ?label ?expected WHERE {
      ?value <http://www.w3.org/2004/02/skos/core#inScheme> ?expected .
      OPTIONAL { ?value <http://www.w3.org/2000/01/rdf-schema#label> ?label } FILTER (isIRI(?value)) %(offered)s }""",
}
OFFERED = {
    "property": "FILTER EXISTS { ?holder ?offeredBy ?value }",
    "of": "FILTER EXISTS { ?holder ?offeredBy ?value ; a ?offeredOf }",
}
"""A parameter's `offer: {property, of}` keeps a picker to the values that give rows: those some
resource (of the class `of`) has as its `property` (a status some strategy has, a theme some
statement is tagged with). The property and class are bound, never pasted."""


def choices_query(spec: dict) -> tuple[str, dict]:
    """The query listing an IRI parameter's values (see CHOICES, OFFERED), with its bindings."""
    kind = "class" if "class" in spec else "scheme"
    offer = spec.get("offer") or {}
    bound = {"expected": ("iri", spec[kind])}
    offered = ""
    if offer:
        offered = OFFERED["of" if "of" in offer else "property"]
        bound["offeredBy"] = ("iri", offer["property"])
        if "of" in offer:
            bound["offeredOf"] = ("iri", offer["of"])
    return CHOICES[kind] % {"offered": offered}, bound


@dataclass(frozen=True)
class Choice:
    iri: str
    slug: str
    """The shortest ending of the IRI's path that no other choice shares."""
    labels: tuple[str, ...] = ()


def choices_of(rows: list[dict]) -> list[Choice]:
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


def pick(parameter: str, raw: str, options: list[Choice]) -> str:
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
