"""Remote engines as an operator runs them (issue 14), each against a peer in the same run:

- publishing: `hva-graph load --store sparql+http://…` (validated data, graph by graph, each counted
  back) into an empty `oxigraph serve` and an empty Virtuoso, against the engine's own bulk loader
  of the same N-Quads (`oxigraph load`; Virtuoso's ld_dir + rdf_loader_run);
- the hop: wrk on theme-counts asked of the engine directly and of `hva-graph serve --store
  sparql+http://…` in front of it, a distinct query text per request (no cache answers);
- naming the data's graphs in every query (how hva-graph keeps an engine's own graphs out):
  the same query asked of the engine directly with and without the dataset, median of sequential runs.

    .venv/bin/python benchmarks/engines.py --counties 5 500 --report benchmarks/engines-report.md

Needs Debian's virtuoso-opensource and wrk (`make system-packages`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "server"))
sys.path.insert(0, str(HERE.parent / "tests"))  # the engines as the tests start them (tests/engine_servers.py)

import http_bench  # noqa: E402
import synthetic  # noqa: E402
from engine_servers import OxigraphServer, Virtuoso  # noqa: E402

BIN = Path(sys.executable).parent
QUERY = (HERE.parent / "queries" / "theme-counts.rq").read_text(encoding="utf-8")
GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def seed_closure(root: Path, out: Path, cache: Path) -> None:
    """As benchmarks/run.py: the generator's closure and a verdict, so that load takes its checked path."""
    from run import seed_closure as seed

    seed(root, out, cache)


def timed(command: list[str], env: dict, timeout: float) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout)
    return time.perf_counter() - started, done


def push(store: str, data: Path, work: Path, extra_env: dict) -> dict:
    env = {"HVA_GRAPH_ROOT": str(data / "root"), "HVA_GRAPH_CACHE_DIR": str(data / "cache"),
           "HVA_GRAPH_DUMPS_DIR": str(work / "dumps"), **extra_env}
    seconds, done = timed([str(BIN / "hva-graph"), "load", "--store", store], env, 3600)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return {"seconds": seconds}


def post(url: str, fields: list[tuple[str, str]], accept: str = http_bench.JSON_RESULTS) -> bytes:
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, body, {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return response.read()


def data_graphs(url: str) -> list[str]:
    rows = json.loads(post(url, [("query", GRAPHS)]))["results"]["bindings"]
    return sorted(row["g"]["value"] for row in rows if row["g"]["value"].startswith("https://w3id.org/hva-graph/graph/"))


def median_ms(url: str, fields_of, repeats: int) -> float:
    times = []
    for index in range(repeats):
        fields = fields_of(f"{QUERY}\n# {index}")
        started = time.perf_counter()
        post(url, fields)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def naming_cost(engine: str, url: str, repeats: int) -> dict:
    """The query with and without the data's graphs named, as the engine's profile names them."""
    from hva_graph.store.engines import ENGINES, Dataset

    graphs = tuple(data_graphs(url))
    profile = ENGINES[engine]

    def named(text: str) -> list[tuple[str, str]]:
        query, fields = profile.request(text, Dataset(graphs, graphs), 600)
        return [("query", query), *[(k, v) for k, v in fields if k != "timeout"]]

    plain = median_ms(url, lambda text: [("query", text)], repeats)
    return {"graphs": len(graphs), "plain_ms": plain, "named_ms": median_ms(url, named, repeats)}


def hop(engine_url: str, data: Path, work: Path, env: dict, opts) -> dict:
    hva = http_bench.start_hva(data / "root", work, opts.deadline, store="sparql+" + engine_url)
    try:
        result = {"hva_start_s": hva.start_s}
        direct = f"{engine_url}?{urllib.parse.urlencode({'query': QUERY})}"
        for name, url in (("direct", direct), ("through hva-graph", hva.sparql_url(QUERY))):
            result[name] = http_bench.wrk(url, opts.http_seconds, opts.connections, distinct=True)
        return result
    finally:
        hva.stop()


def measure(n: int, work: Path, opts) -> dict:
    data = work / f"n{n}"
    sizes = synthetic.generate(n, data)
    seed_closure(data / "root", data, data / "cache")
    nquads = data / "dataset.nq"
    result = {"quads": sum(sizes.values()), "graphs": len(sizes)}
    for engine in ("oxigraph", "virtuoso"):
        folder = work / f"n{n}-{engine}"
        subprocess.run(["rm", "-rf", str(folder)], check=True)
        folder.mkdir(parents=True)
        row = result[engine] = {}
        if engine == "oxigraph":
            seconds, done = timed([str(BIN / "oxigraph"), "load", "--location", str(folder / "bulk"), "--file",
                                   str(nquads)], {}, 3600)
            row["bulk_load_s"] = seconds
            server, env = OxigraphServer(folder / "db", writable=True), {}
        else:
            bulk = Virtuoso(folder / "bulk").start()
            started = time.perf_counter()
            bulk.bulk_load(nquads)
            row["bulk_load_s"] = time.perf_counter() - started
            bulk.stop()
            # ResultSetMaxRows above the data's statement count, as docs/operating.md: Choosing a store asks
            server = Virtuoso(folder / "db", max_rows=10 * result["quads"], max_seconds=60)
            env = {"HVA_GRAPH_REMOTE_USER": "dba", "HVA_GRAPH_REMOTE_PASSWORD": "dba"}
        server.start()
        try:
            row["push"] = push("sparql+" + server.url, data, folder, env)
            if engine == "oxigraph":  # served read-only, as docs/operating.md: Choosing a store says
                server.stop()
                server = OxigraphServer(folder / "db").start()
            row["naming"] = naming_cost(engine, server.url, opts.repeats)
            if opts.http_seconds:
                row["hop"] = hop(server.url, data, folder, env, opts)
        finally:
            server.stop()
    return result


def markdown(runs: dict, command: str) -> str:
    lines = [f"`{command}`", "",
             "| N | quads (graphs) | engine | engine's bulk loader | `hva-graph load --store sparql+…` | ratio |",
             "|---:|---:|---|---:|---:|---:|"]
    for n, run in runs.items():
        for engine in ("oxigraph", "virtuoso"):
            row = run[engine]
            pushed = row["push"].get("seconds")
            ratio = f"{pushed / row['bulk_load_s']:.1f}×" if pushed else row["push"].get("error", "")
            lines.append(f"| {n} | {run['quads']} ({run['graphs']}) | {engine} | {row['bulk_load_s']:.2f} s | "
                         f"{f'{pushed:.2f} s' if pushed else '—'} | {ratio} |")
    lines += ["", "| N | engine | theme-counts direct, median ms | with the data's graphs named | ratio |",
              "|---:|---|---:|---:|---:|"]
    for n, run in runs.items():
        for engine in ("oxigraph", "virtuoso"):
            naming = run[engine]["naming"]
            lines.append(f"| {n} | {engine} ({naming['graphs']} graphs) | {naming['plain_ms']:.1f} | "
                         f"{naming['named_ms']:.1f} | {naming['named_ms'] / naming['plain_ms']:.2f}× |")
    lines += ["", "| N | engine | direct req/s (p50 ms) | through hva-graph req/s (p50 ms) | ratio |",
              "|---:|---|---:|---:|---:|"]
    for n, run in runs.items():
        for engine in ("oxigraph", "virtuoso"):
            row = run[engine].get("hop")
            if not row:
                continue
            direct, through = row["direct"], row["through hva-graph"]
            if "error" in direct or "error" in through:
                lines.append(f"| {n} | {engine} | {direct.get('error', '')} | {through.get('error', '')} | |")
                continue
            lines.append(f"| {n} | {engine} | {direct['rps']:.0f} ({direct['p50_ms']:.1f}) | {through['rps']:.0f} "
                         f"({through['p50_ms']:.1f}) | {through['rps'] / direct['rps']:.2f}× |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counties", type=int, nargs="+", default=[5, 500])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "hva-bench-engines")
    parser.add_argument("--report", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--http-seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--deadline", type=float, default=1800.0)
    opts = parser.parse_args(argv)
    opts.work.mkdir(parents=True, exist_ok=True)
    runs = {n: measure(n, opts.work, opts) for n in opts.counties}
    (opts.work / "results.json").write_text(json.dumps(runs, indent=1))
    text = markdown(runs, " ".join(["benchmarks/engines.py", *(argv if argv is not None else sys.argv[1:])]))
    if opts.report:
        opts.report.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
