"""The review page's check: a draft validated with the data it reaches, as the curator goes.

The project's own pipeline (knowledge/pipeline.py: Oxigraph, OWL RL per unit, the SPARQL rules,
pyshacl per unit with each unit's findings cached by its digest), run over the ontology, the
draft and the data files the draft reaches: those that define a node the draft points to (its
county, themes, statuses, kinds, groups) and those that name a node of the draft. A finding
about one of the draft's nodes reads only that node, its neighbours and what points to it
(knowledge/units.py), all of which are there, so it is the finding a check of all the data
makes (tests/test_curation_checking.py holds the two equal on broken drafts); what the other
source graphs say about their own statements is not read at every change. `hva-graph validate
--draft`, and publishing, check the whole.

It runs in two parts. `rules` runs the SPARQL parts (the shapes' SPARQL constraints and the
shapes/*-violation.rq rules: dates, ordinals, quotes, tiers, markup) over that data in Oxigraph,
fast enough to answer each change with. `full` adds pyshacl per unit, with the draft cut per
statement (the statement with its passage, period, selectors and proposals) so that only units
whose data changed are checked again; the review runs it in a process of its own (review.py),
because a statement's unit also reads its strategy, whose own unit reads every statement (OWL
RL's inverse hva:hasElement), so some changes re-check many units. The checked copy of the draft
names its blank nodes by their content (skolem IRIs under /.well-known/genid/, left alone by the
reasoner as blank nodes are), because Oxigraph numbers blank nodes in file order, and one
proposal removed near the top would otherwise change every unit below it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS

from ...knowledge import pipeline
from ...knowledge.loading import graph_iri_for
from ...knowledge.units import Unit
from ...knowledge.validation import Finding, ValidationReport, load_rules, load_shapes, shapes_version
from ...namespaces import BASE, HVA
from ...settings import Settings

GENID = BASE + ".well-known/genid/"
OWNING = (HVA.passage, HVA.statusPassage, DCTERMS.temporal)
"""A node cited by one of these belongs to what cites it (a passage to its statement)."""
_IRI = re.compile(r"<([^>]+)>")


class DraftChecker:
    def __init__(self, settings: Settings, draft_file: Path):
        self.settings = settings
        self.draft_name = draft_file.name
        self.shapes, self.shapes_digest = load_shapes(settings), shapes_version(settings)
        self.rules = load_rules(settings)
        self.others = [f for f in settings.data_files if f.name != draft_file.name]
        self._names: dict[Path, tuple] = {}
        self._folder = tempfile.TemporaryDirectory(prefix="hva-curate-")

    def close(self) -> None:
        self._folder.cleanup()

    def rules_only(self, graph: Graph, saved: Path) -> ValidationReport:
        """The SPARQL rules and constraints over the draft as saved and the data it reaches."""
        return self._check(graph, saved, {}, lambda homes, graphs: [])

    def full(self, graph: Graph) -> ValidationReport:
        """Every check: the rules, and pyshacl per unit (the draft cut per statement)."""
        copy, owners = skolemised(graph)
        checked_file = Path(self._folder.name) / self.draft_name
        checked_file.write_bytes(copy.serialize(format="nt", encoding="utf-8"))
        iri = str(graph_iri_for(checked_file))
        return self._check(copy, checked_file, owners,
                           lambda homes, graphs: cut_per_statement(homes, graphs, iri, copy, owners))

    def _check(self, graph: Graph, file: Path, owners: dict, cut) -> ValidationReport:
        cache = self.settings.cache_folder
        checked, homes, graphs = pipeline.read_and_infer([self.settings.ontology_path, *self.reached(graph), file],
                                                         cache)
        report = pipeline.validate(checked, homes, graphs, self.shapes, self.shapes_digest, cache, self.rules, cut=cut)
        return ValidationReport([_named_by_owner(f, owners) for f in report.findings if _about(f, graph)])

    def reached(self, draft: Graph) -> list[Path]:
        """The data files that define a node the draft points to, or name one of the draft's own."""
        own = {str(s) for s in draft.subjects() if isinstance(s, URIRef)}
        pointed = {str(o) for o in draft.objects() if isinstance(o, URIRef)} - own
        return [path for path in self.others
                if (names := self._names_in(path))[0] & (pointed | own) or names[1] & own]

    def _names_in(self, path: Path) -> tuple[set, set]:
        """(IRIs the file says something about, IRIs it points to), kept while the file is unchanged."""
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        known = self._names.get(path)
        if known is None or known[0] != stamp:
            subjects, objects = set(), set()
            for quad in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()):
                if isinstance(quad.subject, ox.NamedNode):
                    subjects.add(quad.subject.value)
                if isinstance(quad.object, ox.NamedNode):
                    objects.add(quad.object.value)
            known = self._names[path] = (stamp, subjects, objects)
        return known[1], known[2]


def skolemised(graph: Graph) -> tuple[Graph, dict[URIRef, URIRef]]:
    """The graph with each blank node named by its content and what cites it, and the owner of
    each such name: the named node whose (nested) blank node it was."""
    names: dict[BNode, URIRef] = {}
    owners: dict[URIRef, URIRef] = {}

    def name(node: BNode, parent, predicate, owner) -> None:
        if node in names:
            return
        inner = sorted(f"{p.n3()} {'[]' if isinstance(o, BNode) else o.n3()}" for p, o in graph.predicate_objects(node))
        digest = hashlib.sha256("\n".join([str(parent), str(predicate), *inner]).encode("utf-8")).hexdigest()[:24]
        names[node] = URIRef(GENID + digest)
        owners[names[node]] = owner
        for p, o in graph.predicate_objects(node):
            if isinstance(o, BNode):
                name(o, names[node], p, owner)

    for subject, predicate, obj in graph:
        if isinstance(obj, BNode) and not isinstance(subject, BNode):
            name(obj, subject, predicate, subject)
    copy = Graph()
    for s, p, o in graph:
        copy.add((names.get(s, s), p, names.get(o, o)))
    return copy, owners


def cut_per_statement(homes: dict, graphs: list[str], draft_iri: str, draft: Graph, owners: dict) -> list[Unit]:
    """The other graphs as the pipeline cuts them; the draft one unit per statement with the
    nodes it owns (its passage and period, and what hangs from them)."""
    units = pipeline.shacl_batches({n: g for n, g in homes.items() if g != draft_iri},
                                   [g for g in graphs if g != draft_iri])
    groups: dict[str, list] = {}
    for node, graph in homes.items():
        if graph == draft_iri:
            key = _top(draft, URIRef(node.value), owners) if isinstance(node, ox.NamedNode) else node.value
            groups.setdefault(key, []).append(node)
    return units + [Unit(draft_iri, tuple(nodes)) for _, nodes in sorted(groups.items())]


def _top(graph: Graph, node: URIRef, owners: dict) -> str:
    node = owners.get(node, node)
    for _ in range(4):
        citing = sorted(s for p in OWNING for s in graph.subjects(p, node) if isinstance(s, URIRef))
        if not citing:
            break
        node = citing[0]
    return str(node)


def _about(finding: Finding, draft: Graph) -> bool:
    """Whether a finding names a node of the draft (the others are about data read for it only)."""
    return any((URIRef(iri), None, None) in draft for iri in _IRI.findall(finding.focus))


def _named_by_owner(finding: Finding, owners: dict) -> Finding:
    """A finding about a skolemised node, focused as one about the blank node would be: on what
    it hangs from."""
    def named(text: str) -> str:
        return _IRI.sub(lambda m: f"<{owners[URIRef(m.group(1))]}> […]" if URIRef(m.group(1)) in owners
                        else m.group(0), text)
    if not owners:
        return finding
    return dataclasses.replace(finding, focus=named(finding.focus), value=named(finding.value))
