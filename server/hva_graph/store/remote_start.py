"""Opening a remote engine: what is checked before it is served, and what the service states.

The engine is asked, in order (probe_remote stops after 5, before a server listens; open_remote
goes on to read the content):
1. a first query, whose Server header says which engine it is (engines.py), unless the
   remote_engine setting says so;
2. its named graphs: the data's are those in hva-graph's graph namespace; any others (Virtuoso's
   system graphs, an operator's own data) are left out of every query from then on;
3. the triples of the data's graphs and of their union, over the dataset every query will use
   (for Oxigraph, its union default graph, which must then be the union);
4. one answer a row longer than the result limit, which must arrive whole: an engine that cuts
   answers short (Virtuoso's ResultSetMaxRows) would otherwise pass truncated ones off as whole;
5. where the engine refuses queries by an estimate of their cost (Virtuoso), that it does not;
6. all of the data's statements in one answer, for the data version (and again their count).
Each failure is one paragraph (StoreUnavailable) naming the engine, what was asked, what came
back and what to change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyoxigraph as ox

from ..digests.canonical import canonical_digest
from ..namespaces import GRAPH, RELEASES_GRAPH
from ..settings import Settings, endpoint_url
from .backend import GRAPH_SIZES, UNION_SIZE, Backend, StoreUnavailable
from .engines import engine_named
from .remote import RemoteRunner, _sentence
from .results import Outcome, QueryJob

HELLO = "ASK {}"
EVERYTHING = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
ANSWER_BYTES = 400
"""How much of what came back a start-up message quotes."""


@dataclass
class Connected:
    runner: RemoteRunner
    sizes: dict[str, int]
    union: int
    foreign: int
    """How many of the engine's graphs are not the data's (and are left out of every query)."""


def unusable(runner: RemoteRunner, problem: str, asked: str, answer: str, advice: str = "") -> StoreUnavailable:
    """One paragraph: the engine, what is wrong, what was asked, what came back, what to do."""
    answer = " ".join(answer.split()).rstrip(".")
    if len(answer) > ANSWER_BYTES:
        answer = answer[:ANSWER_BYTES] + " …"
    text = f"{_sentence(runner.who)} cannot be served: {problem}. Asked: {asked}. It answered: {answer or '(nothing)'}."
    return StoreUnavailable(f"{text} {advice}".strip())


def _ask(runner: RemoteRunner, query: str, timeout: float, problem: str, advice: str = "",
         limit: int = 10**9) -> Outcome:
    outcome = runner.run(QueryJob(query, {"tabular": "tsv", "boolean": "json"}, result_limit=limit), timeout)
    if outcome.status != 200:
        raise unusable(runner, problem, f"`{' '.join(query.split())}`", outcome.message, advice)
    return outcome


def _rows(outcome: Outcome) -> list[list[str]]:
    """The rows of a TSV answer as lexical values (integers and IRIs are all this reads)."""
    lines = outcome.body.decode("utf-8").split("\n")[1:]
    return [[_lexical(cell) for cell in line.split("\t")] for line in lines if line]


def _lexical(cell: str) -> str:
    if cell.startswith("<") and cell.endswith(">"):
        return cell[1:-1]
    if cell.startswith('"'):
        return cell[1:cell.rindex('"')]
    return cell


def greet(runner: RemoteRunner, setting: str, timeout: float) -> None:
    """Step 1: the first query, and the engine known from its answer (the setting wins)."""
    outcome = runner.run(QueryJob(HELLO, {"boolean": "json"}), timeout)
    runner.engine = engine_named(setting, runner.server)
    if outcome.status != 200:
        raise unusable(runner, "it does not answer a SPARQL query", f"`{HELLO}`", outcome.message,
                       "Check that the engine runs and that the store setting names its SPARQL query endpoint.")


def connect(settings: Settings) -> Connected:
    """Steps 1 to 5 of the module's list: a runner that knows the engine and the data's graphs."""
    endpoint = endpoint_url(settings.store)
    runner = RemoteRunner(endpoint, settings.query_timeout, engine_named(settings.remote_engine))
    long = max(settings.query_timeout, settings.remote_read_timeout)
    greet(runner, settings.remote_engine, long)
    graphs = {g: int(n) for g, n in _rows(_ask(runner, GRAPH_SIZES, long, "its named graphs cannot be listed"))}
    sizes = {g: n for g, n in graphs.items() if g.startswith(str(GRAPH))}
    foreign = len(graphs) - len(sizes)
    if not sizes:
        raise unusable(runner, f"it holds none of hva-graph's named graphs (<{GRAPH}…>)", "its named graphs",
                       f"{foreign} other graphs", f"Publish the validated data into it with "
                       f"`hva-graph load --store {settings.store}`.")
    runner.graphs = set(sizes)
    runner.whole_engine = runner.engine.union_default and not foreign
    union = int(_rows(_ask(runner, UNION_SIZE, long, "its default graph cannot be counted"))[0][0])
    if runner.whole_engine and union < max(sizes.values()):
        raise unusable(
            runner, "its default graph is not the union of its named graphs", f"`{UNION_SIZE}`", str(union),
            f"Its named graphs hold {sum(sizes.values())} triples. Start it with {runner.engine.union_setting} "
            "(or set HVA_GRAPH_REMOTE_ENGINE=generic to name the data's graphs in every query instead, "
            "which it answers far more slowly when there are many).")
    _check_whole_answers(runner, settings.result_limit, long)
    _check_no_cost_estimate(runner, long)
    return Connected(runner, sizes, union, foreign)


def _check_no_cost_estimate(runner: RemoteRunner, timeout: float) -> None:
    """Step 5: an engine that refuses queries by an estimate of their cost before running them
    (Virtuoso) must not: its estimates refuse the data's own canned queries, which it answers in
    milliseconds, and this service bounds every query by its time limit anyway. An engine that
    does not say its limit is not refused here (a refusal later is a 503 naming the setting)."""
    if runner.engine.cost_limit_query is None:
        return
    outcome = runner.run(QueryJob(runner.engine.cost_limit_query, {"tabular": "tsv"}), timeout)
    rows = _rows(outcome) if outcome.status == 200 else []
    limit = rows[0][0].strip() if rows and rows[0] else ""
    if limit.lstrip("-").isdigit() and int(limit) > 0:
        raise unusable(runner, "it refuses queries by its own estimate of their cost before running them",
                       "its limit on that estimate", f"{limit} seconds",
                       f"Set {runner.engine.cost_limit_setting} to 0: its estimates grow with the number of graphs a "
                       "query names, and refuse canned queries it answers in milliseconds (mission-and-vision over "
                       "14 graphs is estimated at 813 s). This service stops every query at its own time limit "
                       "(HVA_GRAPH_QUERY_TIMEOUT), which it passes on to the engine as its timeout.")


def _check_whole_answers(runner: RemoteRunner, result_limit: int, timeout: float) -> None:
    """Step 4: side × side rows from two VALUES blocks, one more than the result limit or more."""
    side = math.isqrt(result_limit) + 1
    values = " ".join(str(i) for i in range(side))
    query = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} }}"
    advice = (f"Raise {runner.engine.result_cap_setting} above the result limit of this service "
              f"(HVA_GRAPH_RESULT_LIMIT, {result_limit}) and above the number of statements of the data.")
    asked = f"{side * side} rows (two VALUES blocks of {side} values)"
    outcome = runner.run(QueryJob(query, {"tabular": "tsv"}, result_limit=side * side), timeout)
    if outcome.status != 200:
        raise unusable(runner, "it does not give whole answers", asked, outcome.message, advice)
    if outcome.count != side * side:
        raise unusable(runner, "it does not give whole answers", asked, f"{outcome.count} rows", advice)


def probe_remote(settings: Settings) -> str:
    connected = connect(settings)
    others = f"; {connected.foreign} other graphs of the engine left out" if connected.foreign else ""
    return (f"{connected.runner.who} ({len(connected.sizes)} named graphs of the data, "
            f"{connected.union} triples{others})")


def open_remote(settings: Settings, isolate: bool = True, knowledge=None) -> Backend:
    """A remote engine, checked (connect) and fingerprinted at start: the data version is the
    canonical digest of all of the data's statements, the same as that of a store in memory or
    on disk holding them, so that ETags, cached answers and dumps agree across replicas. When
    it was first validated is for the service to say (Backend.modified is left unknown)."""
    connected = connect(settings)
    long = max(settings.query_timeout, settings.remote_read_timeout)
    return Backend("remote", connected.runner, _content_version(connected, long), connected.sizes, connected.union)


def _content_version(connected: Connected, timeout: float) -> str:
    """The canonical digest (RDFC-1.0) of every quad of the data's graphs: blank nodes, labelled
    anew in every answer, are named by the shape of the graph around them."""
    runner, expected = connected.runner, sum(connected.sizes.values())
    outcome = _ask(runner, EVERYTHING, timeout, "the data's statements cannot be read")
    if outcome.count != expected:
        raise unusable(runner, "it does not give whole answers", f"the {expected} statements of the data's graphs",
                       f"{outcome.count} statements",
                       f"Raise {runner.engine.result_cap_setting} above {expected}.")
    solutions = ox.parse_query_results(outcome.body, format=ox.QueryResultsFormat.TSV)
    return canonical_digest(ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in solutions
                            if row["g"].value != str(RELEASES_GRAPH))  # beside the data, not of its version
