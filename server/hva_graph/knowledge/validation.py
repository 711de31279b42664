"""SHACL validation of the knowledge with pyshacl, and a report a curator can read."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from ..namespaces import PREFIXES, RELEASES_GRAPH, SH
from ..settings import Settings, expand_paths
from .loading import parse_file
from .model import Knowledge, data_version

VERDICT_FORMAT = 2
"""The version of how validate_knowledge judges (pyshacl's options, the findings it adds): part
of the verdict's cache key (with pyshacl's version and the shapes' bytes), so a change here must
raise it or an old verdict would stand."""
UNIT_VERDICT_FORMAT = 1
"""The version of how one unit's findings are made (per_unit.validate_one: the unit's data, the
core shapes, the focus filter, the findings' rendering): part of each unit's cache key."""


@dataclass(frozen=True)
class Finding:
    severity: str
    focus: str
    path: str
    shape: str
    message: str
    value: str = ""


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        """Conforms when nothing is a violation; warnings are allowed."""
        return not self.violations


def load_shapes(settings: Settings) -> Graph:
    shapes = Graph()
    for path in expand_paths([settings.shapes_dir]):
        shapes += parse_file(path)
    for prefix, namespace in PREFIXES.items():
        shapes.namespace_manager.bind(prefix, namespace, override=True)
    return shapes


def shapes_version(settings: Settings) -> str:
    """A digest of the shapes' and rules' bytes: a verdict or a dump made under other shapes is another one."""
    return data_version([*expand_paths([settings.shapes_dir]), *rule_files(settings)])


@dataclass(frozen=True)
class Rule:
    """A rule SHACL says badly, as a SPARQL SELECT (shapes/NAME-violation.rq, the OBO ODK habit):
    every row it returns is a violation, focused on its first variable."""
    name: str
    message: str
    sparql: str


def rule_files(settings: Settings) -> list:
    return sorted(settings.shapes_dir.glob("*-violation.rq"))


def load_rules(settings: Settings) -> tuple[Rule, ...]:
    """The rules; the message is the first line of the file's opening comment."""
    rules = []
    for path in rule_files(settings):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        rules.append(Rule(path.name.removesuffix("-violation.rq"), first.lstrip("# ").strip() or path.name, text))
    return tuple(rules)


def rule_findings(store: ox.Store, rules: tuple[Rule, ...]) -> list[Finding]:
    """Run the rules with Oxigraph over a store's data (all of its graphs as one default graph)."""
    findings = []
    for rule in rules:
        solutions = store.query(rule.sparql, use_default_graph_as_union=True)
        names = [variable.value for variable in solutions.variables]
        for solution in solutions:
            cells = [solution[name] for name in names]
            focus = f"<{cells[0].value}>" if isinstance(cells[0], ox.NamedNode) else str(cells[0])
            shown = [f"{name} = {cell.value}" for name, cell in zip(names[1:], cells[1:]) if cell is not None]
            findings.append(Finding("Violation", focus, "", f"rule {rule.name}", rule.message, "; ".join(shown)))
    return findings


def graph_rule_findings(data: Graph, rules: tuple[Rule, ...]) -> list[Finding]:
    """rule_findings over rdflib data (the reference path)."""
    if not rules:
        return []
    store = ox.Store()
    store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return rule_findings(store, rules)


def validate_knowledge(knowledge: Knowledge, shapes: Graph, rules: tuple[Rule, ...] = ()) -> ValidationReport:
    # graph/releases is served beside the data, no part of it: what the releases recorded is
    # not checked again (as the gate's pipeline does, which adds it after validating).
    data = knowledge.union(leave_out=(RELEASES_GRAPH,))
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    names = Names(data, shapes)
    findings = [finding_of(results, node, names) for node in results.subjects(RDF.type, SH.ValidationResult)]
    return report_of(findings + graph_rule_findings(data, rules), knowledge.inconsistencies)


def report_of(findings: list[Finding], inconsistencies: list[str]) -> ValidationReport:
    """The report: SHACL's findings and OWL RL's inconsistencies, in the curator's order."""
    findings = findings + [
        Finding("Violation", "(ontology and data)", "", "OWL RL consistency", message)
        for message in inconsistencies
    ]
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    findings.sort(key=lambda f: (order.get(f.severity, 3), f.focus, f.path, f.message))
    return ValidationReport(findings)


class Names:
    """Readable names for IRIs (prefixed) and blank nodes (what they hang from)."""

    def __init__(self, data: Graph, shapes: Graph):
        self.data, self.shapes = data, shapes
        for prefix, namespace in PREFIXES.items():
            data.namespace_manager.bind(prefix, namespace, override=True)
        shapes.namespace_manager.bind("hvash", "https://w3id.org/hva-graph/shapes#")

    def term(self, term, graph: Graph) -> str:
        if isinstance(term, URIRef):
            return term.n3(graph.namespace_manager)
        if isinstance(term, Literal):
            return str(term)
        if isinstance(term, BNode):
            for subject, predicate in graph.subject_predicates(term):
                return f"{self.term(subject, graph)} {self.term(predicate, graph)} […]"
        return str(term) if term is not None else ""

    def shape(self, shape) -> str:
        if isinstance(shape, URIRef):
            return self.term(shape, self.shapes)
        parent = next(self.shapes.subjects(SH.property, shape), None)
        path = self.shapes.value(shape, SH.path)
        if parent is not None:
            return f"{self.term(parent, self.shapes)} / {self.term(path, self.shapes)}"
        return self.term(shape, self.shapes)


def finding_of(results: Graph, node, names: Names) -> Finding:
    value = results.value(node, SH.value)
    return Finding(
        severity=str(results.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
        focus=names.term(results.value(node, SH.focusNode), names.data),
        path=names.term(results.value(node, SH.resultPath), names.data),
        shape=names.shape(results.value(node, SH.sourceShape)),
        message=str(results.value(node, SH.resultMessage) or "(no message)"),
        value=names.term(value, names.data) if value is not None else "",
    )


def format_report(report: ValidationReport) -> str:
    lines = []
    for f in report.findings:
        lines.append(f"{f.severity}: {f.message}")
        lines.append(f"  focus node: {f.focus}")
        if f.path:
            lines.append(f"  path:       {f.path}")
        if f.value:
            lines.append(f"  value:      {f.value}")
        lines.append(f"  shape:      {f.shape}")
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(
        f"{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)"
    )
    return "\n".join(lines)
