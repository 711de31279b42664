"""The search index and the search, measured on the synthetic data (issue 11's targets).

For each N: the synthetic counties' asserted graphs are read with rdflib as the service reads
data files, and graph/search is built from them (knowledge.search.index_graph, the real path,
nothing cached). Then the dataset and the index go into a pyoxigraph store in memory, and the
canned `full-text-search` (lemmas, graph/search) is timed beside the substring search it
replaces (the previous canned query, kept below as the peer), for the same words, in process.

    .venv/bin/python benchmarks/search.py 50 500 --out /tmp/hva-bench
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "server"))
sys.path.insert(0, str(Path(__file__).parent))

WORDS = ("henkilöstö", "palvelu", "lapsi", "hyvinvointi", "asukkaiden osallisuus", "digitaalinen")
SUBSTRING_SEARCH = """
PREFIX hva: <https://w3id.org/hva-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?word ?strategy ?statement ?kind ?text ?labelEn WHERE {
  ?statement hva:inStrategy ?strategy ; hva:verbatim ?text ; a ?kind ; rdfs:label ?labelEn .
  ?kind rdfs:subClassOf hva:StrategyElement .
  FILTER (LANG(?labelEn) = "en")
  FILTER EXISTS {
    ?statement hva:verbatim|rdfs:label ?any .
    FILTER (CONTAINS(LCASE(STR(?any)), LCASE(STR(?word))))
  }
}
ORDER BY ?strategy ?statement"""


def build_index(root: Path) -> tuple[object, float, int]:
    from rdflib import Graph

    from hva_graph.search.index import index_graph

    asserted = Graph()
    for path in sorted((root / "data").glob("*.ttl")):
        asserted.parse(path, format="nt")
    started = time.perf_counter()
    index = index_graph(asserted)
    return index, time.perf_counter() - started, len(asserted)


def store_with(nquads: Path, index) -> object:
    import pyoxigraph as ox

    from hva_graph.namespaces import SEARCH_GRAPH

    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.bulk_load(index.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode(str(SEARCH_GRAPH)))
    return store


def timed(store, sparql: str, terms: dict, repeats: int) -> tuple[float, int]:
    from hva_graph.store.embedded import execute
    from hva_graph.store.results import QueryJob

    samples, count = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        outcome = execute(store, QueryJob(sparql, {"tabular": "json"}, result_limit=10**8, substitutions=terms))
        samples.append(time.perf_counter() - started)
        assert outcome.status == 200, outcome.message
        count = outcome.count
    return statistics.median(samples), count


def measure(n: int, out: Path, repeats: int) -> dict:
    from hva_graph.canned.files import load_queries
    from hva_graph.canned.parameters import bind
    from synthetic import generate

    folder = out / f"search-n{n}"
    generate(n, folder)
    index, seconds, asserted = build_index(folder / "root")
    store = store_with(folder / "dataset.nq", index)
    query = load_queries(PROJECT / "queries")["full-text-search"]
    searches = {}
    for word in WORDS:
        lemma, hits = timed(store, query.sparql, bind(query, {"word": word}), repeats)
        substring, found = timed(store, SUBSTRING_SEARCH, {"word": ("literal", word, None, None)}, repeats)
        searches[word] = {"lemma_ms": round(lemma * 1000, 2), "lemma_hits": hits,
                          "substring_ms": round(substring * 1000, 2), "substring_hits": found}
    return {"counties": n, "asserted_triples": asserted, "index_triples": len(index),
            "index_build_s": round(seconds, 2), "searches": searches,
            "lemma_median_ms": round(statistics.median(s["lemma_ms"] for s in searches.values()), 2),
            "substring_median_ms": round(statistics.median(s["substring_ms"] for s in searches.values()), 2)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counties", type=int, nargs="+")
    parser.add_argument("--out", type=Path, default=Path("/tmp/hva-bench"))
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    for n in args.counties:
        print(json.dumps(measure(n, args.out, args.repeats), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
