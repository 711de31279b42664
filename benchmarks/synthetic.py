"""Synthetic but structurally faithful strategies for N counties (deterministic, seeded).

Each county gets what a real source graph holds (data/README.md, data/source-000.ttl):
a source document, bodies, a strategy with its period, mission, vision, values with
descriptions, priorities with goals under them, critical success factors, a promise,
dated preparation events, consultations with stakeholder groups and respondent counts,
and for every statement fi/en labels, the verbatim text and a passage with Web
Annotation selectors. Theme tags go to graph/annotations, the supertypes that OWL RL
would add to graph/inferred, and the counties themselves to graph/organisations beside
the real ones. Ontology, themes and stakeholder groups are the project's own graphs.

Output (lines are formatted directly, without rdflib, so N = 5000 takes seconds):
  dataset.nq  every graph, for pyoxigraph, `oxigraph load` and rdflib-endpoint
  root/       an HVA_GRAPH_ROOT for `hva-graph serve`: ontology/, shapes/, queries/ copied,
              data/<graph>.ttl holding N-Triples (valid Turtle) of the asserted graphs only
              (the server infers graph/inferred itself)

    python benchmarks/synthetic.py 50 --out /tmp/hva-bench/n50
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef

PROJECT = Path(__file__).resolve().parents[1]
HVA = "https://w3id.org/hva-graph/ontology#"
ID = "https://w3id.org/hva-graph/id/"
GRAPH = "https://w3id.org/hva-graph/graph/"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SEED = 20240101

THEMES = ("workforce prevention access economy digitalisation partnership participation safety integration "
          "quality leadership customer-orientation children-families equality renewal knowledge responsibility").split()
GROUPS = "staff supervisors residents organisations decision-makers companies stakeholders bodies".split()
# Finnish/English fragments: labels are combined from these so that full-text search
# (default word "henkilöstö") and language filters meet realistic text.
PHRASES = [
    ("henkilöstön hyvinvointi ja osaaminen", "the wellbeing and competence of the staff"),
    ("palvelujen saatavuus ja saavutettavuus", "the availability and accessibility of services"),
    ("ennaltaehkäisy ja hyvinvoinnin edistäminen", "prevention and the promotion of wellbeing"),
    ("kustannusvaikuttava ja laadukas toiminta", "cost-effective, high-quality operations"),
    ("digitaalisten palvelujen hyödyntäminen", "making use of digital services"),
    ("yhteistyö kuntien ja järjestöjen kanssa", "cooperation with municipalities and organisations"),
    ("asukkaiden osallisuus ja vaikuttaminen", "residents' participation and influence"),
    ("turvallinen arki kaikille", "a safe everyday life for everyone"),
    ("integroidut sosiaali- ja terveyspalvelut", "integrated social and health services"),
    ("valmentava johtaminen", "coaching leadership"),
    ("lasten ja perheiden hyvinvointi", "the wellbeing of children and families"),
    ("yhdenvertaiset palvelut", "equal services"),
]
VALUES = [("Asiakaslähtöisyys", "Customer orientation"), ("Vastuullisuus", "Responsibility"),
          ("Yhdessä tekeminen", "Working together"), ("Rohkeus", "Courage"), ("Luotettavuus", "Reliability"),
          ("Uudistuminen", "Renewal"), ("Yhdenvertaisuus", "Equality")]
EVENTS = [("Decision", "Aluehallitus käynnisti strategiatyön", "the county executive launched the strategy work", "aluehallitus"),
          ("Seminar", "Aluevaltuuston strategiaseminaari", "strategy seminar of the county council", "aluevaltuusto"),
          ("Hearing", "Strategialuonnos lausunnoilla", "the draft strategy out for comments", None),
          ("Decision", "Aluevaltuusto hyväksyi strategian", "the county council approved the strategy", "aluevaltuusto")]
DECISION_KINDS = {"käynnisti": "starts-preparation", "hyväksyi": "adopts"}
"""What each decision above decided (data/decision-kinds.ttl), by its verb, as the real data says it."""


def iri(value: str) -> str:
    return f"<{value}>"


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{escaped}"@{lang}'
    return f'"{escaped}"^^<{datatype}>' if datatype else f'"{escaped}"'


def integer(value: int) -> str:
    return lit(str(value), datatype=XSD + "integer")


def date(value: str) -> str:
    return lit(value, datatype=XSD + "date")


class County:
    """The statements of one synthetic county, as (subject, predicate, object) strings."""

    def __init__(self, index: int, seed: int):
        self.rng = random.Random(seed * 1_000_003 + index)
        self.index = index
        self.slug = f"synthetic-{index:05d}"
        self.name = f"Synteettinen alue {index}"
        first = 2022 + self.rng.randrange(3)
        self.years = (first, first + 2 + self.rng.randrange(2))
        # The shapes want NNN_hash.txt: three digits (the index modulo 1000; the hash keeps it unique)
        self.file = f"{index % 1000:03d}_{hashlib.sha256(f'{seed}-{index}'.encode()).hexdigest()[:16]}.txt"
        self.strategy = f"{ID}strategy/{self.slug}-{self.years[0]}-{self.years[1]}"
        self.source = f"{ID}source/{self.file}"
        self.triples: list[tuple[str, str, str]] = []
        self.annotations: list[tuple[str, str, str]] = []
        self.types: list[tuple[str, str]] = []
        self.offset = 0
        self.ordinals: dict[str, int] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self.triples.append((iri(s), p if p.startswith("<") else iri(p), o))

    def typed(self, s: str, cls: str) -> None:
        self.add(s, TYPE, iri(cls))
        self.types.append((s, cls))

    def passage(self, subject: str, verbatim: str) -> None:
        """verbatim text, and its passage with quote and position selectors (offsets advance)."""
        start = self.offset + self.rng.randrange(2, 40)
        self.offset = start + len(verbatim)
        node = subject + "/passage"
        self.add(subject, HVA + "verbatim", lit(verbatim, "fi"))
        self.add(subject, HVA + "passage", iri(node))
        self.typed(node, HVA + "Passage")
        self.add(node, OA + "hasSource", iri(self.source))
        quote, position = f"_:q{self.index}x{self.offset}", f"_:p{self.index}x{self.offset}"
        self.add(node, OA + "hasSelector", quote)
        self.add(node, OA + "hasSelector", position)
        self.triples += [(quote, TYPE, iri(OA + "TextQuoteSelector")), (quote, iri(OA + "exact"), lit(verbatim)),
                         (position, TYPE, iri(OA + "TextPositionSelector")),
                         (position, iri(OA + "start"), integer(start)), (position, iri(OA + "end"), integer(self.offset))]

    def statement(self, kind: str, cls: str, fi: str, en: str, themes: int = 0) -> str:
        ordinal = self.ordinals[kind] = self.ordinals.get(kind, 0) + 1
        node = f"{self.strategy}/{kind}/{ordinal}"
        self.typed(node, HVA + cls)
        self.add(node, HVA + "inStrategy", iri(self.strategy))
        self.add(node, HVA + "ordinal", integer(ordinal))
        self.add(node, RDFS_NS + "label", lit(fi, "fi"))
        self.add(node, RDFS_NS + "label", lit(en, "en"))
        self.passage(node, fi)
        for theme in self.rng.sample(THEMES, themes):
            self.annotations.append((iri(node), iri(HVA + "theme"), iri(f"{ID}theme/{theme}")))
        return node

    def tier(self, level: int, fi: str, en: str) -> str:
        node = self.statement("tier", "Tier", fi, en)
        self.add(node, HVA + "tierLevel", integer(level))
        return node

    def phrase(self) -> tuple[str, str]:
        return self.rng.choice(PHRASES)

    def build(self) -> "County":
        rng, s, y0, y1 = self.rng, self.strategy, *self.years
        self.typed(self.source, HVA + "SourceDocument")
        self.add(self.source, DCT + "identifier", lit(self.file))
        self.add(self.source, RDFS_NS + "label", lit(f"Lähde {self.index}: {self.name}n strategia", "fi"))
        self.add(self.source, RDFS_NS + "label", lit(f"Source {self.index}: strategy of synthetic county {self.index}", "en"))
        self.add(self.source, DCT + "language", lit("fi"))
        self.add(self.source, DCT + "format", lit("text/plain; charset=utf-8"))
        self.add(self.source, HVA + "sha256", lit(hashlib.sha256(self.file.encode()).hexdigest(), datatype=XSD + "hexBinary"))
        self.add(self.source, HVA + "describes", iri(s))
        bodies = {}
        for body, fi, en in (("aluehallitus", "Aluehallitus", "County executive"),
                             ("aluevaltuusto", "Aluevaltuusto", "County council")):
            node = bodies[body] = f"{ID}organisation/{self.slug}/body/{body}"
            self.typed(node, HVA + "Body")
            self.add(node, ORG + "unitOf", iri(f"{ID}organisation/{self.slug}"))
            self.add(node, RDFS_NS + "label", lit(fi, "fi"))
            self.add(node, RDFS_NS + "label", lit(en, "en"))
        self.typed(s, HVA + "Strategy")
        self.add(s, RDFS_NS + "label", lit(f"{self.name}n strategia {y0}–{y1}", "fi"))
        self.add(s, RDFS_NS + "label", lit(f"Strategy of synthetic county {self.index} {y0}–{y1}", "en"))
        self.add(s, HVA + "organiser", iri(f"{ID}organisation/{self.slug}"))
        self.add(s, HVA + "describedIn", iri(self.source))
        self.add(s, DCT + "temporal", iri(s + "/period"))
        self.passage(s, f"Hyvinvointialuestrategia {y0}-{y1}")
        self.add(s, SCHEMA + "creativeWorkStatus", iri(f"{ID}document-status/adopted"))
        self.add(s, HVA + "statusPassage", iri(s + "/passage"))
        # the source document is the adopted strategy's text, shown by the same passage (as 001's)
        self.add(self.source, SCHEMA + "creativeWorkStatus", iri(f"{ID}document-status/adopted"))
        self.add(self.source, HVA + "statusPassage", iri(s + "/passage"))
        self.add(s + "/period", TYPE, iri(DCT + "PeriodOfTime"))
        self.add(s + "/period", DCAT + "startDate", date(f"{y0}-01-01"))
        self.add(s + "/period", DCAT + "endDate", date(f"{y1}-12-31"))
        self.add(s + "/period", HVA + "datePrecision", iri(HVA + "YearPrecision"))

        fi, en = self.phrase()
        self.statement("mission", "Mission", f"Tehtävämme on {fi}.", f"Our mission is {en}.", themes=2)
        fi, en = self.phrase()
        self.statement("vision", "Vision", f"Visiomme: {fi}.", f"Our vision: {en}.", themes=2)
        for fi, en in rng.sample(VALUES, 2 + rng.randrange(2)):
            node = self.statement("value", "Value", fi, en, themes=1)
            self.add(node, DCT + "description", lit(f"{fi} tarkoittaa, että {self.phrase()[0]} ohjaa työtämme.", "fi"))
            self.add(node, DCT + "description", lit(f"{en} means that our work is guided by {self.phrase()[1]}.", "en"))
        # the tiers, as each real strategy names its own (data/source-001.ttl's kärjet)
        priorities = self.tier(1, "Painopisteemme", "Our priorities")
        goals = self.tier(2, "Tavoitteemme", "Our goals")
        factors = self.tier(2, "Menestystekijämme", "Our success factors")  # never the top tier (data/README.md)
        for _ in range(1 + rng.randrange(2)):
            fi, en = self.phrase()
            priority = self.statement("priority", "Priority", f"Painopiste: {fi}", f"Priority: {en}", themes=2)
            self.add(priority, HVA + "tier", iri(priorities))
            for _ in range(1 + rng.randrange(2)):
                fi, en = self.phrase()
                goal = self.statement("goal", "StrategicGoal", f"Tavoitteena on {fi}.", f"The goal is {en}.", themes=1)
                self.add(goal, HVA + "partOf", iri(priority))
                self.add(goal, HVA + "tier", iri(goals))
        fi, en = self.phrase()
        factor = self.statement("success-factor", "CriticalSuccessFactor", f"Onnistumme, kun {fi}",
                                f"We succeed through {en}", themes=1)
        self.add(factor, HVA + "tier", iri(factors))
        kind = rng.choice(("ServicePromise", "EmployerPromise"))
        fi, en = self.phrase()
        self.statement("promise", kind, f"Lupaamme: {fi}", f"We promise {en}", themes=1)

        month = 1 + rng.randrange(6)
        events = []
        for step, (cls, fi, en, body) in enumerate(rng.sample(EVENTS[:2], 1) + [EVENTS[3]]):
            day = f"{y0 - 1}-{month + 3 * step:02d}-{1 + rng.randrange(28):02d}"
            node = self.statement("event", cls, f"{day} {fi}", f"{day}: {en}")
            self.add(node, SCHEMA + "startDate", date(day))
            self.add(node, SCHEMA + "endDate", date(day))
            self.add(node, HVA + "datePrecision", iri(HVA + "DayPrecision"))
            self.add(node, HVA + "eventStatus", iri(HVA + "Held"))
            self.add(node, HVA + "concerns", iri(s))
            if cls == "Decision":
                self.typed(node, HVA + "PreparationEvent")  # all of them up to the adoption
                verb = next(v for v in DECISION_KINDS if v in fi)
                self.add(node, DCT + "type", iri(f"{ID}decision-kind/{DECISION_KINDS[verb]}"))
            if body:
                self.add(node, HVA + "heldBy", iri(bodies[body]))
            events.append(node)
        group = rng.choice(GROUPS)
        cls = rng.choice(("Survey", "RequestForStatements"))
        count = rng.randrange(5, 2000)
        node = self.statement("consultation", cls, f"Strategiakysely ({group}, n={count})",
                              f"Strategy survey ({group}, n={count})")
        self.add(node, HVA + "stakeholderGroup", iri(f"{ID}stakeholder-group/{group}"))
        self.add(node, HVA + "respondentCount", integer(count))
        self.add(node, HVA + "duringEvent", iri(events[0]))
        return self

    def organisation(self) -> list[tuple[str, str, str]]:
        node = iri(f"{ID}organisation/{self.slug}")
        return [(node, TYPE, iri(HVA + "WellbeingServicesCounty")),
                (node, iri(RDFS_NS + "label"), lit(f"{self.name}n hyvinvointialue", "fi")),
                (node, iri(RDFS_NS + "label"), lit(f"Syntetiska välfärdsområdet {self.index}", "sv")),
                (node, iri(RDFS_NS + "label"), lit(f"Synthetic wellbeing services county {self.index}", "en"))]


def _nt(graph: Graph) -> list[str]:
    return sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())


def _superclasses(ontology: Graph) -> dict[str, list[str]]:
    return {str(c): sorted(str(o) for o in ontology.transitive_objects(c, RDFS.subClassOf) if o != c)
            for c in set(ontology.subjects(RDF.type, None)) | set(ontology.subjects(RDFS.subClassOf, None))
            if isinstance(c, URIRef)}


def generate(n: int, out: Path, seed: int = SEED) -> dict[str, int]:
    """Write dataset.nq and root/ for n counties; returns triples per graph."""
    out.mkdir(parents=True, exist_ok=True)
    ontology = Graph().parse(PROJECT / "ontology" / "hva.ttl")
    supers = _superclasses(ontology)
    fixed = {name: _nt(Graph().parse(PROJECT / "data" / f"{name}.ttl")) for name in ("themes", "stakeholder-groups", "document-statuses", "decision-kinds")}
    organisations = _nt(Graph().parse(PROJECT / "data" / "organisations.ttl"))
    root = out / "root"
    if root.exists():
        shutil.rmtree(root)
    (root / "data").mkdir(parents=True)
    shutil.copytree(PROJECT / "ontology", root / "ontology")
    shutil.copytree(PROJECT / "shapes", root / "shapes")
    shutil.copytree(PROJECT / "queries", root / "queries")
    sizes: dict[str, int] = {}
    annotations: list[str] = []
    # As in the real graph/inferred, only what no other graph asserts (the union default
    # graph would otherwise see a triple twice).
    asserted = set(_nt(ontology))
    inferred = {f"<{c}> <{RDFS_NS}subClassOf> <{p}> ." for c, ps in supers.items() for p in ps} - asserted
    with open(out / "dataset.nq", "w", encoding="utf-8") as nq:
        def graph(name: str, lines, to_root: bool = True) -> None:
            lines = list(lines)
            sizes[name] = len(lines)
            g = f" <{GRAPH}{name}> ."
            nq.writelines(line[:-2] + g + "\n" for line in lines)
            if to_root:
                (root / "data" / f"{name}.ttl").write_text("".join(l + "\n" for l in lines), encoding="utf-8")

        graph("ontology", _nt(ontology), to_root=False)
        for name, lines in fixed.items():
            graph(name, lines)
        for index in range(n):
            county = County(index, seed).build()
            graph(f"source-{index:03d}", (f"{s} {p} {o} ." for s, p, o in county.triples))
            organisations += [f"{s} {p} {o} ." for s, p, o in county.organisation()]
            annotations += [f"{s} {p} {o} ." for s, p, o in county.annotations]
            for node, cls in county.types + [(f"{ID}organisation/{county.slug}", HVA + "WellbeingServicesCounty")]:
                inferred.update(f"<{node}> {TYPE} <{parent}> ." for parent in supers.get(cls, ()))
        graph("organisations", organisations)
        graph("annotations", annotations)
        graph("inferred", sorted(inferred), to_root=False)
    # The closure alone, so the benchmark can hand it to hva-graph where OWL RL would take too long.
    (out / "inferred.nt").write_text("".join(line + "\n" for line in sorted(inferred)), encoding="utf-8")
    return sizes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counties", type=int)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    sizes = generate(args.counties, args.out, args.seed)
    print(f"{args.out}/dataset.nq: {sum(sizes.values())} quads in {len(sizes)} graphs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
