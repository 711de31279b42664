"""What is left to do in a draft: `hva-graph validate --draft PATH`.

A curator is done with a draft when no proposal is left to confirm, every English label is
written, nothing violates the shapes and every passage still points at its quote in the source
text beside the draft. This lists, per statement, what stands between the draft and that, in
the draft's own order; Swedish labels are optional and only counted.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from ..knowledge.checked import validate
from ..knowledge.loading import DataFileError, parse_file
from ..knowledge.validation import ValidationReport
from ..namespaces import HVA, OA
from ..settings import Settings
from . import turtle

LEFT_RULE = "rule proposals-left"
"""The rule (shapes/proposals-left-violation.rq) that refuses what this lists item by item."""
ENGLISH_LABEL = "hvash:EnglishLabel"
"""The shape that warns of a missing English label: listed here as a label to write instead."""


@dataclass
class Statement:
    iri: str
    label: str
    proposals: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[str]:
        return ([f"confirm {proposal}" for proposal in self.proposals]
                + [f"write the {language} label" for language in self.labels]
                + [f"fix: {violation}" for violation in self.violations])


@dataclass
class DraftReport:
    draft: Path
    statements: list[Statement]
    swedish_missing: int
    warnings: list[str]
    elsewhere: int
    """Violations of the data the draft was checked with, outside the draft."""

    @property
    def done(self) -> bool:
        return not any(s.items for s in self.statements) and not self.elsewhere

    def count(self, attribute: str) -> int:
        return sum(len(getattr(s, attribute)) for s in self.statements)


def draft_file(path: Path) -> Path:
    """The draft's source graph: PATH itself, or the one source-NNN.ttl in the folder PATH."""
    path = Path(path)
    if path.is_dir():
        found = sorted(path.glob("source-*.ttl"))
        if len(found) != 1:
            raise DataFileError(path, f"a draft folder holds one source-NNN.ttl; this one holds {len(found)}")
        return found[0]
    if not path.is_file():
        raise DataFileError(path, "no such draft")
    return path


def left_to_do(settings: Settings, path: Path) -> DraftReport:
    """Validate the draft with the data (its own file name replaces one of data/'s) and list
    what is left; raises DataFileError if the draft or the data cannot be read."""
    draft = draft_file(path)
    others = [f for f in settings.data_files if f.name != draft.name]
    report = validate(dataclasses.replace(settings, data_paths=(*others, draft)))
    return listed(draft, parse_file(draft), report, settings.seeds)


def listed(draft: Path, graph: Graph, report: ValidationReport, seeds: Path) -> DraftReport:
    """What is left in the draft (its file and its graph), from the report of a check of it
    with the data: left_to_do's list, also for a check made another way (the review page's)."""
    statements = {iri: Statement(iri, _label(graph, URIRef(iri))) for iri in _ordered_subjects(graph)}
    for iri, statement in statements.items():
        subject = URIRef(iri)
        nodes = sorted(graph.objects(subject, HVA.proposal),
                       key=lambda node: (turtle.predicate_key(graph.value(node, HVA.proposedProperty)),
                                         str(graph.value(node, HVA.cue))))
        statement.proposals = [_proposal(graph, subject, node) for node in nodes]
        statement.labels = ["English"] if _missing(graph, subject, "en") else []
    elsewhere = 0
    for finding in report.violations:
        if finding.shape == LEFT_RULE:
            continue
        owner = owner_of(graph, finding.focus)
        if owner in statements:
            statements[owner].violations.append(_violation(finding))
        else:
            elsewhere += 1
    for iri, problem in _passage_problems(graph, draft.parent, seeds):
        statements.setdefault(iri, Statement(iri, _label(graph, URIRef(iri)))).violations.append(problem)
    swedish = sum(1 for iri in statements if _missing(graph, URIRef(iri), "sv"))
    warnings = [f"{w.focus}: {w.message}" for w in report.warnings if owner_of(graph, w.focus) in statements
                and not (w.shape == ENGLISH_LABEL and statements[owner_of(graph, w.focus)].labels)]
    return DraftReport(draft, [s for s in statements.values() if s.items], swedish, warnings, elsewhere)


def _ordered_subjects(graph: Graph) -> list[str]:
    """The draft's named subjects in the order the draft file writes them."""
    return [str(s) for s in turtle.subject_order(graph) if isinstance(s, URIRef)]


def _label(graph: Graph, subject: URIRef) -> str:
    return turtle.literal_in(graph, subject, RDFS.label, "fi") or ""


def _missing(graph: Graph, subject: URIRef, language: str) -> bool:
    return any(str(tag).lower() == language for tag in graph.objects(subject, HVA.missingLabel))


def _proposal(graph: Graph, subject: URIRef, node) -> str:
    prop = graph.value(node, HVA.proposedProperty)
    values = sorted(turtle.name(str(v)) if isinstance(v, URIRef) else str(v) for v in graph.objects(subject, prop))
    name = turtle.name(str(prop)) if prop is not None else "(no property named)"
    shown = ", ".join(values) if values else "no value"
    return f"{name} = {shown} (cue \"{graph.value(node, HVA.cue) or ''}\", rule {graph.value(node, HVA.rule) or '?'})"


_IRI = re.compile(r"<([^>]+)>")


def owner_of(graph: Graph, focus: str) -> str | None:
    """The draft's subject a finding is about: its focus, or what cites its passage or period."""
    match = _IRI.search(focus)
    if match is None:
        return None
    node = URIRef(match.group(1))
    for predicate in (HVA.passage, HVA.statusPassage, DCTERMS.temporal):
        citing = next(iter(sorted(graph.subjects(predicate, node))), None)
        if citing is not None:
            return str(citing)
    return str(node) if (node, None, None) in graph else None


def _violation(finding) -> str:
    value = f" ({finding.value})" if finding.value else ""
    return f"{finding.message}{value}"


def _passage_problems(graph: Graph, folder: Path, seeds: Path):
    """(statement, problem) for each passage whose quote is not the source text at its offsets."""
    texts: dict[str, str | None] = {}
    for statement, passage in sorted(graph.subject_objects(HVA.passage)):
        source = graph.value(passage, OA.hasSource)
        name = str(graph.value(source, DCTERMS.identifier) or "")
        if name not in texts:
            texts[name] = _source_text(name, folder, seeds)
        text = texts[name]
        exact, start, end = _selectors(graph, passage)
        if text is None:
            yield str(statement), f"the source file {name or '(unnamed)'} is neither beside the draft nor in {seeds}"
        elif None in (exact, start, end) or text[start:end] != exact:
            yield str(statement), f"its passage does not quote {name}[{start}:{end}]: the quote and the offsets disagree"


def _source_text(name: str, folder: Path, seeds: Path) -> str | None:
    for candidate in (folder / name, seeds / name):
        if name and candidate.is_file():
            with open(candidate, encoding="utf-8", newline="") as file:
                return file.read()
    return None


def _selectors(graph: Graph, passage):
    exact = start = end = None
    for selector in graph.objects(passage, OA.hasSelector):
        if isinstance(selector, (BNode, URIRef)):
            exact = graph.value(selector, OA.exact) if exact is None else exact
            start = graph.value(selector, OA.start) if start is None else start
            end = graph.value(selector, OA.end) if end is None else end
    as_int = (lambda v: int(v) if isinstance(v, Literal) else None)
    return (str(exact) if exact is not None else None), as_int(start), as_int(end)


def format_left(report: DraftReport) -> str:
    lines = []
    for statement in report.statements:
        label = f' "{statement.label}"' if statement.label else ""
        lines.append(f"<{statement.iri}>{label}")
        lines += [f"  - {item}" for item in statement.items]
    lines += [f"warning: {warning}" for warning in report.warnings]
    if report.elsewhere:
        lines.append(f"{report.elsewhere} violation(s) in the data the draft was checked with, outside the draft "
                     "(hva-graph validate names them)")
    summary = (f"{report.count('proposals')} proposal(s) to confirm, {report.count('labels')} English label(s) to "
               f"write, {report.count('violations')} violation(s) to fix; {report.swedish_missing} Swedish label(s) "
               "not written (optional)")
    verdict = "done: nothing is left to do" if report.done else f"left to do in {report.draft}"
    lines.append(f"{verdict}: {summary}" if not report.done else f"{verdict} ({summary})")
    return "\n".join(lines)
