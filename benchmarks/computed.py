"""Computed answers over HTTP on the project's own data, against `oxigraph serve` in memory, in
the same run (issue 15, point 4): wrk, 2 connections, a different query text every request
(wrk_distinct.lua), so no cache answers; rounds alternate between the servers and the median of
the rounds is reported, with the CPU each process of hva-graph spent per request.

    .venv/bin/python benchmarks/computed.py --seconds 8 --rounds 3
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
TARGETS = {
    "ad-hoc theme-counts (SELECT, JSON)": ((HERE.parent / "queries" / "theme-counts.rq").read_text(encoding="utf-8"),
                                          http_bench.JSON_RESULTS),
    "DESCRIBE a strategy (Turtle)": ("DESCRIBE <https://w3id.org/hva-graph/id/strategy/pohjois-karjala-2023-2026>",
                                     "text/turtle"),
}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(server: http_bench.Server, query: str, accept: str, seconds: int) -> dict:
    pids = http_bench.tree_pids(server.process.pid)
    before = {pid: cpu_seconds(pid) for pid in pids}
    run = http_bench.wrk(server.sparql_url(query), seconds, 2, accept, distinct=True)
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
    opts = parser.parse_args(argv)
    from hva_graph.settings import PROJECT_ROOT

    opts.work.mkdir(parents=True, exist_ok=True)
    nquads = opts.work / "all.nq"
    env = {**os.environ, "HVA_GRAPH_CACHE_DIR": str(opts.work / "cache"), "HVA_GRAPH_DUMPS_DIR": str(opts.work / "dumps")}
    subprocess.run([str(BIN / "hva-graph"), "dump", "--format", "nquads", "--out", str(nquads)], env=env, check=True,
                   capture_output=True)
    os.environ["HVA_GRAPH_ACCESS_LOG"] = opts.access_log
    servers = {"oxigraph serve": http_bench.start_oxigraph(nquads, opts.work, 120),
               "hva-graph": http_bench.start_hva(PROJECT_ROOT, opts.work, 300)}
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    results: dict = {target: {name: [] for name in servers} for target in TARGETS}
    try:
        for _ in range(opts.rounds):
            for target, (query, accept) in TARGETS.items():
                for name, server in servers.items():
                    results[target][name].append(measured(server, query, accept, opts.seconds))
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
