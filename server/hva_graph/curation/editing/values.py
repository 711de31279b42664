"""Correcting the other values the machine proposed: a decision's kind, a document's status,
whether an event was held, who held it and to whom it went, what a statement concerns or
explains, the groups consulted, a respondent count, a tier's level, the strategy's county.

Each is a property whose values come from one place: a scheme of data/ (kinds, statuses,
groups), the counties of data/organisations.ttl, the draft itself (its bodies, council groups,
organisations and statements), or a number. A strategy's status is a stage of the strategy, a
kind of document only a source document's (hvash:StrategyStatusShape, read from the shapes); a
council group holds meetings but takes no decision (hvash:DecisionShape). A strategy's IRI names
its county ({county}-{first}-{last}) and a body's IRI its county's, so a new county renames them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SH, SKOS, XSD

from ...namespaces import HVA, ID, SCHEMA
from .kinds import Classes
from .naming import rename
from .nodes import delete, drop_proposals, require
from .selectors import EditError


@dataclass(frozen=True)
class Field:
    prop: URIRef
    label: str
    source: str
    """Where its values come from: a scheme IRI, "organisations", "individuals", "bodies",
    "recipients", "statements" or "integer"."""
    multiple: bool = False
    classes: tuple = ()
    """Classes whose statements always show the field (others show it when they have a value or a proposal)."""
    minimum: int = 0


FIELDS = (
    Field(DCTERMS.type, "Kind of decision", str(ID["decision-kinds"]), classes=(HVA.Decision,)),
    Field(SCHEMA.creativeWorkStatus, "Status", str(ID["document-statuses"]), classes=(HVA.Strategy, HVA.SourceDocument)),
    Field(HVA.organiser, "County", "organisations", classes=(HVA.Strategy,)),
    Field(HVA.eventStatus, "Held or planned", "individuals", classes=(HVA.StrategyEvent,)),
    Field(HVA.heldBy, "Held by", "bodies", multiple=True, classes=(HVA.StrategyEvent,)),
    Field(SCHEMA.recipient, "Sent to", "recipients", multiple=True),
    Field(HVA.concerns, "Concerns", "statements", multiple=True, classes=(HVA.StrategyEvent,)),
    Field(HVA.explains, "Explains", "statements", multiple=True, classes=(HVA.Explanation,)),
    Field(HVA.stakeholderGroup, "Groups", str(ID["stakeholder-groups"]), multiple=True,
          classes=(HVA.Consultation, HVA.ConsultationPurpose)),
    Field(HVA.respondentCount, "Respondents", "integer", classes=(HVA.Survey,)),
    Field(HVA.tierLevel, "Level of the tier (1 at the top)", "integer", classes=(HVA.Tier,), minimum=1),
)
FIELD = {field.prop: field for field in FIELDS}
INDIVIDUALS = {HVA.eventStatus: {HVA.Held: "held", HVA.Planned: "planned"}}
_STRATEGY = re.compile(r"^(.*/strategy/)(.+)-(\d{4})-(\d{4})$")
STAGES = "strategy-stages"
"""The key of the statuses a strategy may have among the known choices."""


def strategy_stages(shapes: Path) -> dict[URIRef, str]:
    """The statuses hvash:StrategyStatusShape allows a strategy (its stages), by the shape itself:
    one rule for the checker and the editor."""
    graph = Graph().parse(shapes)
    shape = URIRef("https://w3id.org/hva-graph/shapes#StrategyStatusShape")
    listed = next((graph.value(p, SH["in"]) for p in graph.objects(shape, SH.property)
                   if graph.value(p, SH.path) == SCHEMA.creativeWorkStatus), None)
    return {URIRef(str(c)): str(c).rsplit("/", 1)[-1] for c in Collection(graph, listed)} if listed else {}


def vocabularies(data: Graph) -> dict[str, dict[URIRef, str]]:
    """The choices the data offers: each SKOS scheme's concepts, by the scheme's IRI, and the
    counties and Helsinki ("organisations"); English labels, in label order."""
    def named(nodes) -> dict[URIRef, str]:
        found = {n: str(next((o for o in data.objects(n, RDFS.label) if o.language == "en"), n)) for n in set(nodes)}
        return dict(sorted(found.items(), key=lambda item: item[1]))
    found = {str(scheme): named(data.subjects(SKOS.inScheme, scheme)) for scheme in data.subjects(RDF.type, SKOS.ConceptScheme)}
    found["organisations"] = named(s for s in data.subjects(RDF.type, None)
                                   if (s, RDF.type, HVA.ServiceOrganiser) in data
                                   or (s, RDF.type, HVA.WellbeingServicesCounty) in data)
    return found


def fields_of(graph: Graph, classes: Classes, subject) -> list[Field]:
    """The fields the editor shows for a subject: those its class calls for, and any it has a value
    or a proposal for."""
    proposed = {graph.value(node, HVA.proposedProperty) for node in graph.objects(subject, HVA.proposal)}
    return [field for field in FIELDS if (subject, field.prop, None) in graph or field.prop in proposed
            or any(classes.is_a(graph, subject, cls) or (subject, RDF.type, cls) in graph for cls in field.classes)]


def choices(graph: Graph, field: Field, known: dict[str, dict[URIRef, str]], subject=None) -> dict[URIRef, str]:
    """What the field's values may be (for this subject, where that matters)."""
    if field.prop == SCHEMA.creativeWorkStatus and subject is not None and (subject, RDF.type, HVA.Strategy) in graph \
            and known.get(STAGES):
        return {iri: label for iri, label in known.get(field.source, {}).items() if iri in known[STAGES]}
    if field.source == "organisations":
        return {**known.get("organisations", {}),
                **{u: str(graph.value(u, RDFS.label) or u) for u in graph.subjects(RDF.type, HVA.UnidentifiedCounty)}}
    if field.source in known:
        return known[field.source]
    if field.source == "individuals":
        return INDIVIDUALS[field.prop]
    if field.source == "bodies":  # a body, the council groups, or the organiser itself
        holders = set(graph.subjects(ORG.unitOf, None)) | set(graph.objects(None, HVA.organiser))
        if subject is None or (subject, RDF.type, HVA.Decision) not in graph:
            holders |= set(graph.subjects(RDF.type, HVA.CouncilGroup))
        return {b: str(graph.value(b, RDFS.label) or b) for b in sorted(holders)}
    if field.source == "recipients":
        return {o: str(graph.value(o, RDFS.label) or o) for o in sorted(graph.subjects(RDF.type, ORG.FormalOrganization))}
    if field.source == "statements":
        subjects = set(graph.subjects(HVA.inStrategy, None)) | set(graph.subjects(RDF.type, HVA.Strategy))
        return {s: str(s).rsplit("/strategy/", 1)[-1] for s in sorted(subjects, key=str)}
    return {}


def set_values(graph: Graph, classes: Classes, subject, prop, values: list, known: dict) -> URIRef:
    """The subject's values of the property are exactly these (IRIs of its choices, or one number)."""
    subject, prop = require(graph, subject), URIRef(str(prop))
    field = FIELD.get(prop)
    if field is None:
        raise EditError(f"<{prop}> is not a value the page corrects")
    values = [v for v in values if str(v).strip()]
    if len(values) > 1 and not field.multiple:
        raise EditError(f"{field.label}: one value")
    if field.source == "integer":
        terms = [Literal(_number(field, v), datatype=XSD.integer) for v in values]
    else:
        allowed = choices(graph, field, known, subject)
        terms = [URIRef(str(v)) for v in values]
        if prop == HVA.heldBy and (subject, RDF.type, HVA.Decision) in graph \
                and any((t, RDF.type, HVA.CouncilGroup) in graph for t in terms):
            raise EditError(f"{field.label}: a council group is no body of the county and takes none of its "
                            "decisions; make its meeting an event of another class first")
        if unknown := [str(t) for t in terms if t not in allowed]:
            raise EditError(f"{field.label}: not one of the choices: {', '.join(unknown)}")
    old = list(graph.objects(subject, prop))
    graph.remove((subject, prop, None))
    for term in terms:
        graph.add((subject, prop, term))
    drop_proposals(graph, subject, prop)
    if prop == HVA.organiser and terms and old != terms and (subject, RDF.type, HVA.Strategy) in graph:
        return _moved_to_county(graph, subject, old, terms[0])
    return subject


def _number(field: Field, value) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise EditError(f"{field.label}: a whole number, not {value!r}") from None
    if number < field.minimum:
        raise EditError(f"{field.label}: at least {field.minimum}")
    return number


def _moved_to_county(graph: Graph, strategy: URIRef, old: list, county: URIRef) -> URIRef:
    """The strategy and its bodies named after their new county; an unidentified county the
    draft made goes when nothing names it any more."""
    slug = str(county).rstrip("/").rsplit("/", 1)[-1]
    mapping = {}
    match = _STRATEGY.match(str(strategy))
    if match is not None:
        mapping[strategy] = URIRef(f"{match.group(1)}{slug}-{match.group(3)}-{match.group(4)}")
    for previous in old:
        for body in list(graph.subjects(ORG.unitOf, previous)):
            graph.set((body, ORG.unitOf, county))
            mapping[body] = URIRef(f"{county}/body/{str(body).rsplit('/', 1)[-1]}")
    taken = [new for new in mapping.values() if (new, None, None) in graph]
    if taken:
        raise EditError(f"<{taken[0]}> is already a node of the draft")
    rename(graph, mapping)
    for previous in old:
        if (previous, RDF.type, HVA.UnidentifiedCounty) in graph and next(graph.subjects(None, previous), None) is None:
            delete(graph, previous)
    return mapping.get(strategy, strategy)
