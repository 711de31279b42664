"""A strategy as its source reads: status, period and approval first, then mission, vision and
values, then the goal-like elements tier by tier under the source's own tier names, then every
other kind of element; each group in source order (hva:ordinal, so 2 comes before 10)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..namespaces import HVA
from ..readable.dates import When, when
from ..store.results import QueryJob
from .dated import row_when

ELEMENTS = """
PREFIX hva: <https://w3id.org/hva-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?iri ?element ?kind ?ordinal ?tier ?tierLevel WHERE {
  ?element hva:inStrategy ?iri ; a ?kind .
  FILTER (STRSTARTS(STR(?kind), STR(hva:)) && ?kind != hva:Tier)
  FILTER NOT EXISTS { ?element a ?narrower . ?narrower rdfs:subClassOf ?kind . FILTER (?narrower != ?kind) }
  # a decision is typed by its phase too (preparation or implementation): its kind is the decision
  FILTER NOT EXISTS { ?element a hva:Decision . FILTER (?kind IN (hva:PreparationEvent, hva:ImplementationEvent)) }
  OPTIONAL { ?element hva:ordinal ?ordinal }
  OPTIONAL { ?element hva:tier ?tier . ?tier hva:tierLevel ?tierLevel }
}"""
PERIOD = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX schema: <https://schema.org/>
SELECT ?iri ?status ?start ?end ?precision ?graph WHERE {
  OPTIONAL { ?iri schema:creativeWorkStatus ?status }
  OPTIONAL { ?iri dcterms:temporal ?period . ?period dcat:startDate ?start ; dcat:endDate ?end .
             OPTIONAL { ?period <https://w3id.org/hva-graph/ontology#datePrecision> ?precision } }
  OPTIONAL { GRAPH ?graph { ?iri a <https://w3id.org/hva-graph/ontology#Strategy> } }
}"""
APPROVAL_DATE = {"start": "start", "end": "end", "precision": "precision"}
"""The columns of the approvals query that hold a decision's time."""
FIRST = [str(HVA[name]) for name in ("Mission", "Vision", "Value")]
LAST = [str(HVA[name]) for name in ("ServicePromise", "EmployerPromise", "CriticalSuccessFactor", "Precondition",
                               "StrategicPrinciple", "FollowUpArrangement", "LegalRequirement", "Explanation")]
"""Kinds shown after the tiers, in this order; any other kind comes between, by its name."""


@dataclass
class Group:
    kind: str
    tier: str | None = None
    elements: list[str] = field(default_factory=list)


@dataclass
class Outline:
    status: str | None = None
    period: When | None = None
    approvals: list[dict] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    graph: str | None = None
    """The named graph of the strategy's source (its own dump file)."""

    @property
    def dump(self) -> str | None:
        """The file name of the source graph's Turtle dump (publish.dumps names it so)."""
        return f"hva-graph-{self.graph.rsplit('/', 1)[-1]}.ttl" if self.graph else None


def natural(text: str) -> list:
    """A sort key that reads the numbers in IRIs as numbers (explanation/2 before explanation/10)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def outline(service, canned, iri: str, kind_name) -> Outline:
    """kind_name(kind IRI) names a kind in the page's language (for the groups' order)."""
    bound = {"iri": ("iri", iri)}
    result = Outline()
    for row in _values(service, PERIOD, bound):
        result.status = row.get("status")
        if row.get("end"):
            result.period = when(row.get("start"), row.get("end"), row.get("precision"))
        result.graph = result.graph or row.get("graph")
    answer = canned.run("approvals", {}, {"tabular": "json"}) if canned.get("approvals") else None
    if answer is not None and answer.outcome.status == 200:
        result.approvals = [{**row, "when": row_when(row, APPROVAL_DATE)} for row in answer.outcome.bindings()
                            if row["strategy"]["value"] == iri and "decision" in row]
    groups: dict[tuple, Group] = {}
    placed: dict[str, tuple] = {}
    for row in _values(service, ELEMENTS, bound):
        key = (row["kind"], row.get("tier"))
        groups.setdefault(key, Group(row["kind"], row.get("tier")))
        placed[row["element"]] = (key, int(row.get("tierLevel", 0) or 0), int(row.get("ordinal", 0) or 0))
    for element, (key, _, _) in sorted(placed.items(), key=lambda item: (item[1][2], natural(item[0]))):
        groups[key].elements.append(element)
    levels = {key: level for key, level, _ in placed.values()}
    result.groups = sorted(groups.values(), key=lambda g: _group_order(g, levels[(g.kind, g.tier)], kind_name))
    return result


def _group_order(group: Group, level: int, kind_name) -> tuple:
    kind = group.kind
    if kind in FIRST:
        return (0, FIRST.index(kind), "")
    if group.tier:
        return (1, level, kind_name(group.kind))
    if kind in LAST:
        return (3, LAST.index(kind), "")
    return (2, 0, kind_name(group.kind))


def _values(service, query: str, bound: dict) -> list[dict]:
    """The rows; a failed query is an error of this code, not an empty strategy."""
    outcome = service.runner.run(QueryJob(query, {"tabular": "json"}, result_limit=10_000, substitutions=bound))
    if outcome.status != 200:
        raise RuntimeError(f"the strategy outline's query failed: {outcome.message}")
    return outcome.values()
