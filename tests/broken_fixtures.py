"""The broken fixtures (tests/fixtures/broken/*.ru: a SPARQL Update applied to the valid base) and
their reference verdict, pyshacl over the whole graph as the design brief asks.

The reference is made once per fixture and shared: test_validation.py checks the finding each
fixture is written for, test_scale.py that the fast checks find the same. It is kept for the
run (both tests of a fixture run on one xdist worker) and on disk in pytest's cache folder
(.pytest_cache/d/hva-graph-references/), under a key of everything it is made from: the
fixture's, the base's, the ontology's and the shapes' bytes, the versions of the libraries, and
the source of the code that makes it (hva_graph's knowledge/ and search/ packages, namespaces.py,
this file).
A change to any of them is another key, so a kept verdict is never a stale one.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import re
from importlib.metadata import version
from pathlib import Path

from rdflib import Graph, Literal

import hva_graph
from hva_graph.knowledge.cache import atomic_write
from hva_graph.knowledge.inference import infer
from hva_graph.knowledge.model import Knowledge
from hva_graph.knowledge.validation import Finding, ValidationReport, shapes_version, validate_knowledge
from hva_graph.namespaces import DERIVED_GRAPHS, GRAPH, INFERRED_GRAPH, RELEASES_GRAPH, SEARCH_GRAPH
from hva_graph.search.index import analyser_key, index_graph
from hva_graph.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = sorted((FIXTURES / "broken").glob("*.ru"))
BASE = FIXTURES / "minimal-valid.ttl"
VOCABULARIES = ("organisations.ttl", "themes.ttl", "stakeholder-groups.ttl", "document-statuses.ttl",
                "decision-kinds.ttl")
LIBRARIES = ("pyshacl", "rdflib", "owlrl", "pyoxigraph")
PACKAGE = Path(hva_graph.__file__).parent
CODE = (*sorted(PACKAGE.glob("knowledge/*.py")), *sorted(PACKAGE.glob("search/*.py")), PACKAGE / "namespaces.py",
        Path(__file__))
"""The code a reference report is made by: a change to it is a new key."""


def expectations(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^# (expect|shape|focus|message): (.+)$", path.read_text(), re.M))


def base_files(settings: Settings, data: Path = BASE) -> tuple[Path, ...]:
    """A candidate data file with the shared vocabularies, as a curator validates one."""
    return (data, *(settings.data_dir / name for name in VOCABULARIES))


def _resources(graph: Graph) -> set:
    """What OWL RL reads: the triples without a literal object (inference.infer leaves literals out)."""
    return {triple for triple in graph if not isinstance(triple[2], Literal)}


def broken_knowledge(base: Knowledge, fixture: Path) -> Knowledge:
    """The valid base with the fixture's update applied, and its search index made again. The
    closure is computed again only when the update touches what OWL RL reads; most fixtures
    break a literal, and reuse the base's."""
    candidate = GRAPH["candidate"]
    graph = Graph()
    graph += base.graphs[candidate]
    graph.update(fixture.read_text())
    graphs = {**base.graphs, candidate: graph}
    asserted = Graph()
    for iri, part in graphs.items():
        if iri not in DERIVED_GRAPHS and iri != RELEASES_GRAPH:  # as load_knowledge: the history is beside
            asserted += part
    graphs[SEARCH_GRAPH] = index_graph(asserted)
    if _resources(graph) == _resources(base.graphs[candidate]):
        return Knowledge(graphs, base.inconsistencies, f"{base.version}+{fixture.stem}")
    inference = infer(asserted)
    return Knowledge({**graphs, INFERRED_GRAPH: inference.inferred}, inference.inconsistencies, fixture.stem)


class References:
    """Each broken fixture's knowledge and reference report, made once (see the module's text)."""

    def __init__(self, settings: Settings, base: Knowledge, shapes: Graph, folder: Path | None):
        self.settings, self.base, self.shapes, self.folder = settings, base, shapes, folder
        self.made: dict[Path, tuple[Knowledge, ValidationReport]] = {}

    def __call__(self, fixture: Path) -> tuple[Knowledge, ValidationReport]:
        if fixture not in self.made:
            broken = broken_knowledge(self.base, fixture)
            self.made[fixture] = broken, self._report(fixture, broken)
        return self.made[fixture]

    def _report(self, fixture: Path, broken: Knowledge) -> ValidationReport:
        if self.folder is None:
            return validate_knowledge(broken, self.shapes)
        self.folder.mkdir(parents=True, exist_ok=True)
        kept = self.folder / f"{fixture.stem}-{self.key(fixture)}.json"
        with open(self.folder / f".{fixture.stem}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another worker making the same one: wait, then read it
            if kept.exists():
                return ValidationReport([Finding(**entry) for entry in json.loads(kept.read_text(encoding="utf-8"))])
            report = validate_knowledge(broken, self.shapes)
            atomic_write(kept, json.dumps([dataclasses.asdict(f) for f in report.findings]).encode("utf-8"))
            return report

    def key(self, fixture: Path) -> str:
        digest = hashlib.sha256()
        for path in (fixture, *base_files(self.settings), self.settings.ontology_path):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        digest.update(shapes_version(self.settings).encode())
        digest.update(" ".join(f"{name}=={version(name)}" for name in LIBRARIES).encode())
        digest.update(str(analyser_key()).encode())
        for source in CODE:
            digest.update(source.read_bytes())
        return digest.hexdigest()[:32]
