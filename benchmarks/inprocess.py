"""In-process measurements: canned query times per backend, and load time / peak RSS.

Each backend is loaded in a child process of its own (`python inprocess.py probe ...`),
so that its peak RSS (getrusage ru_maxrss) is its own and not the benchmark's, and
the figures come back as one JSON line on stdout.

Backends: pyoxigraph in memory (the service's default), pyoxigraph on disk (built by
bulk load, then reopened the way a restarted server opens it) and rdflib's SPARQL
evaluator (the peer, at small N only: it needs minutes per query at N = 5000).
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "server"))
sys.path.insert(0, str(Path(__file__).parent))

# The service's limit would turn the biggest answers at large N into 422s; here the
# work of the query itself is timed, so the limit is set out of the way.
RESULT_LIMIT = 100_000_000
# Queries that take a parameter measure one answer, as a page view does.
COMPARISON = ("consultations counties-themes-matrix counties-without-strategy full-text-search mission-and-vision "
              "preparation-timeline promises shared-value-themes statement-source statements-in-english "
              "strategy-overview strategy-structure theme-counts theme-statements values").split()


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def summary(samples: list[float]) -> dict:
    return {"median_ms": statistics.median(samples) * 1000, "p99_ms": percentile(samples, 0.99) * 1000,
            "runs": len(samples)}


def parameters() -> dict[str, dict[str, str]]:
    """Defaults that exist in the synthetic data (the project's defaults name real counties)."""
    from synthetic import SEED, County

    return {"statement-source": {"statement": County(0, SEED).strategy + "/value/1"}}


def canned() -> dict[str, tuple[str, dict]]:
    """(SPARQL, bound parameters) of every comparison query, parameters as the service binds them."""
    from hva_graph.canned.files import load_queries
    from hva_graph.canned.parameters import bind

    queries, given = load_queries(PROJECT / "queries"), parameters()
    return {name: (queries[name].sparql, bind(queries[name], given.get(name, {})))
            for name in COMPARISON if name in queries}


def _oxigraph_runner(store):
    from hva_graph.store.embedded import execute
    from hva_graph.store.results import QueryJob

    def run(sparql, terms):
        outcome = execute(store, QueryJob(sparql, {"tabular": "json", "boolean": "json", "graph": "ntriples"},
                                          result_limit=RESULT_LIMIT, substitutions=terms))
        if outcome.status != 200:
            raise RuntimeError(outcome.message)
        return outcome.count
    return run


def _rdflib_runner(dataset):
    from rdflib import Literal, URIRef

    def term(t):
        if t[0] == "iri":
            return URIRef(t[1])
        return Literal(t[1], lang=t[3]) if t[3] else Literal(t[1], datatype=URIRef(t[2]) if t[2] else None)

    def run(sparql, terms):
        result = dataset.query(sparql, initBindings={k: term(v) for k, v in terms.items()})
        body = result.serialize(format="json")  # serialise, as the service does
        return len(json.loads(body)["results"]["bindings"])
    return run


def load(backend: str, nquads: Path, location: Path | None):
    """(query runner, seconds to load or open) for one backend."""
    started = time.perf_counter()
    if backend == "rdflib":
        from rdflib import Dataset

        dataset = Dataset(default_union=True)
        dataset.parse(nquads, format="nquads")
        return _rdflib_runner(dataset), time.perf_counter() - started
    import pyoxigraph as ox

    if backend == "memory":
        store = ox.Store()
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    elif backend == "disk-build":
        store = ox.Store(str(location))
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.flush()
    else:  # "disk": reopen a built store, as a restarted server would
        store = ox.Store.read_only(str(location))
    return _oxigraph_runner(store), time.perf_counter() - started


def probe(backend: str, nquads: Path, location: Path | None, repeats: int, warmup: int, budget: float) -> dict:
    """Load, answer the first query, then time every canned query; all in this process."""
    run, load_seconds = load(backend, nquads, location)
    queries = canned()
    first = time.perf_counter()
    run(*queries["theme-counts"])
    first_answer = time.perf_counter() - first
    results = {}
    for name, (sparql, terms) in queries.items():
        deadline = time.monotonic() + budget  # bounded: a slow peer gets fewer runs, never hangs the run
        rows = None
        for _ in range(warmup):
            rows = run(sparql, terms)
        samples = []
        while len(samples) < repeats and (not samples or time.monotonic() < deadline):
            started = time.perf_counter()
            rows = run(sparql, terms)
            samples.append(time.perf_counter() - started)
        results[name] = {**summary(samples), "rows": rows}
    return {"backend": backend, "load_s": load_seconds, "first_answer_s": first_answer,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "queries": results}


def measure(backend: str, nquads: Path, location: Path | None = None, repeats: int = 20, warmup: int = 2,
            budget: float = 20.0, timeout: float = 3600) -> dict:
    """probe() in a child process; its JSON result, or {"error": ...}."""
    command = [sys.executable, __file__, "probe", backend, str(nquads), str(location or ""), str(repeats),
               str(warmup), str(budget)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"backend": backend, "error": f"did not finish within {timeout:g} s"}
    if done.returncode != 0:
        return {"backend": backend, "error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_disk_store(nquads: Path, location: Path) -> dict:
    """Bulk-load an on-disk store once (measured), for the reopen measurements."""
    return measure("disk-build", nquads, location, repeats=1, warmup=0, budget=0)


if __name__ == "__main__" and sys.argv[1:2] == ["probe"]:
    backend, nquads, location, repeats, warmup, budget = sys.argv[2:8]
    print(json.dumps(probe(backend, Path(nquads), Path(location) if location else None,
                           int(repeats), int(warmup), float(budget))))
