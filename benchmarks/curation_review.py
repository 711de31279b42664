"""The review page's answer to each change, on drafts the size of the real sources (issue 21's
target: under 0.5 s).

Each of the five curated source graphs is made back into a draft (its English and Swedish labels
taken out and marked as missing, a proposal put on each statement's class, ordinal, tier and
parent), in a folder of its own with its source text; it then replaces its curated file in the
check, as a draft of a new county stands beside the data. A curator's round of changes is made
through the page's own routes (Flask's test client, in process, no HTTP): labels written,
proposals accepted, a class changed within its kind and into another kind and back, a statement
moved in its list and back, a date fixed, themes set, a passage split and merged again. For each
change it measures the answer (the POST: the change, the save through the deterministic writer
and the rules' check) and the page the curator is sent back to (the GET); then it waits for the
full check (pyshacl per statement, in its own process), as a curator reading the answer would,
and measures how long after the answer that check was done. The cache starts empty: the first
full check computes every unit, later ones the units a change touched.

    .venv/bin/python benchmarks/curation_review.py            # the five sources
    .venv/bin/python benchmarks/curation_review.py 003 --json  # one, as JSON lines
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "server"))

PORT = 5999
HERE = f"http://127.0.0.1:{PORT}"


def as_draft(number: str, folder: Path) -> Path:
    """data/source-NNN.ttl as the drafting tool would leave it, with its text beside it."""
    from rdflib import BNode, Literal
    from rdflib.namespace import RDF, RDFS

    from hva_graph.curation import turtle
    from hva_graph.namespaces import HVA

    graph = turtle.read((PROJECT / "data" / f"source-{number}.ttl").read_text(encoding="utf-8"))
    for subject, label in list(graph.subject_objects(RDFS.label)):
        if label.language in ("en", "sv") and (subject, RDF.type, HVA.Passage) not in graph:
            graph.remove((subject, RDFS.label, label))
            graph.add((subject, HVA.missingLabel, Literal(label.language)))
    for statement in set(graph.subjects(HVA.inStrategy, None)):
        cue = " ".join(str(graph.value(statement, HVA.verbatim) or "").split()[:3])
        for prop in (RDF.type, HVA.ordinal, HVA.tier, HVA.partOf):
            if graph.value(statement, prop) is not None:
                node = BNode()
                for triple in ((statement, HVA.proposal, node), (node, RDF.type, HVA.Proposal),
                               (node, HVA.proposedProperty, prop), (node, HVA.cue, Literal(cue)),
                               (node, HVA.rule, Literal("benchmark"))):
                    graph.add(triple)
    folder.mkdir(parents=True)
    (folder / f"source-{number}.ttl").write_text(turtle.write(graph), encoding="utf-8")
    shutil.copy(next((PROJECT / "sources").glob(f"{number}_*.txt")), folder)
    return folder


def changes(review) -> list:
    """A curator's round on this draft: steps, each a function of the IRI the previous change came
    back to (a change may rename a statement) giving (operation, form)."""
    from rdflib.namespace import RDF

    from hva_graph.curation.editing.dates import date_of
    from hva_graph.curation.editing.naming import members
    from hva_graph.curation.editing.selectors import span_of
    from hva_graph.namespaces import HVA

    graph, classes = review.draft.graph, review.classes
    statements = sorted(graph.subjects(HVA.inStrategy, None), key=str)
    strategy = graph.value(statements[0], HVA.inStrategy)
    kinds: dict[str, list] = {}
    for s in statements:
        kinds.setdefault(classes.kind_of(graph, s), []).append(s)
    longest = max((k for k in kinds if k != "tier"), key=lambda k: len(kinds[k]))
    listed = members(graph, classes, strategy, longest)
    first, second, cls = str(listed[0]), str(listed[1]), str(graph.value(listed[0], RDF.type))
    other = next(str(c.iri) for c in classes.choices if c.kind not in (longest, "tier"))
    steps = [lambda _, s=s, n=n: ("labels", {"subject": str(s), "en": f"Label {n}"}) for n, s in enumerate(statements[:6])]
    steps += [lambda _, s=s: ("accept", {"subject": str(s)}) for s in statements[6:10]]
    steps += [lambda _: ("retype", {"subject": first, "cls": other}),  # into another kind: both lists renumbered
              lambda focus: ("retype", {"subject": focus, "cls": cls}),  # and back
              lambda _: ("move", {"subject": second, "ordinal": "1"}),
              lambda focus: ("move", {"subject": focus, "ordinal": "2"})]
    dated = next((s for s in statements if date_of(graph, s) is not None), None)
    if dated is not None:
        precision, value = date_of(graph, dated)
        steps += [lambda _: ("date", {"subject": str(dated), "precision": "year", "value": value[:4]}),
                  lambda _: ("date", {"subject": str(dated), "precision": precision, "value": value})]
    steps.append(lambda _: ("themes", {"subject": first, "theme": ["https://w3id.org/hva-graph/id/theme/workforce"]}))
    longest_passage = max(statements, key=lambda s: (lambda span: span[1] - span[0] if span else 0)(span_of(graph, s)))
    start, end = span_of(graph, longest_passage)
    cut = start + (end - start) // 2
    while cut < end - 1 and not review.draft.text[cut].isspace():
        cut += 1
    steps += [lambda _: ("split", {"subject": str(longest_passage), "start": str(cut), "end": str(end)}),
              lambda _: ("merge", {"start": str(start), "end": str(end)})]
    return steps


def measure(number: str, work: Path) -> dict:
    from hva_graph.curation.editing.review import Review
    from hva_graph.settings import Settings
    from hva_graph.web.curate.app import create_curate_app

    folder = as_draft(number, work / number)
    started = time.perf_counter()
    review = Review(Settings.from_env(cache_dir=work / "cache"), folder)  # nothing of an earlier run reused
    opened = time.perf_counter() - started
    review.wait_for_full_check(600)
    first_full = time.perf_counter() - started
    client = create_curate_app(review, PORT).test_client()
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/", base_url=HERE).get_data(as_text=True)).group(1)
    rows = []
    try:
        focus = None
        for step in changes(review):
            operation, form = step(focus)
            began, cpu = time.perf_counter(), time.process_time()
            answer = client.post(f"/change/{operation}", base_url=HERE, headers={"Origin": HERE},
                                 data={**form, "csrf": token})
            post, post_cpu = time.perf_counter() - began, time.process_time() - cpu
            assert answer.status_code == 303, answer.status_code
            focus = parse_qs(urlsplit(answer.headers["Location"]).query).get("edit", [None])[0]
            began, cpu = time.perf_counter(), time.process_time()
            page = client.get(answer.headers["Location"], base_url=HERE)
            get, get_cpu = time.perf_counter() - began, time.process_time() - cpu
            flashed = re.findall(r'<p class="flash (\w+)"[^>]*>([^<]*)', page.get_data(as_text=True))
            assert flashed and all(kind == "done" for kind, _ in flashed), (operation, flashed)
            began = time.perf_counter()
            review.wait_for_full_check(600)
            rows.append({"change": operation, "post": post, "post_cpu": post_cpu, "get": get, "get_cpu": get_cpu,
                         "full": post + time.perf_counter() - began})
    finally:
        review.close()
    return {"source": number, "triples": len(review.draft.graph), "open_s": round(opened, 2),
            "first_full_check_s": round(first_full, 2), "changes": rows}


def summary(result: dict) -> str:
    rows = result["changes"]
    posts, cpus, gets, get_cpus, fulls = ([r[k] for r in rows] for k in ("post", "post_cpu", "get", "get_cpu", "full"))
    worst = max(rows, key=lambda r: r["post"])
    return (f"| {result['source']} | {result['triples']} | {len(rows)} | {statistics.median(posts) * 1000:.0f} | "
            f"{max(posts) * 1000:.0f} ({worst['change']}) | {statistics.median(cpus) * 1000:.0f} / {max(cpus) * 1000:.0f} | "
            f"{statistics.median(gets) * 1000:.0f} ({statistics.median(get_cpus) * 1000:.0f}) | "
            f"{statistics.median(fulls):.1f} / {max(fulls):.1f} | {result['first_full_check_s']} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", default=["000", "001", "002", "003", "004"])
    parser.add_argument("--json", action="store_true", help="one JSON line per source instead of the table")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()[0]:.1f}", file=sys.stderr)
    if not args.json:
        print("| source | triples | changes | answer median ms | answer max ms | answer CPU ms (median / max) "
              "| page median ms (CPU) | full check s (median / max) | first full check s |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="hva-review-bench-") as work:
        for number in args.sources:
            result = measure(number, Path(work))
            print(json.dumps(result) if args.json else summary(result), flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.1f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
