"""Answers over HTTP on the project's own data, against `oxigraph serve` in memory, in the same
run (issues 15 and 24): wrk, 2 connections; for computed answers a different query text every
request (wrk_distinct.lua), so no cache answers; for the cached class the same text every time
(hva-graph answers it from its response cache, Oxigraph computes it). Rounds alternate between
the servers and the median of the rounds is reported, with the CPU each server's process tree
spent per request. `--baseline DIR` also serves the same data with the hva-graph source in
DIR/server (say `git archive <commit> server | tar -x -C DIR`), to compare with an earlier
version in the same run.

hva-graph runs with the per-client allowances off (HVA_GRAPH_CLIENT_REQUESTS_PER_SECOND=0,
HVA_GRAPH_CLIENT_QUERY_SECONDS=0): wrk is one client asking as fast as it can, which the
defaults would answer with 429 within a second; the allowances cost a dictionary look-up.

    .venv/bin/python benchmarks/computed.py --seconds 8 --rounds 3 [--baseline /tmp/base]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import http_bench  # noqa: E402

BIN = Path(sys.executable).parent
THEME_COUNTS = (HERE.parent / "queries" / "theme-counts.rq").read_text(encoding="utf-8")
REGEX = ('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n'
         'SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(REGEX(?l, "hyvinvointi", "i")) }')
TARGETS = {  # name: (query, Accept, a distinct text per request)
    "ad-hoc theme-counts (SELECT, JSON)": (THEME_COUNTS, http_bench.JSON_RESULTS, True),
    "REGEX filter (SELECT, JSON)": (REGEX, http_bench.JSON_RESULTS, True),
    "DESCRIBE a strategy (Turtle)": ("DESCRIBE <https://w3id.org/hva-graph/id/strategy/pohjois-karjala-2023-2026>",
                                     "text/turtle", True),
    "identical theme-counts (cached by hva-graph)": (THEME_COUNTS, http_bench.JSON_RESULTS, False),
}
NO_ALLOWANCES = {"HVA_GRAPH_CLIENT_REQUESTS_PER_SECOND": "0", "HVA_GRAPH_CLIENT_QUERY_SECONDS": "0"}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(server: http_bench.Server, query: str, accept: str, seconds: int, distinct: bool = True) -> dict:
    pids = http_bench.tree_pids(server.process.pid)
    before = {pid: cpu_seconds(pid) for pid in pids}
    run = http_bench.wrk(server.sparql_url(query), seconds, 2, accept, distinct=distinct)
    spent = sum(cpu_seconds(pid) - before[pid] for pid in pids if Path(f"/proc/{pid}").exists())
    if "error" not in run:
        run["cpu_ms_per_request"] = 1000 * spent / max(run["requests"], 1)
    return run


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "hva-computed")
    parser.add_argument("--access-log", default="on", help="HVA_GRAPH_ACCESS_LOG for hva-graph serve")
    parser.add_argument("--baseline", type=Path, default=None, help="a folder holding an earlier version's server/")
    opts = parser.parse_args(argv)
    from hva_graph.settings import PROJECT_ROOT

    opts.work.mkdir(parents=True, exist_ok=True)
    nquads = opts.work / "all.nq"
    env = {**os.environ, "HVA_GRAPH_CACHE_DIR": str(opts.work / "cache"), "HVA_GRAPH_DUMPS_DIR": str(opts.work / "dumps")}
    subprocess.run([str(BIN / "hva-graph"), "dump", "--format", "nquads", "--out", str(nquads)], env=env, check=True,
                   capture_output=True)
    os.environ.update(HVA_GRAPH_ACCESS_LOG=opts.access_log, **NO_ALLOWANCES)
    servers = {"oxigraph serve": http_bench.start_oxigraph(nquads, opts.work, 120),
               "hva-graph": http_bench.start_hva(PROJECT_ROOT, opts.work, 300)}
    if opts.baseline is not None:
        servers["hva-graph before"] = http_bench.start_hva(
            PROJECT_ROOT, opts.work, 300, name="hva-graph before",
            extra_env={"PYTHONPATH": str(opts.baseline.resolve() / "server")})
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    results: dict = {target: {name: [] for name in servers} for target in TARGETS}
    try:
        for _ in range(opts.rounds):
            for target, (query, accept, distinct) in TARGETS.items():
                for name, server in servers.items():
                    results[target][name].append(measured(server, query, accept, opts.seconds, distinct))
    finally:
        for server in servers.values():
            server.stop()
    print(f"load average at the start: {load}; access log {opts.access_log}; {opts.rounds} rounds of "
          f"{opts.seconds} s, alternating\n")
    print("| target | server | req/s (median of rounds) | p50 ms | CPU ms per request (process tree) | ÷ oxigraph |")
    print("|---|---|---:|---:|---:|---:|")
    for target, by_server in results.items():
        medians = {name: statistics.median(r["rps"] for r in runs if "rps" in r) for name, runs in by_server.items()}
        for name, runs in by_server.items():
            p50 = statistics.median(r["p50_ms"] for r in runs if "p50_ms" in r)
            cpu = statistics.median(r["cpu_ms_per_request"] for r in runs if "cpu_ms_per_request" in r)
            print(f"| {target} | {name} | {medians[name]:.0f} | {p50:.2f} | {cpu:.2f} | "
                  f"{medians[name] / medians['oxigraph serve']:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
