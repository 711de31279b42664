"""The SPARQL engines a remote store can be, and each one's quirks: the one place they live.

remote.py, remote_start.py and push.py ask the engine what to do and never test which one it is:
- which answer formats to ask for (ones it writes correctly);
- how to name the data's graphs in each query (the dataset), so that an engine's own graphs
  (Virtuoso's system graphs, an operator's other data) never reach an answer;
- which answers it marks as cut short, and what it writes that must be repaired before reading;
- where its Graph Store Protocol and update endpoints usually are, and what an operator must set.

An engine is chosen by the remote_engine setting, or else by the Server header it answers with;
anything unknown gets the generic profile, which relies on nothing beyond SPARQL 1.1.
"""

from __future__ import annotations

import io
import urllib.parse
from dataclasses import dataclass

NO_GRAPH = "urn:x-hva-graph:no-graph"
"""A graph no engine holds. Named where a list of graphs is empty, because engines read an empty
list as "all my graphs" (Virtuoso takes every graph as named when a query has FROM and no FROM
NAMED); naming a graph that does not exist gives the empty default graph or no named graphs."""

XML = "application/sparql-results+xml"
JSON = "application/sparql-results+json"
TSV = "text/tab-separated-values"
GRAPHS = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


@dataclass(frozen=True)
class Dataset:
    """The graphs one query is asked over: merged into its default graph, and named."""
    default: tuple[str, ...]
    named: tuple[str, ...]
    in_text: bool = False
    """The query's own FROM / FROM NAMED clauses, already in its text, say it."""


class Engine:
    """Any SPARQL 1.1 engine (Fuseki, QLever, GraphDB …): nothing assumed beyond the standard."""

    key = "generic"
    name = "the SPARQL engine"
    server: str | None = None
    """How its HTTP Server header starts."""
    results = f"{XML}, {JSON};q=0.9"
    """Results formats asked for: XML first (the oldest, most widely correct, and read as it streams)."""
    boolean = f"{XML}, {JSON};q=0.9"
    graphs = GRAPHS
    union_default = False
    """Whether its default graph may stand for the union of the data's graphs when it holds no
    others (checked at start); otherwise every query names the data's graphs."""
    union_setting = ""
    """How its operator makes the default graph the union."""
    result_cap_setting = "the engine's own limit on rows per answer"
    cost_limit_query: str | None = None
    """A query whose one row says the engine's limit on a query's estimated cost (0: none), when
    the engine refuses queries by such an estimate before running them."""
    cost_limit_setting = ""

    def refused_by_estimate(self, status: int, message: str) -> bool:
        """Whether an error answer is the engine refusing a query by its estimate of the cost."""
        return False

    def accept(self, form: str | None) -> str:
        return {"SELECT": self.results, "ASK": self.boolean, "CONSTRUCT": self.graphs,
                "DESCRIBE": self.graphs}.get(form, f"{self.results}, {self.graphs}")

    def request(self, query: str, dataset: Dataset | None, seconds: float) -> tuple[str, list[tuple[str, str]]]:
        """The query text and the protocol fields that ask `query` over `dataset` (None: the
        engine's own default dataset) within `seconds`. Here: default-graph-uri and named-graph-uri
        (SPARQL 1.1 Protocol 2.1.4), which take precedence over the text's own FROM clauses; the
        protocol has no time limit to pass on."""
        if dataset is None:
            return query, []
        fields = [("default-graph-uri", g) for g in dataset.default or (NO_GRAPH,)]
        fields += [("named-graph-uri", g) for g in dataset.named or (NO_GRAPH,)]
        return query, fields

    def cut_short(self, header) -> tuple[str, int | None] | None:
        """Whether the engine marked this answer as incomplete (header: the response's getheader):
        ("time", None) stopped at its own time limit, ("rows", n) cut at n rows; None if whole."""
        return None

    def timed_out(self, status: int, message: str) -> bool:
        """Whether an error answer is the engine's own time limit (then the answer is a 503)."""
        return False

    xml_fixes: tuple[tuple[bytes, bytes], ...] = ()
    """Byte sequences the engine writes in SPARQL XML results where the standard has others."""

    def repair(self, media_type: str, body: bytes) -> bytes:
        """The answer as the standard would have it written."""
        if media_type == XML:
            for wrong, right in self.xml_fixes:
                body = body.replace(wrong, right)
        return body

    def repaired(self, media_type: str, stream: io.RawIOBase) -> io.RawIOBase:
        """A streamed answer as the standard would have it written (repair, as it is read)."""
        if media_type == XML and self.xml_fixes:
            return _Replacing(stream, self.xml_fixes)
        return stream

    def graph_store(self, endpoint: str) -> str | None:
        """Its Graph Store Protocol endpoint, where it is usually found beside `endpoint`."""
        return None

    def update_endpoint(self, endpoint: str) -> str | None:
        return None

    def describe(self, server: str | None) -> str:
        """How the operator reads its name: the profile's, with what its Server header announces."""
        announced = (server or "").split()
        if not announced:
            return self.name
        if self.server and announced[0].startswith(self.server):
            return f"{self.name} {announced[0][len(self.server):]}"
        return f"{self.name} ({announced[0]})"


def _beside(endpoint: str, old: str, new: str) -> str | None:
    """`endpoint` with its last path segment `old` replaced by `new`, or None."""
    parts = urllib.parse.urlsplit(endpoint)
    if not parts.path.rstrip("/").endswith("/" + old):
        return None
    path = parts.path.rstrip("/")[: -len(old)] + new
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class Oxigraph(Engine):
    """`oxigraph serve`: its TSV is standard and can be counted line by line as it streams, and
    with --union-default-graph its default graph is the union. Naming the graphs instead costs
    it dearly: 34 ms against 21.6 s for theme-counts over 506 graphs (measured), so when it holds
    nothing but the data's graphs the union is relied on, after a check at start."""

    key = "oxigraph"
    name = "Oxigraph"
    server = "Oxigraph/"
    results = f"{TSV}, {JSON};q=0.9, {XML};q=0.8"
    boolean = f"{JSON}, {XML};q=0.9"
    graphs = "application/n-triples, text/turtle;q=0.9"
    union_default = True
    union_setting = "--union-default-graph"

    def graph_store(self, endpoint: str) -> str | None:
        return _beside(endpoint, "query", "store")

    def update_endpoint(self, endpoint: str) -> str | None:
        return _beside(endpoint, "query", "update")


class Virtuoso(Engine):
    """Virtuoso Open Source 7.2. Its quirks, each handled here:
    - its TSV header reads "g" where the standard has ?g, and its SPARQL XML writes a blank node
      as nodeID://b1 (not a valid label): XML is asked for and the blank nodes repaired;
    - its default graph holds its own system graphs (virtrdf#, …), and it echoes every
      default-graph-uri / named-graph-uri back as a response header (hundreds of graphs overflow
      a client's header limit): the dataset is named with its `define input:default-graph-uri`
      and `define input:named-graph-uri` pragmas at the head of the text instead. (Naming 506
      graphs so costs it 66 ms where theme-counts takes 14 ms without; leaving out its own 3
      graphs with `define input:default-graph-exclude` took 11 ms, but fails some queries with
      "SQ200: Stack Overflow in cost model" in 7.2.5, counties-without-strategy among them);
    - a query with FROM but no FROM NAMED sees every graph as named, and its pragmas add to the
      text's FROM clauses: so both pragmas name NO_GRAPH when the text gives the dataset;
    - ResultSetMaxRows (default 10,000) and its time limits ("anytime" queries) cut answers short
      with a 200 status, saying so only in X-SPARQL-MaxRows / X-SQL-State headers; past its time
      limit an aggregate fails with a 500 (SR171) instead.
    """

    key = "virtuoso"
    name = "Virtuoso"
    server = "Virtuoso/"
    results = XML
    boolean = XML
    graphs = "application/n-triples"
    result_cap_setting = "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini"

    def request(self, query: str, dataset: Dataset | None, seconds: float) -> tuple[str, list[tuple[str, str]]]:
        # Its own `timeout` parameter (milliseconds) stops the work on its side when this side
        # gives up, instead of leaving it running until MaxQueryExecutionTime.
        limit = [("timeout", str(max(int(seconds * 1000), 1)))]
        if dataset is None:
            return query, limit
        default = () if dataset.in_text else dataset.default
        named = () if dataset.in_text else dataset.named
        pragmas = [f"define input:default-graph-uri <{g}>" for g in default or (NO_GRAPH,)]
        pragmas += [f"define input:named-graph-uri <{g}>" for g in named or (NO_GRAPH,)]
        return "\n".join(pragmas) + "\n" + query, limit

    def cut_short(self, header) -> tuple[str, int | None] | None:
        if header("X-SQL-State"):  # S1TAT: an anytime query stopped at MaxQueryExecutionTime
            return "time", None
        rows = header("X-SPARQL-MaxRows")
        if rows:
            return "rows", int(rows) if rows.strip().isdigit() else None
        return None

    def timed_out(self, status: int, message: str) -> bool:
        # An aggregate past MaxQueryExecutionTime: 500 "Virtuoso S1T00 Error SR171: Transaction timed out"
        return status == 500 and ("SR171" in message or "S1T00" in message)

    xml_fixes = ((b"<bnode>nodeID://", b"<bnode>"),)  # in XML, "<bnode>" is only ever the element: text is escaped

    # It refuses a query, before running it, whose estimated cost passes MaxQueryCostEstimationTime
    # (400 s in Debian's virtuoso.ini; where it is absent, MaxExecutionTime). Its estimates of the
    # data's queries are far off: mission-and-vision over the data's 14 graphs is estimated at
    # 813 s and answered in 10 ms (Debian's 07.20.3229), and the estimate grows with every graph named. Read
    # with its own functions, which its public endpoint answers.
    cost_limit_query = ("SELECT ?limit WHERE { BIND (COALESCE(bif:cfg_item_value(bif:virtuoso_ini_path(), 'SPARQL', "
                        "'MaxQueryCostEstimationTime'), bif:cfg_item_value(bif:virtuoso_ini_path(), 'SPARQL', "
                        "'MaxExecutionTime'), '0') AS ?limit) }")
    cost_limit_setting = "MaxQueryCostEstimationTime in the [SPARQL] section of virtuoso.ini"

    def refused_by_estimate(self, status: int, message: str) -> bool:
        # 500 "Virtuoso 42000 Error The estimated execution time 813 (sec) exceeds the limit of 400 (sec)."
        return status == 500 and "42000" in message and "estimated execution time" in message

    def graph_store(self, endpoint: str) -> str | None:
        return _beside(endpoint, "sparql", "sparql-graph-crud-auth")

    def update_endpoint(self, endpoint: str) -> str | None:
        return _beside(endpoint, "sparql", "sparql-auth")


class _Replacing(io.RawIOBase):
    """A stream with byte sequences replaced as it is read: what could be the start of one is
    held back until the next read shows whether it is."""

    def __init__(self, stream: io.RawIOBase, fixes: tuple[tuple[bytes, bytes], ...]):
        self.stream, self.fixes = stream, fixes
        self.keep = max(len(wrong) for wrong, _ in fixes) - 1
        self.pending, self.ready, self.ended = b"", b"", False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.ready and not self.ended:
            chunk = self.stream.read(len(buffer))
            self.ended = not chunk
            text = self.pending + (chunk or b"")
            for wrong, right in self.fixes:
                text = text.replace(wrong, right)
            cut = len(text) if self.ended else max(len(text) - self.keep, 0)
            self.ready, self.pending = text[:cut], text[cut:]
        size = min(len(buffer), len(self.ready))
        buffer[:size], self.ready = self.ready[:size], self.ready[size:]
        return size


ENGINES = {engine.key: engine for engine in (Oxigraph(), Virtuoso(), Engine())}


def engine_named(key: str, server: str | None = None) -> Engine:
    """The profile the remote_engine setting names; for "auto", the one whose Server header
    `server` announces, or the generic profile."""
    if key != "auto":
        return ENGINES[key]
    for engine in ENGINES.values():
        if engine.server and (server or "").startswith(engine.server):
            return engine
    return ENGINES["generic"]
