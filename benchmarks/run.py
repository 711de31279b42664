"""The benchmark of issue 6: query time, load and memory, HTTP throughput, each against a peer
measured in the same run, written as a Markdown report. Run on demand, never as a timed test.

    .venv/bin/python benchmarks/run.py --quick                  # ~1 minute smoke (CI may run it)
    .venv/bin/python benchmarks/run.py --counties 5 500 --report benchmarks/report-full.md

Needs the `bench` extra (pip install -e ".[test,bench]") and Debian's wrk.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "server"))

import http_bench  # noqa: E402
import inprocess  # noqa: E402
import report  # noqa: E402
import stores  # noqa: E402
import synthetic  # noqa: E402


def in_process(n: int, data: Path, work: Path, opts) -> dict:
    nquads = data / "dataset.nq"
    results = {"memory": inprocess.measure("memory", nquads, repeats=opts.repeats, budget=opts.budget)}
    location = work / "disk-store"
    results["disk-build"] = inprocess.build_disk_store(nquads, location)
    results["disk"] = inprocess.measure("disk", nquads, location, repeats=opts.repeats, budget=opts.budget)
    if n <= opts.rdflib_max:
        results["rdflib"] = inprocess.measure("rdflib", nquads, repeats=max(3, opts.repeats // 4),
                                              warmup=1, budget=opts.budget)
    return results


def targets(hva, peers: dict, strategy: str) -> dict[str, dict[str, str]]:
    """URL per target and server: the same SPARQL for every server where a server has no such page."""
    theme_counts = (HERE.parent / "queries" / "theme-counts.rq").read_text(encoding="utf-8")
    describe = f"DESCRIBE <{strategy}>"
    urls = {"ad-hoc theme-counts": {}, "cached canned theme-counts": {}, "resource page": {}}
    for server in ([hva] if hva else []) + list(peers.values()):
        urls["ad-hoc theme-counts"][server.name] = server.sparql_url(theme_counts)
        urls["cached canned theme-counts"][server.name] = server.sparql_url(theme_counts)
        urls["resource page"][server.name] = server.sparql_url(describe)
    if hva:
        urls["cached canned theme-counts"][hva.name] = hva.base + "/queries/theme-counts/results?format=json"
        urls["resource page"][hva.name] = hva.base + strategy.replace("https://w3id.org/hva-graph", "")
    return urls


def over_http(n: int, data: Path, work: Path, opts) -> dict:
    deadline = opts.start_deadline
    servers, result = {}, {"servers": {}, "load": {}, "soak": None}
    starters = [("oxigraph serve", lambda: http_bench.start_oxigraph(data / "dataset.nq", work, deadline)),
                ("hva-graph", lambda: http_bench.start_hva(data / "root", work, deadline))]
    if n <= opts.endpoint_max:
        starters.append(("rdflib-endpoint", lambda: http_bench.start_rdflib_endpoint(data / "dataset.nq", work, deadline)))
    try:
        for name, start in starters:
            try:
                servers[name] = start()
                result["servers"][name] = {"start_s": servers[name].start_s, "load_s": servers[name].load_s,
                                           "rss_mb": http_bench.tree_memory_mb(servers[name].process.pid)}
            except (RuntimeError, OSError, Exception) as error:  # a peer that will not run is reported, not fatal
                result["servers"][name] = {"error": str(error)}
        hva = servers.get("hva-graph")
        peers = {k: v for k, v in servers.items() if k != "hva-graph"}
        strategy = synthetic.County(0, synthetic.SEED).strategy
        for target, urls in targets(hva, peers, strategy).items():
            accept = "text/html" if target == "resource page" else http_bench.JSON_RESULTS
            row = {}
            for name, url in urls.items():
                server_accept = accept if name == "hva-graph" else (
                    "text/turtle" if target == "resource page" else http_bench.JSON_RESULTS)
                status = http_bench.check(url, server_accept)
                row[name] = (http_bench.wrk(url, opts.http_seconds, opts.connections, server_accept)
                             if status == 200 else {"error": f"HTTP {status} before the load"})
            result["load"][target] = row
        if hva and opts.soak_seconds:
            url = targets(hva, {}, strategy)["ad-hoc theme-counts"]["hva-graph"]
            before = http_bench.tree_memory_mb(hva.process.pid)
            run = http_bench.wrk(url, opts.soak_seconds, opts.connections)
            after = http_bench.tree_memory_mb(hva.process.pid)
            result["soak"] = {"seconds": opts.soak_seconds, "rss_before_mb": before, "rss_after_mb": after, **run}
        for name, server in servers.items():
            result["servers"][name]["rss_after_mb"] = http_bench.tree_memory_mb(server.process.pid)
            result["servers"][name]["peak_rss_mb"] = http_bench.tree_memory_mb(server.process.pid, "VmHWM")
    finally:
        for server in servers.values():
            server.stop()
    return result


def real_startup(work: Path, opts) -> dict:
    """hva-graph serve on the project's own data: cold (empty cache) and warm (restart)."""
    from hva_graph.settings import PROJECT_ROOT

    import shutil

    shutil.rmtree(work / "real", ignore_errors=True)  # cold means an empty cache
    times = {}
    for kind in ("cold", "warm"):
        server = http_bench.start_hva(PROJECT_ROOT, work / "real", opts.start_deadline)
        times[kind + "_s"] = server.start_s
        server.stop()
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 5, short runs: proves the benchmark works")
    parser.add_argument("--counties", type=int, nargs="+", default=[5, 500])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "hva-bench")
    parser.add_argument("--report", type=Path, default=None, help="Markdown report (default: print it)")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--budget", type=float, default=30.0, help="most seconds of timed runs per query")
    parser.add_argument("--http-seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--soak-seconds", type=int, default=60)
    parser.add_argument("--rdflib-max", type=int, default=50, help="largest N for rdflib in process")
    parser.add_argument("--endpoint-max", type=int, default=500, help="largest N for rdflib-endpoint")
    parser.add_argument("--http-max", type=int, default=500, help="largest N measured over HTTP")
    parser.add_argument("--start-deadline", type=float, default=1800.0)
    parser.add_argument("--no-stores", action="store_true", help="skip hva-graph load / serve --store runs")
    parser.add_argument("--only-stores", action="store_true", help="only the store runs (with generation)")
    opts = parser.parse_args(argv)
    if opts.quick:
        opts.counties, opts.repeats, opts.budget = [5], 5, 2.0
        opts.http_seconds, opts.soak_seconds = 2, 0
    command = " ".join(["benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])])
    runs = {}
    for n in opts.counties:
        work = opts.work / f"n{n}"
        work.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        sizes = synthetic.generate(n, work)
        run = {"quads": sum(sizes.values()), "generate_s": time.perf_counter() - started}
        # Nothing is seeded: every server and `hva-graph load` here reads, infers and validates
        # the generated data itself, at every size (issue 15), so start times include it.
        if not opts.only_stores:
            run["in_process"] = in_process(n, work, work, opts)
        if n <= opts.http_max and not opts.only_stores:
            run["http"] = over_http(n, work, work, opts)
        if not opts.no_stores:
            run["stores"] = stores.measure(n, work, work, opts)
        runs[n] = run
        # Kept after every N, so a long run that is stopped still leaves its figures.
        (opts.work / "results.json").write_text(json.dumps({"runs": runs}, indent=1))
        print(f"N = {n} done", file=sys.stderr)
    # A cold start on the real data runs OWL RL and SHACL (~25 s): too long for the smoke.
    startup = {} if opts.quick else real_startup(opts.work, opts)
    text = report.markdown(command, opts, runs, startup)
    (opts.work / "results.json").write_text(json.dumps({"runs": runs, "startup": startup}, indent=1))
    if opts.report:
        opts.report.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
