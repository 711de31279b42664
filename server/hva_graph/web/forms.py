"""The parameter form of a canned query: every IRI parameter offers its values by name (a
select for a short list such as themes, statuses or strategies; a text field with a <datalist>
for the long list of statements), in the page's language. Each option's value is the IRI's
short name, which the query binding turns back into the IRI (queries.CannedQueries.resolve)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .site import ENDONYMS, language, name, site

SELECT_MAX = 60
"""Longer lists are typed with suggestions instead of scrolled through."""


@dataclass(frozen=True)
class Option:
    value: str
    text: str
    selected: bool = False


@dataclass
class Field:
    name: str
    label: str
    kind: str
    """select, datalist, number, search or text."""
    value: str = ""
    optional: bool = False
    options: list[Option] = field(default_factory=list)


PAGE_LANGUAGE = "lang"
"""The parameter that names the language of an answer's names: on a page, the page's own."""


def fields(query, values: dict[str, str]) -> list[Field]:
    lang = language()
    return [_field(query, parameter, spec, values.get(parameter, ""), lang)
            for parameter, spec in query.parameters.items() if parameter != PAGE_LANGUAGE]


def _field(query, parameter: str, spec: dict, value: str, lang: str) -> Field:
    label = (spec.get("label") or {}).get(lang, parameter)
    optional = bool(spec.get("optional"))
    if spec.get("choices"):
        options = [Option(choice, ENDONYMS.get(choice, choice), choice == value) for choice in spec["choices"]]
        return Field(parameter, label, "select", value, optional, options)
    choices = site().queries.choices(query, parameter)
    if choices:
        kind = "select" if len(choices) <= SELECT_MAX else "datalist"
        site().labels.prefetch(c.iri for c in choices)  # in a few queries, not one per option
        owners = {s.iri for s in site().strategies.all()} if kind == "datalist" else set()
        options = sorted((Option(c.slug, _text(c.iri, kind, lang, owners), c.iri == value) for c in choices),
                         key=lambda option: option.text.casefold())
        shown = next((o.value for o in options if o.selected), value)
        return Field(parameter, label, kind, shown, optional, options)
    kind = {"integer": "number", "search": "search"}.get(spec.get("type", "string"), "text")
    return Field(parameter, label, kind, value, optional)


def _text(iri: str, kind: str, lang: str, owners: set[str]) -> str:
    """An option's name; a statement's also says whose it is (the strategy its IRI lies under),
    as its text may recur elsewhere."""
    text = name(iri, lang).text
    if kind != "datalist":
        return text
    owner = _owner(iri, owners)
    return f"{text} — {name(owner, lang, short_name=True).text}" if owner else text


def _owner(iri: str, owners: set[str]) -> str | None:
    path = iri
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        if path in owners:
            return path
    return None
