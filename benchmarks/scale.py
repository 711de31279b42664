"""The benchmark of issue 15: validation, inference and start-up as the data grows, run for real
at every size (nothing seeded: each cold run starts from an empty cache), with the reference
(owlrl + pyshacl over the whole graph) measured in the same run where it finishes in time.

    .venv/bin/python benchmarks/scale.py --counties 50 500 5000 --report /tmp/scale.md

Each step is the command a curator or an operator runs, in its own process, timed on the wall
clock, with the peak RSS summed over its process tree (sampled every 0.1 s):

- `hva-graph validate`, cold (empty cache), then after editing one source file (warm cache);
- the reference, owlrl + pyshacl over the whole (benchmarks/reference.py), up to --reference-max;
- `hva-graph load --store`, cold (validates first);
- `hva-graph serve`, cold cache, to the first theme-counts answer, and the tree's RSS then;
- on the project's own data: `hva-graph serve` cold (empty cache) to its first answer.

Memory is given as RSS summed over the process tree, with the PSS in parentheses: forked
processes (query processes, the dumps writer) share the store's pages, which the RSS sum
counts once per process and the PSS once.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import http_bench  # noqa: E402
import report  # noqa: E402
import stores  # noqa: E402
import synthetic  # noqa: E402

BIN = Path(sys.executable).parent
QUERY = (HERE.parent / "queries" / "theme-counts.rq").read_text(encoding="utf-8")


def run_measured(command: list[str], env: dict, timeout: float) -> dict:
    """Wall time, exit status and the peak RSS (and PSS: shared pages counted once) of the
    command's process tree."""
    started = time.perf_counter()
    # stderr to a file, not a pipe: a refusal's report can outgrow a pipe's buffer, and the
    # command would then wait for a reader that only reads once it has exited
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log)
    peak = peak_pss = 0.0
    while process.poll() is None:
        peak = max(peak, http_bench.tree_memory_mb(process.pid))
        peak_pss = max(peak_pss, http_bench.tree_pss_mb(process.pid))
        if time.perf_counter() - started > timeout:
            process.kill()
            process.wait()
            log.close()
            return {"error": f"stopped after {timeout:g} s"}
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    log.seek(0)
    stderr = log.read().decode("utf-8", "replace")
    log.close()
    return {"seconds": seconds, "status": process.returncode, "peak_rss_mb": peak, "peak_pss_mb": peak_pss,
            "stderr": stderr[-1500:]}


def environment(root: Path, cache: Path, work: Path) -> dict:
    return {"HVA_GRAPH_ROOT": str(root), "HVA_GRAPH_CACHE_DIR": str(cache), "HVA_GRAPH_DUMPS_DIR": str(work / "dumps")}


def edit_one_source(root: Path) -> Path:
    """Change one statement's Finnish label in the first source file (still valid data)."""
    path = root / "data" / "source-000.ttl"
    text = path.read_text(encoding="utf-8")
    marker = '"@fi'
    at = text.index(marker)
    path.write_text(text[:at] + " (muokattu)" + text[at:], encoding="utf-8")
    return path


def validation(root: Path, work: Path, opts) -> dict:
    cache = work / "cache-validate"
    shutil.rmtree(cache, ignore_errors=True)
    env = environment(root, cache, work)
    result = {"cold": run_measured([str(BIN / "hva-graph"), "validate"], env, opts.timeout)}
    source = root / "data" / "source-000.ttl"
    original = source.read_bytes()
    try:
        edit_one_source(root)
        result["after_edit"] = run_measured([str(BIN / "hva-graph"), "validate"], env, opts.timeout)
    finally:
        source.write_bytes(original)
    return result


def reference(root: Path, work: Path, opts) -> dict:
    cache = work / "cache-reference"
    shutil.rmtree(cache, ignore_errors=True)
    return run_measured([sys.executable, str(HERE / "reference.py"), str(root), str(cache)], {}, opts.timeout)


def load(root: Path, work: Path, opts) -> dict:
    cache = work / "cache-load"
    shutil.rmtree(cache, ignore_errors=True)
    location = work / "store"
    result = run_measured([str(BIN / "hva-graph"), "load", "--store", str(location)],
                          environment(root, cache, work), opts.timeout)
    shutil.rmtree(location, ignore_errors=True)
    return result


def serve(root: Path, work: Path, opts) -> dict:
    """`hva-graph serve` from an empty cache to its first theme-counts answer."""
    server_work = work / "serve"
    shutil.rmtree(server_work, ignore_errors=True)
    started = time.perf_counter()
    try:
        server = http_bench.start_hva(root, server_work, opts.timeout)
    except RuntimeError as error:
        return {"error": str(error)}
    try:
        stores.first_answer(server, QUERY)
        return {"to_first_answer_s": time.perf_counter() - started,
                "rss_mb": http_bench.tree_memory_mb(server.process.pid),
                "pss_mb": http_bench.tree_pss_mb(server.process.pid),
                "peak_rss_mb": http_bench.tree_memory_mb(server.process.pid, "VmHWM")}
    finally:
        server.stop()


def one_size(n: int, opts) -> dict:
    work = opts.work / f"n{n}"
    work.mkdir(parents=True, exist_ok=True)
    sizes = synthetic.generate(n, work)
    root = work / "root"
    result = {"quads": sum(sizes.values()), "validate": validation(root, work, opts)}
    if n <= opts.reference_max:
        result["reference"] = reference(root, work, opts)
    if n <= opts.load_max:
        result["load"] = load(root, work, opts)
    if n <= opts.serve_max:
        result["serve"] = serve(root, work, opts)
    return result


def real_data(opts) -> dict:
    from hva_graph.settings import PROJECT_ROOT

    work = opts.work / "real"
    shutil.rmtree(work, ignore_errors=True)
    cold = serve(PROJECT_ROOT, work, opts)
    warm = {}
    try:
        server = http_bench.start_hva(PROJECT_ROOT, work / "serve", opts.timeout)  # the cache is kept
        warm = {"to_health_s": server.start_s}
        server.stop()
    except RuntimeError as error:
        warm = {"error": str(error)}
    return {"cold": cold, "warm": warm, "reference": reference(PROJECT_ROOT, work, opts)}


def _s(entry: dict, key: str = "seconds") -> str:
    if not entry:
        return "–"
    if "error" in entry:
        return f"failed ({entry['error']})"
    if entry.get("status", 0) not in (0, None):
        return f"exit {entry['status']}: {entry.get('stderr', '').strip().splitlines()[-1:]}"
    return f"{entry[key]:.1f} s"


def _mb(entry: dict, key: str = "peak_rss_mb") -> str:
    if not entry or key not in entry:
        return "–"
    pss = entry.get(key.replace("rss", "pss"))
    return f"{entry[key]:.0f} MB" + (f" ({pss:.0f})" if pss and "pss" not in key else "")


def markdown(command: str, runs: dict, real: dict, load_note: str) -> str:
    lines = ["# Scale benchmark (issue 15)", "", *report.machine(), f"- command: `{command}`",
             f"- load average before the run: {load_note}", "",
             "| counties | quads | `hva-graph validate` cold | peak RSS | after editing one source | "
             "reference (owlrl + pyshacl) | ratio | `hva-graph load --store` cold | peak RSS | "
             "`serve` cold to first answer | RSS then (PSS) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, run in runs.items():
        cold, edit = run["validate"]["cold"], run["validate"].get("after_edit", {})
        ref = run.get("reference", {})
        ratio = (f"{ref['seconds'] / cold['seconds']:.1f}× faster" if ref.get("seconds") and cold.get("seconds")
                 else "–")
        lines.append(f"| {n} | {run['quads']} | {_s(cold)} | {_mb(cold)} | {_s(edit)} | {_s(ref)} | {ratio} | "
                     f"{_s(run.get('load', {}))} | {_mb(run.get('load', {}))} | "
                     f"{_s(run.get('serve', {}), 'to_first_answer_s')} | {_mb(run.get('serve', {}), 'rss_mb')} |")
    if real:
        lines += ["", f"Real data: `hva-graph serve` cold (empty cache) to its first answer "
                      f"{_s(real['cold'], 'to_first_answer_s')} (RSS {_mb(real['cold'], 'rss_mb')}); restart to "
                      f"/health {_s(real['warm'], 'to_health_s')}; the reference (owlrl + pyshacl) alone "
                      f"{_s(real['reference'])}."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counties", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "hva-scale")
    parser.add_argument("--report", type=Path, default=None)
    parser.add_argument("--timeout", type=float, default=1800.0, help="most seconds for one step")
    parser.add_argument("--reference-max", type=int, default=50, help="largest N for owlrl + pyshacl")
    parser.add_argument("--load-max", type=int, default=500)
    parser.add_argument("--serve-max", type=int, default=500)
    parser.add_argument("--no-real", action="store_true", help="skip the project's own data")
    opts = parser.parse_args(argv)
    command = " ".join(["benchmarks/scale.py", *(argv if argv is not None else sys.argv[1:])])
    load_note = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    runs = {}
    for n in opts.counties:
        runs[n] = one_size(n, opts)
        (opts.work / "results.json").write_text(json.dumps(runs, indent=1))
        print(f"N = {n} done", file=sys.stderr)
    real = {} if opts.no_real else real_data(opts)
    text = markdown(command, runs, real, load_note)
    if opts.report:
        opts.report.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
