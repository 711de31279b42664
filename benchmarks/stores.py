"""The store backends as a user runs them: `hva-graph load --store PATH` (time and peak memory),
a restart of `hva-graph serve --store PATH` to its first answer, and `hva-graph serve --store
sparql+http://…` in front of `oxigraph serve` against that server asked directly (the cost of
the hop, same query, same run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import http_bench

BIN = Path(sys.executable).parent
MEASURE = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
           "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024); "
           "print(done.stderr[-2000:], file=sys.stderr)")


def load_store(root: Path, work: Path, timeout: float) -> dict:
    """`hva-graph load` on the generated data, cold: an empty cache, so it reads, infers and
    validates the data itself (nothing seeded)."""
    location = work / "hva-store"
    shutil.rmtree(work / "cache-stores", ignore_errors=True)
    env = {**os.environ, "HVA_GRAPH_ROOT": str(root), "HVA_GRAPH_CACHE_DIR": str(work / "cache-stores"),
           "HVA_GRAPH_DUMPS_DIR": str(work / "dumps")}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, str(BIN / "hva-graph"), "load", "--store", str(location)],
                          env=env, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    status, peak = (int(x) for x in done.stdout.split())
    if status != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {status}"}
    return {"location": str(location), "load_s": seconds, "peak_rss_mb": peak}


def first_answer(server: http_bench.Server, query: str) -> float:
    started = time.perf_counter()
    request = urllib.request.Request(server.sparql_url(query), headers={"Accept": http_bench.JSON_RESULTS})
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
    return time.perf_counter() - started


def restart(root: Path, work: Path, location: str, query: str, deadline_s: float) -> dict:
    """A restart on a built store: start to /health, then the first answer of `query`."""
    server = http_bench.start_hva(root, work, deadline_s, store=location)
    try:
        answer = first_answer(server, query)
        return {"start_s": server.start_s, "first_answer_s": answer, "to_first_answer_s": server.start_s + answer,
                "rss_mb": http_bench.tree_memory_mb(server.process.pid),
                "peak_rss_mb": http_bench.tree_memory_mb(server.process.pid, "VmHWM")}
    finally:
        server.stop()


def remote_hop(root: Path, data: Path, work: Path, query: str, opts) -> dict:
    """wrk on `oxigraph serve` directly and on hva-graph serving through it."""
    oxigraph = http_bench.start_oxigraph(data / "dataset.nq", work, opts.start_deadline)
    try:
        hva = http_bench.start_hva(root, work, opts.start_deadline, store="sparql+" + oxigraph.base + "/query")
        try:
            result = {"hva-graph start_s": hva.start_s}
            for name, server in (("oxigraph serve", oxigraph), ("hva-graph → oxigraph", hva)):
                url = server.sparql_url(query)
                result[name] = http_bench.wrk(url, opts.http_seconds, opts.connections, distinct=True)
            result["hva-graph → oxigraph, repeated query"] = http_bench.wrk(
                hva.sparql_url(query), opts.http_seconds, opts.connections)
            return result
        finally:
            hva.stop()
    finally:
        oxigraph.stop()


def measure(n: int, data: Path, work: Path, opts) -> dict:
    query = (Path(__file__).resolve().parent.parent / "queries" / "theme-counts.rq").read_text(encoding="utf-8")
    result = {"load": load_store(data / "root", work, opts.start_deadline)}
    if "location" in result["load"]:
        result["restart"] = restart(data / "root", work, result["load"]["location"], query, opts.start_deadline)
    if n <= opts.http_max:
        result["remote"] = remote_hop(data / "root", data, work, query, opts)
    return result


def table(result: dict) -> list[str]:
    lines = []
    load = result.get("load", {})
    if "error" in load:
        lines.append(f"- `hva-graph load`: failed: {load['error']}")
    elif load:
        lines.append(f"- `hva-graph load --store`, cold (empty cache: reads, infers, validates, then one bulk "
                     f"load and optimize, and the dumps): {load['load_s']:.1f} s, peak RSS {load['peak_rss_mb']} MB")
    if "restart" in result:
        r = result["restart"]
        lines.append(f"- `hva-graph serve --store PATH` restart: /health after {r['start_s']:.2f} s, first "
                     f"theme-counts answer {r['first_answer_s']:.2f} s later: **{r['to_first_answer_s']:.2f} s** to "
                     f"first answer; RSS {r['rss_mb']:.0f} MB (peak {r['peak_rss_mb']:.0f} MB, process tree)")
    if "remote" in result:
        remote = result["remote"]
        lines += ["", "| ad-hoc theme-counts, wrk (each request a distinct query text unless said) | req/s | "
                      "p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|"]
        for name in ("oxigraph serve", "hva-graph → oxigraph", "hva-graph → oxigraph, repeated query"):
            w = remote.get(name, {})
            if "error" in w:
                lines.append(f"| {name} | {w['error']} | | | |")
            else:
                lines.append(f"| {name} | {w['rps']:.0f} | {w['p50_ms']:.2f} | {w['p99_ms']:.2f} | "
                             f"{w.get('errors', 0)} |")
    return lines

