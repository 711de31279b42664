"""The Markdown report of one benchmark run: machine, versions, command, tables, ratios."""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _command_version(command: list[str]) -> str:
    if shutil.which(command[0]) is None and not Path(command[0]).exists():
        return "not installed"
    done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    return (done.stdout or done.stderr).strip().splitlines()[0]


def machine() -> list[str]:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    memory = next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
    oxigraph = str(Path(sys.executable).parent / "oxigraph")
    return [
        f"- machine: {platform.system()} {platform.release()}, {cpu}, "
        f"{len(__import__('os').sched_getaffinity(0))} CPUs, {int(memory) // 1024} MB RAM",
        f"- Python {platform.python_version()}; pyoxigraph {_version('pyoxigraph')}, rdflib {_version('rdflib')}, "
        f"Flask {_version('flask')}, gunicorn {_version('gunicorn')}, rdflib-endpoint {_version('rdflib-endpoint')}, "
        f"uvicorn {_version('uvicorn')}",
        f"- {_command_version([oxigraph, '--version'])}; {_command_version(['wrk', '-v'])}",
    ]


def _ms(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def _ratio(a, b) -> str:
    return "–" if not a or not b else f"{a / b:.2f}×"


def in_process_table(results: dict) -> list[str]:
    backends = [b for b in ("memory", "disk", "rdflib") if "queries" in results.get(b, {})]
    head = "| query | rows | " + " | ".join(f"{b} median / p99 ms" for b in backends) + " | disk ÷ memory | rdflib ÷ memory |"
    lines = [head, "|---|---:|" + "---:|" * (len(backends) + 2)]
    memory = results["memory"]["queries"]
    for name, figures in memory.items():
        cells = [f"{_ms(results[b]['queries'][name]['median_ms'])} / {_ms(results[b]['queries'][name]['p99_ms'])}"
                 for b in backends]
        disk = results.get("disk", {}).get("queries", {}).get(name, {}).get("median_ms")
        peer = results.get("rdflib", {}).get("queries", {}).get(name, {}).get("median_ms")
        lines.append(f"| {name} | {figures['rows']} | " + " | ".join(cells)
                     + f" | {_ratio(disk, figures['median_ms'])} | {_ratio(peer, figures['median_ms'])} |")
    lines += ["", "| backend | load or open s | first answer ms | peak RSS MB |", "|---|---:|---:|---:|"]
    for backend, figures in results.items():
        if "error" in figures:
            lines.append(f"| {backend} | error: {figures['error']} | | |")
            continue
        lines.append(f"| {backend} | {figures['load_s']:.2f} | {figures['first_answer_s'] * 1000:.1f} "
                     f"| {figures['peak_rss_mb']:.0f} |")
    return lines


def http_tables(http: dict) -> list[str]:
    lines = ["| server | start s (to first answer) | bulk load s | RSS after start MB | peak RSS MB |",
             "|---|---:|---:|---:|---:|"]
    for name, s in http["servers"].items():
        if "error" in s:
            lines.append(f"| {name} | error: {s['error']} | | | |")
        else:
            load = f"{s['load_s']:.2f}" if s.get("load_s") else "(in start)"
            lines.append(f"| {name} | {s['start_s']:.2f} | {load} | {s['rss_mb']:.0f} | {s.get('peak_rss_mb', 0):.0f} |")
    lines += ["", "| target | server | req/s | p50 ms | p99 ms | errors | req/s ÷ oxigraph | p50 ÷ oxigraph | req/s ÷ rdflib-endpoint |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for target, row in http["load"].items():
        ox = row.get("oxigraph serve", {})
        rd = row.get("rdflib-endpoint", {})
        for name, r in row.items():
            if "error" in r:
                lines.append(f"| {target} | {name} | error: {r['error']} | | | | | | |")
                continue
            lines.append(f"| {target} | {name} | {r['rps']:.0f} | {_ms(r['p50_ms'])} | {_ms(r['p99_ms'])} | {r['errors']} "
                         f"| {_ratio(r['rps'], ox.get('rps'))} | {_ratio(r['p50_ms'], ox.get('p50_ms'))} "
                         f"| {_ratio(r['rps'], rd.get('rps'))} |")
    soak = http.get("soak")
    if soak and "error" not in soak:
        growth = (soak["rss_after_mb"] - soak["rss_before_mb"]) / soak["rss_before_mb"] * 100
        lines += ["", f"Bounded load for {soak['seconds']} s on hva-graph (ad-hoc theme-counts): {soak['requests']} "
                      f"requests, {soak['rps']:.0f} req/s, {soak['errors']} errors; RSS of the process tree "
                      f"{soak['rss_before_mb']:.0f} → {soak['rss_after_mb']:.0f} MB ({growth:+.1f} %)."]
    return lines


def markdown(command: str, opts, runs: dict, startup: dict) -> str:
    lines = ["# hva-graph benchmark", "", *machine(), f"- command: `{command}`",
             f"- in process: {opts.repeats} timed runs per query after warm-up (fewer when a query passes "
             f"{opts.budget:g} s), answers serialised as SPARQL JSON; HTTP: wrk, {opts.connections} connections, "
             f"{opts.http_seconds} s per target, loopback", ""]
    for n, run in runs.items():
        lines += [f"## N = {n} counties ({run['quads']} quads, generated in {run['generate_s']:.1f} s)", ""]
        if "in_process" in run:
            lines += ["### In process", "", *in_process_table(run["in_process"]), ""]
        if "stores" in run:
            import stores

            lines += ["### Store backends (hva-graph load / serve --store)", "", *stores.table(run["stores"]), ""]
        if "http" in run:
            lines += ["### HTTP", "", *http_tables(run["http"]), ""]
    if not startup:
        return "\n".join(lines)
    lines += ["## Start-up on the real data", "",
              f"`hva-graph serve` to its first `/health` answer: cold (empty cache: parse, OWL RL, SHACL, dumps) "
              f"{startup['cold_s']:.2f} s, warm (restart) {startup['warm_s']:.2f} s.", ""]
    return "\n".join(lines)
