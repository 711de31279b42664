"""Canned queries: queries/*.rq, each with a front-matter header of `#+ ` lines (YAML).

    #+ title: {fi: ..., en: ...}
    #+ description: {fi: ..., en: ...}
    #+ questions: [1]                  # competency questions it answers
    #+ parameters:
    #+   county: {type: iri, default: "https://w3id.org/hva-graph/id/organisation/pohjois-karjala"}
    #+ chart: {type: bar, x: theme, y: count}

One loader for the server, the editor tabs and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml


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
    )


def load_queries(folder: Path) -> dict[str, CannedQuery]:
    """All canned queries by name, in name order."""
    return {path.stem: load_query(path) for path in sorted(Path(folder).glob("*.rq"))}
