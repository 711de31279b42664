"""At which nesting (or chain length) does pyoxigraph crash its process? (NESTING.md)

Each construct is run in a forked child on a thread with a given stack: first on 8 MB (a
default thread or main-thread stack), searching the smallest size that crashes (doubling, then
bisecting); then, at the longest text the query length limit admits, on the query processes'
own stack (store/zygote.STACK_BYTES). A child that runs past 30 s of CPU counts as slow (the
time limit stops those), not as a crash.

    .venv/bin/python benchmarks/nesting.py [--length 100000] [construct ...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import sys
import threading
import time

import pyoxigraph as ox

from hva_graph.store.zygote import STACK_BYTES

CONSTRUCTS = {
    "braces": lambda n: "ASK " + "{" * n + "}" * n,
    "parentheses": lambda n: "ASK { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "nested STR(": lambda n: "ASK { FILTER(" + "STR(" * n + "1" + ")" * n + ") }",
    "nested EXISTS": lambda n: "ASK { FILTER(" + "EXISTS{FILTER(" * n + "true" + ")}" * n + ") }",
    "sub-SELECTs": lambda n: "ASK { " + "{SELECT * WHERE" * n + "{}" + "}" * n + " }",
    "GRAPH nesting": lambda n: "ASK { " + "GRAPH ?g{" * n + "}" * n + " }",
    "path steps a/a/…": lambda n: "ASK { ?s " + "/".join(["a"] * n) + " ?o }",
    "path alternatives a|a|…": lambda n: "ASK { ?s " + "|".join(["a"] * n) + " ?o }",
    "path parentheses": lambda n: "ASK { ?s " + "(" * n + "a" + ")" * n + " ?o }",
    "&& chain": lambda n: "ASK { FILTER(" + "&&".join(["true"] * n) + ") }",
    "+ chain": lambda n: "ASK { FILTER(" + "+".join(["1"] * n) + ") }",
    "! chain": lambda n: "ASK { FILTER(" + "!" * n + "true) }",
    "UNION chain": lambda n: "ASK { " + "UNION".join(["{}"] * n) + " }",
    "OPTIONAL chain": lambda n: "ASK { " + "OPTIONAL{}" * n + " }",
    "MINUS chain": lambda n: "ASK { ?s ?p ?o " + "MINUS{}" * n + " }",
    "BIND chain": lambda n: "ASK { BIND(1 AS ?x0) " + " ".join(f"BIND(?x{i} AS ?x{i + 1})" for i in range(n)) + " }",
    "triple patterns": lambda n: "ASK { " + ".".join(["?s a ?o"] * n) + " }",
}
CPU_SECONDS = 30


def _child(query: str, stack: int) -> None:
    store = ox.Store()

    def run() -> None:
        try:
            result = store.query(query)
            bool(result) if isinstance(result, ox.QueryBoolean) else list(result)
            os._exit(0)
        except SyntaxError:
            os._exit(3)
        except Exception:
            os._exit(4)

    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    threading.stack_size(stack)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    os._exit(5)


def trial(query: str, stack: int) -> str:
    pid = os.fork()
    if pid == 0:
        _child(query, stack)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        return "slow" if name in ("SIGXCPU", "SIGKILL") else f"crash ({name})"
    return {0: "ok", 3: "syntax error", 4: "evaluation error"}.get(os.WEXITSTATUS(status), "?")


def longest(make, length: int) -> int:
    low, high = 1, 2
    while len(make(high)) <= length:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if len(make(middle)) <= length else (low, middle)
    return low


def crash_size(make, stack: int, length: int) -> tuple[int | None, str]:
    """The smallest size that crashes within `length` characters (to 2 %), or None and why not."""
    size, last_ok = 16, 1
    while len(make(size)) <= length:
        outcome = trial(make(size), stack)
        if outcome == "slow":
            return None, f"slow at {size}"
        if outcome.startswith("crash"):
            break
        last_ok, size = size, size * 2
    else:
        return None, f"{trial(make(longest(make, length)), stack)} at {longest(make, length)}"
    low, high = last_ok, size
    while high - low > max(1, low // 50):
        middle = (low + high) // 2
        low, high = (low, middle) if trial(make(middle), stack).startswith("crash") else (middle, high)
    return high, trial(make(high), stack)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--length", type=int, default=100_000, help="the query length limit (characters)")
    parser.add_argument("constructs", nargs="*", default=list(CONSTRUCTS))
    opts = parser.parse_args()
    for name in opts.constructs:
        make = CONSTRUCTS[name]
        started = time.monotonic()
        crash, how = crash_size(make, 8 << 20, opts.length)
        size = longest(make, opts.length)
        at_limit = trial(make(size), STACK_BYTES)
        print(json.dumps({"construct": name, "crash_on_8MB": crash, "on_8MB": how, "longest": size,
                          f"longest_on_{STACK_BYTES >> 20}MB": at_limit,
                          "seconds": round(time.monotonic() - started, 1)}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
