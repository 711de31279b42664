"""Publishing a finished draft: its source graph into data/, its source text into sources/, its
theme tags into data/annotations.ttl (where curated theme tags live), only when the draft
validates with all the data and nothing is left to do (todo.left_to_do), never over a file that
exists. The data is validated again as published; on any failure everything is put back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_isomorphic

from ...knowledge.cache import atomic_write
from ...knowledge.checked import validate
from ...knowledge.validation import format_report
from ...namespaces import HVA
from ...settings import Settings
from .. import turtle
from ..todo import format_left, left_to_do
from .draft import Draft

ANNOTATIONS = "annotations.ttl"
_SECTION = re.compile(r"^# ([a-z0-9-]+-\d{4}-\d{4})\s*$")


class NotPublished(Exception):
    """Why the draft was not published, and what is left to do (one line each)."""

    def __init__(self, message: str, left: list[str] | None = None):
        super().__init__(message)
        self.left = left or []


@dataclass
class Published:
    data_file: Path
    source_file: Path
    themes: int
    """Theme tags moved to annotations.ttl."""
    removed: list[Path] = field(default_factory=list)
    """The draft's files, gone from drafts/."""


def publish(settings: Settings, draft: Draft) -> Published:
    data_file, source_file = settings.data_dir / draft.file.name, settings.seeds / draft.text_file.name
    for target in (data_file, source_file):
        if target.exists():
            raise NotPublished(f"{target} exists already: publishing never overwrites a file")
    left = left_to_do(settings, draft.file)
    if not left.done:
        raise NotPublished("the draft is not finished", format_left(left).splitlines())
    graph, tags = curated(draft.graph)
    annotations = settings.data_dir / ANNOTATIONS
    before = annotations.read_bytes() if tags else None
    written: list[Path] = []
    try:
        _create(data_file, turtle.write(graph).encode("utf-8"), written)
        _create(source_file, draft.text_file.read_bytes(), written)
        if tags:
            atomic_write(annotations, with_themes(before.decode("utf-8"), tags).encode("utf-8"))
        report = validate(settings)
        if not report.conforms:
            raise NotPublished("the data with the draft in it does not validate", format_report(report).splitlines())
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        if before is not None:
            atomic_write(annotations, before)
        raise
    removed = [draft.file, draft.text_file]
    for path in removed:
        path.unlink()
    return Published(data_file, source_file, len(tags), removed)


def curated(draft: Graph) -> tuple[Graph, Graph]:
    """The source graph as curated data (no hva:missingLabel left: a Swedish label not written
    is simply absent, as in the other sources), and its theme tags apart."""
    graph, tags = Graph(), Graph()
    for triple in draft:
        if triple[1] == HVA.theme:
            tags.add(triple)
        elif triple[1] != HVA.missingLabel:
            graph.add(triple)
    return graph, tags


def with_themes(text: str, tags: Graph) -> str:
    """annotations.ttl with a section of the strategy's theme tags, one line per statement, in
    the order of the sections ("# {strategy}", then `<statement> hva:theme theme:x , … .`)."""
    by_statement: dict = {}
    for statement, _, theme in tags:
        by_statement.setdefault(statement, []).append(theme)
    strategy = str(sorted(by_statement, key=str)[0]).rsplit("/", 2)[0].rsplit("/", 1)[-1]
    section = [f"# {strategy}"] + [
        f"{turtle.name(str(s))} hva:theme {' , '.join(turtle.name(str(t)) for t in sorted(by_statement[s]))} ."
        for s in sorted(by_statement, key=_natural)]
    lines = text.split("\n")
    headers = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _SECTION.match(line))]
    if any(name == strategy for _, name in headers):
        raise NotPublished(f"{ANNOTATIONS} has theme tags of {strategy} already")
    after = [i for i, name in headers if name > strategy]
    tagged = [i for i, line in enumerate(lines) if " hva:theme " in line]
    at = after[0] if after else (tagged[-1] + 1 if tagged else len(lines))
    result = "\n".join([*lines[:at], *section, *lines[at:]])
    _same_plus(text, result, tags)
    return result


def _natural(term) -> list:
    """event/9 before event/10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(term))]


def _same_plus(old: str, new: str, tags: Graph) -> None:
    """The new annotations say exactly what the old ones said and the tags (else the file's
    prefixes are not the writer's, and nothing is written)."""
    expected = turtle.read(old) + tags
    if to_isomorphic(turtle.read(new)) != to_isomorphic(expected):
        raise NotPublished(f"the theme tags cannot be written into {ANNOTATIONS} in its own layout")


def _create(path: Path, data: bytes, written: list[Path]) -> None:
    with open(path, "xb") as handle:
        written.append(path)
        handle.write(data)
