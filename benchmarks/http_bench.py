"""HTTP servers on loopback, and bounded load on them with Debian's wrk.

Three servers answer the same SPARQL over the same data: `hva-graph serve` (gunicorn,
query processes with the time limit on), `oxigraph serve-read-only` (Oxigraph's own
Rust server, the speed peer) and rdflib-endpoint (FastAPI + rdflib, the Python peer).
Every server is started by us on 127.0.0.1, waited for within a deadline, and stopped
by its own process id.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
JSON_RESULTS = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_pids(pid: int) -> list[int]:
    """pid and all its descendants (gunicorn worker, zygote and query processes)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def tree_memory_mb(pid: int, field_name: str = "VmRSS") -> float:
    """Summed over the process tree. Copy-on-write pages shared by forked query processes
    are counted in each, so this is an upper bound of the memory really used."""
    total = 0
    for current in tree_pids(pid):
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith(field_name + ":"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def tree_pss_mb(pid: int) -> float:
    """The proportional set size summed over the process tree: a page shared by n processes
    counts 1/n in each, so forked query processes sharing the store count it once."""
    total = 0
    for current in tree_pids(pid):
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    base: str
    sparql_path: str
    start_s: float = 0.0
    load_s: float | None = None
    extra: dict = field(default_factory=dict)

    def sparql_url(self, query: str) -> str:
        return f"{self.base}{self.sparql_path}?{urllib.parse.urlencode({'query': query})}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def _wait(process: subprocess.Popen, url: str, deadline_s: float, accept: str = JSON_RESULTS) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < deadline_s:
        if process.poll() is not None:
            raise RuntimeError(f"exited with status {process.returncode}")
        try:
            request = urllib.request.Request(url, headers={"Accept": accept})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except urllib.error.HTTPError as error:  # up, but not answering this: waiting will not help
            process.kill()
            raise RuntimeError(f"HTTP {error.code} from {url}") from None
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"no answer at {url} within {deadline_s:g} s")


def _spawn(command: list[str], env: dict | None = None, log: Path | None = None) -> subprocess.Popen:
    if log:
        log.parent.mkdir(parents=True, exist_ok=True)
    out = open(log, "wb") if log else subprocess.DEVNULL
    return subprocess.Popen(command, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)


def start_hva(root: Path, work: Path, deadline_s: float, store: str | None = None, name: str = "hva-graph",
              extra_env: dict | None = None) -> Server:
    """`hva-graph serve`; `extra_env` may point PYTHONPATH at another version's source (a baseline)."""
    port = free_port()
    env = {"HVA_GRAPH_ROOT": str(root), "HVA_GRAPH_CACHE_DIR": str(work / "cache"),
           "HVA_GRAPH_DUMPS_DIR": str(work / "dumps"), **({"HVA_GRAPH_STORE": store} if store else {}),
           **(extra_env or {})}
    process = _spawn([str(BIN / "hva-graph"), "serve", "--host", "127.0.0.1", "--port", str(port)], env,
                     work / f"{name.replace(' ', '-')}.log")
    server = Server(name, process, f"http://127.0.0.1:{port}", "/sparql")
    server.start_s = _wait(process, server.base + "/health", deadline_s, "application/json")
    return server


def start_oxigraph(nquads: Path, work: Path, deadline_s: float) -> Server:
    location = work / "oxigraph-server-store"
    shutil.rmtree(location, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(nquads)],
                   check=True, capture_output=True, timeout=deadline_s)
    load_s = time.perf_counter() - started
    port = free_port()
    # The union default graph, as hva-graph's: the same query sees the same triples.
    process = _spawn([str(BIN / "oxigraph"), "serve-read-only", "--location", str(location),
                      "--bind", f"127.0.0.1:{port}", "--union-default-graph"], log=work / "oxigraph.log")
    server = Server("oxigraph serve", process, f"http://127.0.0.1:{port}", "/query", load_s=load_s)
    server.start_s = _wait(process, server.sparql_url("ASK {}"), deadline_s)
    return server


def start_rdflib_endpoint(nquads: Path, work: Path, deadline_s: float) -> Server:
    port = free_port()
    process = _spawn([str(BIN / "rdflib-endpoint"), "serve", str(nquads), "--host", "127.0.0.1", "--port", str(port)],
                     log=work / "rdflib-endpoint.log")
    # Its CLI says /sparql, but SparqlEndpoint's default path, which the CLI keeps, is /.
    server = Server("rdflib-endpoint", process, f"http://127.0.0.1:{port}", "/")
    server.start_s = _wait(process, server.sparql_url("ASK {}"), deadline_s)
    return server


def wrk(url: str, seconds: int, connections: int = 2, accept: str = JSON_RESULTS, distinct: bool = False) -> dict:
    """One bounded wrk run; throughput, p50/p99 latency, errors. `distinct`: every request's
    query differs (a numbered comment), so none is answered from a cache."""
    if shutil.which("wrk") is None:
        return {"error": "wrk not installed (apt-get install wrk)"}
    command = ["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s",
               "-s", str(HERE / ("wrk_distinct.lua" if distinct else "wrk_report.lua")), "-H", f"Accept: {accept}", url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next((l for l in reversed(done.stdout.splitlines()) if l.startswith("{")), None)
    if line is None:
        return {"error": (done.stderr or done.stdout).strip()[-300:]}
    raw = json.loads(line)
    return {"rps": raw["requests"] / (raw["duration_us"] / 1e6), "p50_ms": raw["p50_us"] / 1000,
            "p99_ms": raw["p99_us"] / 1000, "requests": raw["requests"],
            "errors": raw["socket_errors"] + raw["non_2xx"]}


def check(url: str, accept: str = JSON_RESULTS) -> int:
    """One request before the load: a target that answers an error is not worth timing."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=120) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code
