"""Statement pages on a disk store (issue 15): each of a few statement pages asked once (so no
answer comes from a response cache) through the app and its real query processes.

    .venv/bin/hva-graph load --store /tmp/store500          # with HVA_GRAPH_ROOT=<generated root>
    .venv/bin/python benchmarks/pages.py <generated root> /tmp/store500

Prints each page's time and the median, and each of the page's queries alone.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "server"))

from hva_graph.service import Service  # noqa: E402
from hva_graph.settings import Settings  # noqa: E402
from hva_graph.store.results import QueryJob  # noqa: E402
from hva_graph.web import resources  # noqa: E402
from hva_graph.web.app import create_app  # noqa: E402

GOALS = "SELECT ?s WHERE { GRAPH ?g { ?s a <https://w3id.org/hva-graph/ontology#StrategicGoal> } } LIMIT 400"
BASE = "https://w3id.org/hva-graph/"


def main(argv: list[str]) -> int:
    work = Path(tempfile.mkdtemp(prefix="hva-pages-"))
    settings = Settings.from_env(root=Path(argv[0]), store=argv[1], cache_dir=work / "cache", dumps_dir=work / "dumps")
    service = Service.from_settings(settings)
    try:
        client = create_app({"TESTING": True, "SETTINGS": settings, "SERVICE": service}).test_client()
        goals = [row["s"] for row in service.runner.run(QueryJob(GOALS, {"tabular": "json"})).values()][::40]
        for name in ("STATEMENTS", "INCOMING", "BLANKS", "PASSAGE", "CONTEXT_OF_STATEMENT", "DOCUMENT"):
            started = time.perf_counter()
            bound = {"iri": ("iri", goals[0])}
            if name == "INCOMING":
                bound["inferred"] = ("iri", BASE + "graph/inferred")
            resources._select(service, getattr(resources, name), bound)
            print(f"{name}: {1000 * (time.perf_counter() - started):.1f} ms")
        times = []
        for iri in goals:
            started = time.perf_counter()
            response = client.get("/" + iri[len(BASE):], headers={"Accept": "text/html"})
            times.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200, response.status_code
        print("pages (ms):", " ".join(f"{t:.0f}" for t in times), f"median {statistics.median(times):.1f}")
    finally:
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
