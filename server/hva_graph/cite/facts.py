"""What a citation of a statement, strategy or source document names, read from the graph.

    statement  its label and passage, in its strategy's document by its county
    strategy   its document's title, by its county, with the passage that shows its status
    document   the same, with the document's own status (a web summary, a draft …)

The date is the one the source gives beside the status (status_date), at its precision; where
the passage that shows the status gives no date, the citation has none. The release cited is
release_of(service), the one place that says which data version a citation was read from
(a statement as an older release had it is at its IRI with ?release=NUMBER)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..readable.dates import When, when
from ..knowledge import released
from ..knowledge.released import DamagedRelease
from ..store.results import QueryJob

PREFIXES = """PREFIX hva: <https://w3id.org/hva-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
WHAT = {  # tried in this order; each starts from the IRI, so it costs a look-up, however large the graph
    "statement": PREFIXES + """SELECT ?strategy ?document ?statusOf ?passage WHERE {
      ?iri hva:inStrategy ?strategy ; hva:passage ?passage . ?strategy hva:describedIn ?document .
      BIND (?strategy AS ?statusOf) }""",
    "strategy": PREFIXES + """SELECT ?strategy ?document ?statusOf ?passage WHERE {
      ?iri a hva:Strategy ; hva:describedIn ?document ; hva:statusPassage ?passage .
      BIND (?iri AS ?strategy) BIND (?iri AS ?statusOf) }""",
    "document": PREFIXES + """SELECT ?strategy ?document ?statusOf ?passage WHERE {
      ?iri a hva:SourceDocument ; hva:describes ?strategy ; hva:statusPassage ?passage .
      BIND (?iri AS ?document) BIND (?iri AS ?statusOf) }""",
}
"""Which of the three the IRI is: the strategy and document it belongs to, whose status the
citation gives (the strategy's, or a document's own), and the passage cited."""
DETAILS = PREFIXES + """
SELECT ?county ?countyName ?title ?status ?statusName ?label ?file ?start ?end ?exact WHERE {
  ?strategy hva:organiser ?county ; rdfs:label ?title .
  FILTER (LANG(?title) = "fi")
  ?document dcterms:identifier ?file .
  ?passage oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] ,
                          [ a oa:TextQuoteSelector ; oa:exact ?exact ] .
  OPTIONAL { ?county rdfs:label ?countyName }
  OPTIONAL { ?statusOf schema:creativeWorkStatus ?status . OPTIONAL { ?status rdfs:label ?statusName } }
  OPTIONAL { ?iri rdfs:label ?label . FILTER (LANG(?label) = "fi") }
}"""
STATUS_DATE = PREFIXES + """
SELECT ?from ?to ?shownText ?at ?until ?start ?end ?precision WHERE {
  ?statusOf hva:statusPassage ?shown .
  ?shown oa:hasSource ?source ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?from ; oa:end ?to ] ,
                                               [ a oa:TextQuoteSelector ; oa:exact ?shownText ] .
  ?decision a hva:Decision ; hva:inStrategy ?strategy ; hva:passage ?told ; schema:endDate ?end ;
            hva:datePrecision ?precision .
  ?told oa:hasSource ?source ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?at ; oa:end ?until ] .
  OPTIONAL { ?decision schema:startDate ?start }
} ORDER BY ?at"""
"""The passage that shows the status, and the strategy's decisions with their times."""


@dataclass(frozen=True)
class Cited:
    iri: str
    kind: str
    """statement, strategy or document."""
    county: dict[str, str]
    """The county's name by language."""
    title: str
    """The strategy's name in Finnish, the language of its source."""
    status: dict[str, str] = field(default_factory=dict)
    """The status's name by language (empty where the data has none)."""
    date: When | None = None
    label: str | None = None
    """A statement's Finnish label (its title in a citation)."""
    file: str = ""
    start: int = 0
    end: int = 0
    exact: str = ""
    release: str = ""


def release_of(service) -> str:
    """The data release a citation is read from: the release's number (2026.12.1) when the data
    served is a release (its canonical digest is the release's), else the data version, the digest
    that ETags, dumps and /health carry (a working copy; or a releases folder that cannot be read,
    which never makes the served data less citable)."""
    try:
        release = released.release_of(service.settings, service.version)
    except DamagedRelease:
        release = None
    return release.number if release is not None else service.version


def cited(service, iri: str) -> Cited | None:
    """The facts for citing `iri`; None when it is not a statement, strategy or source document."""
    kind, what = next(((kind, rows[0]) for kind, query in WHAT.items()
                       if (rows := _rows(service, query, {"iri": ("iri", iri)}))), (None, None))
    if what is None:
        return None
    bound = {"iri": ("iri", iri), **{name: ("iri", what[name]["value"])
                                    for name in ("strategy", "document", "statusOf", "passage")}}
    details = _rows(service, DETAILS, bound)
    if not details:
        return None
    first = details[0]
    county = {row["countyName"].get("xml:lang", ""): row["countyName"]["value"] for row in details if "countyName" in row}
    status = {row["statusName"].get("xml:lang", ""): row["statusName"]["value"] for row in details if "statusName" in row}
    date = status_date(_rows(service, STATUS_DATE, {"statusOf": bound["statusOf"], "strategy": bound["strategy"]}))
    return Cited(iri, kind, county, first["title"]["value"], status, date,
                 first["label"]["value"] if kind == "statement" and "label" in first else None,
                 first["file"]["value"], int(first["start"]["value"]), int(first["end"]["value"]),
                 first["exact"]["value"], release_of(service))


def status_date(rows: list[dict]) -> When | None:
    """The date the source gives beside the status: a decision told inside the passage that
    shows it ("hyväksytty aluevaltuustossa joulukuussa 2022"), or a decision on the very day the
    passage writes ("Aluehallitus 29.9.2022", as d.m.yyyy); else none."""
    for row in rows:
        inside = int(row["from"]["value"]) <= int(row["at"]["value"]) and int(row["until"]["value"]) <= int(row["to"]["value"])
        found = when(*(row.get(name, {}).get("value") for name in ("start", "end", "precision")))
        on_the_day = found.precision == "day" and found.start == found.end and found.start is not None and \
            f"{found.start.day}.{found.start.month}.{found.start.year}" in row["shownText"]["value"]
        if inside or on_the_day:
            return found
    return None


def _rows(service, query: str, bound: dict) -> list[dict]:
    outcome = service.runner.run(QueryJob(query, {"tabular": "json"}, result_limit=1000, substitutions=bound))
    if outcome.status != 200:
        raise RuntimeError(f"a citation's query failed: {outcome.message}")
    return outcome.bindings()
