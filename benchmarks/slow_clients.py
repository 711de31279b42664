"""Slow and idle clients against three serving stacks, measured in one run (SLOW-CLIENTS.md).

- `hva-graph serve`: gunicorn's threaded worker behind the project's reading front (front.py);
- gunicorn gthread as it comes (8 threads), the stack before issue 16;
- gunicorn's gevent worker (an event loop, one greenlet per connection).

All three serve the same app (`hva_graph.web.app:create_app()`), the same data and settings.
The three run at once, on their own ports. In every scenario /health is asked every half
second (5 s timeout) while the attack runs on that stack alone; the figures are its answer
times, and how many of its requests got no answer or an error. `--wrk` adds the cost on
normal traffic: requests/s with Debian's wrk, in rounds that take the stacks in turn (so a
busy moment of the shared machine falls on all of them), medians and ratios to gthread.

    .venv/bin/python benchmarks/slow_clients.py [--seconds 15] [--wrk]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from http_bench import free_port, wrk

BIN = Path(sys.executable).parent
APP = "hva_graph.web.app:create_app()"
ATTACKER = ("127.0.0.2", 0)
"""The attacking clients' own loopback address: a per-address cap then tells them from /health's."""
HEAVY = ("SELECT * {{ VALUES ?i {{ {values} }} BIND(CONCAT(STR(?i), \"{pad}\") AS ?a) BIND(STR(?i) AS ?b) "
         "BIND(STR(?i) AS ?c) BIND(STR(?i) AS ?d) BIND(STR(?i) AS ?e) BIND(STR(?i) AS ?f) BIND(STR(?i) AS ?g) }}")


def stacks(port: int) -> dict[str, list[str]]:
    gunicorn = [str(BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "--no-control-socket", "--timeout", "120"]
    return {
        "hva-graph serve (front)": [str(BIN / "hva-graph"), "serve", "--port", str(port)],
        "gunicorn gthread": gunicorn + ["-k", "gthread", "--threads", "8", APP],
        "gunicorn gevent": gunicorn + ["-k", "gevent", "--worker-connections", "1000", APP],
    }


def start(command: list[str], base: str) -> subprocess.Popen:
    env = {**os.environ, "HVA_GRAPH_ACCESS_LOG": "off"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{command} did not start")


def poll_health(base: str, seconds: float) -> list[float | int | None]:
    """Answer times of /health, asked every 0.5 s; None for no answer within 5 s, the status
    for an answer other than 200."""
    times, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base + "/health", timeout=5) as response:
                response.read()
            times.append(time.monotonic() - started)
        except urllib.error.HTTPError as error:
            times.append(error.code)
        except OSError:
            times.append(None)
        time.sleep(max(0.0, 0.5 - (time.monotonic() - started)))
    return times


class Dribble:
    """`count` connections that send `head` and then one byte a second (or nothing)."""

    def __init__(self, port: int, count: int, head: bytes, drip: bool = True):
        self.sockets, self.stop, self.drip = [], threading.Event(), drip
        for _ in range(count):
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=ATTACKER)
                sock.sendall(head)
                self.sockets.append(sock)
            except OSError:
                pass
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(1.0):
            if self.drip:
                for sock in self.sockets:
                    try:
                        sock.send(b"x")
                    except OSError:
                        pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()


class Renders:
    """`count` clients asking, one after another, for distinct large HTML result pages."""

    def __init__(self, base: str, count: int):
        self.stop, self.done = threading.Event(), 0
        self.threads = [threading.Thread(target=self._run, args=(base, n), daemon=True) for n in range(count)]
        for thread in self.threads:
            thread.start()

    def _run(self, base: str, n: int) -> None:
        values = " ".join(str(i) for i in range(10_000))
        serial = 0
        while not self.stop.is_set():
            serial += 1
            query = HEAVY.format(values=values, pad=f"{n}-{serial}")
            data = urllib.parse.urlencode({"query": query}).encode()
            request = urllib.request.Request(base + "/sparql", data=data, headers={"Accept": "text/html"})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                self.done += 1
            except OSError:
                pass

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=70)


class SlowReaders:
    """`count` clients that ask for a large answer and never read it."""

    def __init__(self, port: int, count: int):
        query = urllib.parse.quote(HEAVY.format(values=" ".join(str(i) for i in range(10_000)), pad="r" * 300))
        self.sockets = []
        for n in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=ATTACKER)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(f"GET /sparql?query={query}&n={n} HTTP/1.1\r\nHost: x\r\nAccept: "
                         "application/sparql-results+json\r\n\r\n".encode())
            self.sockets.append(sock)

    def close(self) -> None:
        for sock in self.sockets:
            sock.close()


def scenarios(port: int, base: str):
    slow_head = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: "
    slow_body = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100000\r\n\r\n"
    yield "nothing else", lambda: None
    yield "8 slow headers (1 B/s)", lambda: Dribble(port, 8, slow_head)
    yield "8 slow bodies (1 B/s)", lambda: Dribble(port, 8, slow_body)
    yield "200 idle connections", lambda: Dribble(port, 200, b"", drip=False)
    yield "8 slow readers of a 5 MB answer", lambda: SlowReaders(port, 8)
    yield "4 clients making large HTML pages", lambda: Renders(base, 4)


def summary(times: list[float | int | None]) -> dict:
    answered = [t for t in times if isinstance(t, float)]
    return {"asked": len(times), "unanswered_5s": times.count(None),
            "errors": sorted({t for t in times if isinstance(t, int)}),
            "error_count": sum(1 for t in times if isinstance(t, int)),
            "median_ms": round(statistics.median(answered) * 1000, 1) if answered else None,
            "max_ms": round(max(answered) * 1000, 1) if answered else None}


def attacked(name: str, port: int, seconds: float) -> dict:
    base, results = f"http://127.0.0.1:{port}", {}
    for scenario, make in scenarios(port, base):
        attack = make()
        time.sleep(1.0)
        results[scenario] = summary(poll_health(base, seconds))
        if attack is not None:
            attack.close()
        time.sleep(2.0)
        print(json.dumps({"stack": name, "scenario": scenario, **results[scenario]}), flush=True)
    return results


def throughput(ports: dict[str, int], rounds: int, seconds: int) -> dict:
    """wrk on /health and on a cached query, the stacks taken in turn in each round."""
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    runs: dict = {name: {"/health": [], "cached query": []} for name in ports}
    for _ in range(rounds):
        for name, port in ports.items():
            base = f"http://127.0.0.1:{port}"
            for label, url in (("/health", base + "/health"), ("cached query", f"{base}/sparql?query={query}")):
                runs[name][label].append(wrk(url, seconds, 4))
    reference = next(iter(n for n in ports if "gthread" in n))
    report = {}
    for name in ports:
        report[name] = {}
        for label, results in runs[name].items():
            rps = statistics.median(r.get("rps", 0.0) for r in results)
            peer = statistics.median(r.get("rps", 0.0) for r in runs[reference][label])
            report[name][label] = {"median_rps": round(rps), "ratio_to_gthread": round(rps / peer, 2),
                                   "errors": sum(r.get("errors", 0) for r in results)}
        print(json.dumps({"stack": name, "wrk": report[name]}), flush=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--wrk", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", action="append", help="measure only this stack (repeatable)")
    opts = parser.parse_args()
    names = opts.only or list(stacks(0))
    ports = {name: free_port() for name in names}
    processes = {name: start(stacks(port)[name], f"http://127.0.0.1:{port}") for name, port in ports.items()}
    report = {}
    try:
        if opts.wrk:
            report["throughput"] = throughput(ports, opts.rounds, 5)
        for name, port in ports.items():
            report[name] = attacked(name, port, opts.seconds)
    finally:
        for process in processes.values():
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
