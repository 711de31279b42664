"""Canned queries as files: queries/*.rq, each with a front-matter header of `#+ ` lines (YAML).

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
    #+   when: {fi: Ajankohta, sv: Tidpunkt, en: When, date: {start: start, end: end, precision: precision}}
    #+ grid: {rows: ordinal, cells: [label, labelEn]}   # strategies as columns
    #+ lists: {matched: " | "}                          # a GROUP_CONCAT column, sorted after the query
    #+ absent: {fi: ..., sv: ..., en: ...}             # why a strategy can have no rows

Titles, descriptions and column names are in fi, sv and en; the loader refuses a query whose
result variables are not all named. A column may be hidden (still in the downloads), link its
text to the IRI of another column, and say which language its text is in. A `date` column is
not in the answer: the pages make it from the columns it names (web/dated.py), so people read a
date at its source's precision while machines get the ISO values and the precision.

One loader for the server, the editor tabs and the tests (parameters.py binds their
parameters, answers.py runs them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..sparql.text import QueryFacts, read_query

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
    lists: dict[str, str] = field(default_factory=dict)
    """Columns holding a list (GROUP_CONCAT) by their separator: put in order after the query
    (canned/lists.py), as no engine promises GROUP_CONCAT's order."""

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
        lists=meta.get("lists") or {},
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
        parts = spec.get("date") or {}
        if parts and (set(parts) - {"start", "end", "precision", "of"} or not set(parts.values()) <= set(columns)):
            raise QueryFileError(f"{path}: date column {variable} takes start, end, precision (and of), each a column")
    return columns


def load_queries(folder: Path) -> dict[str, CannedQuery]:
    """All canned queries by name, in name order."""
    return {path.stem: load_query(path) for path in sorted(Path(folder).glob("*.rq"))}


def load_questions(folder: Path) -> dict[int, dict[str, str]]:
    """The competency questions in fi and en (queries/questions.yaml), by number."""
    path = Path(folder) / "questions.yaml"
    try:
        questions = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise QueryFileError(f"{path}: {error}") from None
    return {int(number): text for number, text in questions.items()}
