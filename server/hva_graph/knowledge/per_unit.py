"""Work done unit by unit (units.py) on every core, each unit's result cached by its digest.

The store is built before the worker processes are forked, so each worker reads it
copy-on-write and only unit numbers and results cross between processes. A unit whose
digest is in the cache is not computed again: after an edit to one file, only the units
that read something of it are.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict

import pyoxigraph as ox
import pyshacl
from pyshacl.constraints.constraint_component import ConstraintComponent
import reasonable
from rdflib import Graph
from rdflib.namespace import RDF

from ..namespaces import SH
from ..progress.phases import Step
from .cache import DiskCache
from .reasoner import REASONER_FORMAT, infer_unit
from .terms import to_rdflib
from .units import Unit, digest, unit_triples
from .validation import UNIT_VERDICT_FORMAT, Finding, Names, finding_of

@contextmanager
def _without_report_text():
    """pyshacl writes a readable text for every result it makes, also for the many it makes
    and drops while checking nested shapes (each label against sh:languageIn); the findings
    here are read from its results graph, so the text is skipped: a third of its time."""
    original = ConstraintComponent.make_v_result_description
    ConstraintComponent.make_v_result_description = lambda self, *args, **kwargs: ""
    try:
        yield
    finally:
        ConstraintComponent.make_v_result_description = original


_WORK: dict = {}
"""What the forked workers read: set by run_units before the fork, never changed after."""


def run_units(units: list[Unit], work: Callable[[int], object], state: dict, step: Step) -> list:
    """`work(i)` for every unit, on every core for more than a few units; results in order,
    `step` advanced as each unit is done."""
    _WORK.clear()
    _WORK.update(state, units=units)
    processes = min(_cores(), len(units))
    if processes < 2 or len(units) < 8:
        return [_counted(work(i), step) for i in range(len(units))]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        done = pool.imap(work, range(len(units)), chunksize=max(1, len(units) // (processes * 8)))
        return [_counted(result, step) for result in done]


def _counted(result, step: Step):
    step.advance()
    return result


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def closure_key(unit_digest: str) -> str:
    return f"unit-inferred-{unit_digest}-r{REASONER_FORMAT}-reasonable{reasonable.__version__}.nt"


def verdict_key(unit_digest: str) -> str:
    return f"unit-findings-{unit_digest}-v{UNIT_VERDICT_FORMAT}-pyshacl{pyshacl.__version__}.json"


def infer_one(index: int) -> bytes:
    """The unit's inferred statements as N-Triples (cached by the digest of what it reads)."""
    unit = _WORK["units"][index]
    triples = unit_triples(_WORK["store"], unit, graphs=_WORK["asserted"],
                           keep=lambda t: not isinstance(t.object, ox.Literal))
    cache = DiskCache(_WORK["cache"])
    key = closure_key(digest(triples, _WORK["ontology_digest"]))
    cached = cache.get(key)
    if cached is not None:
        return cached
    inferred = infer_unit(triples, _WORK["ontology"])
    body = "".join(f"{t} .\n" for t in sorted(inferred, key=str)).encode("utf-8")
    cache.put(key, body)
    return body


def validate_one(index: int) -> list[Finding]:
    """pyshacl's findings about the unit's own nodes (cached by the digest of what it reads)."""
    unit = _WORK["units"][index]
    triples = unit_triples(_WORK["store"], unit)
    targets = _targets_in(unit)
    cache = DiskCache(_WORK["cache"])
    key = verdict_key(digest(triples, _WORK["shapes_digest"], *(f"{s.n3()} {n}" for s, n in targets)))
    cached = cache.get(key)
    if cached is not None:
        return [Finding(**entry) for entry in json.loads(cached)]
    findings = _validate(unit, triples, targets)
    cache.put(key, json.dumps([asdict(f) for f in findings]).encode("utf-8"))
    return findings


def _targets_in(unit: Unit) -> list[tuple]:
    """(shape, node) for the SPARQL-targeted nodes of this unit: pyshacl's sh:targetNode here."""
    own = set(unit.nodes)
    return sorted(((shape, node) for shape, nodes in _WORK["targeted"].items() for node in nodes if node in own),
                  key=str)


def _validate(unit: Unit, triples, targets: list[tuple]) -> list[Finding]:
    data = Graph()
    for t in triples:
        data.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    shapes = _WORK["core"]
    if targets:
        shapes = Graph()
        shapes += _WORK["core"]
        for shape, node in targets:
            shapes.add((shape, SH.targetNode, to_rdflib(node)))
    with _without_report_text():
        _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                         allow_warnings=True, inplace=True)
    own = {to_rdflib(node) for node in unit.nodes}
    names = Names(data, _WORK["shapes"])
    return [finding_of(results, result, names) for result in results.subjects(RDF.type, SH.ValidationResult)
            if results.value(result, SH.focusNode) in own]
