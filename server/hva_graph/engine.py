"""Running one SPARQL query on a pyoxigraph store: the result limit, and native serialisation.

This runs inside a query process (see pool.py), so everything it takes and returns is
picklable. The result limit is exact and cheap: results are first written as TSV
(one line per row) or N-Triples (one line per triple) by Oxigraph's own serialisers,
through a writer that stops the query as soon as the limit is passed; within the
limit, that text is converted to the negotiated format, again by Oxigraph.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pyoxigraph as ox

from .formats import GRAPH_FORMATS, RESULT_FORMATS
from .namespaces import PREFIXES
from .sparql_text import declares_dataset

Term = tuple  # ("iri", value) | ("literal", value, datatype or None, language or None)


@dataclass(frozen=True)
class QueryJob:
    query: str
    formats: dict[str, str | None]
    """Negotiated format key per result kind ("tabular", "boolean", "graph"); None: not acceptable."""
    default_graphs: tuple[str, ...] | None = None
    """Protocol default-graph-uri values; None means the union of all graphs."""
    named_graphs: tuple[str, ...] | None = None
    result_limit: int = 10_000
    substitutions: dict[str, Term] = field(default_factory=dict)
    base_iri: str | None = None


@dataclass(frozen=True)
class Outcome:
    status: int
    body: bytes = b""
    format: str | None = None
    kind: str | None = None
    count: int | None = None
    message: str = ""


class LimitReached(Exception):
    pass


class LineLimitedBuffer(io.RawIOBase):
    """A write target that gives up once it has seen more than `limit` lines."""

    def __init__(self, limit: int):
        self.buffer = io.BytesIO()
        self.lines, self.limit = 0, limit

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.lines += bytes(data).count(b"\n")
        if self.lines > self.limit:
            raise LimitReached
        return self.buffer.write(data)


class DistinctLineBuffer(LineLimitedBuffer):
    """Keeps each line once and counts the distinct ones.

    Oxigraph may write a CONSTRUCT triple once per solution that produces it; the answer
    is a graph, in which it is one triple, so it is kept and counted (for the limit) once.
    """

    def __init__(self, limit: int):
        super().__init__(limit)
        self.seen: set[bytes] = set()
        self.partial = b""

    def write(self, data) -> int:
        data = bytes(data)
        *lines, self.partial = (self.partial + data).split(b"\n")
        for line in lines:
            if line not in self.seen:
                self.seen.add(line)
                self.lines += 1
                if self.lines > self.limit:
                    raise LimitReached
                self.buffer.write(line + b"\n")
        return len(data)


def execute(store: ox.Store, job: QueryJob) -> Outcome:
    try:
        result = store.query(
            job.query,
            base_iri=job.base_iri,
            prefixes=None,
            # The union of all graphs is the default graph, unless the protocol's
            # default-graph-uri or the query's own FROM / FROM NAMED say otherwise.
            use_default_graph_as_union=job.default_graphs is None and not declares_dataset(job.query),
            # () is an empty default graph (only named-graph-uri given), None the union.
            default_graph=[ox.NamedNode(g) for g in job.default_graphs] if job.default_graphs is not None else None,
            named_graphs=[ox.NamedNode(g) for g in job.named_graphs] if job.named_graphs is not None else None,
            substitutions={ox.Variable(name): _term(t) for name, t in job.substitutions.items()},
        )
        if isinstance(result, ox.QueryBoolean):
            return boolean_answer(result, job)
        if isinstance(result, ox.QuerySolutions):
            return tabular_answer(result, job)
        return _graph(result, job)
    except SyntaxError as error:
        return Outcome(400, message=f"SPARQL syntax error: {error}")
    except LimitReached:
        return limit_exceeded(job)
    except (OSError, ValueError, RuntimeError) as error:
        return Outcome(400, message=f"Query evaluation failed: {error}")


def limit_exceeded(job: QueryJob) -> Outcome:
    return Outcome(422, message=(
        f"Result limit exceeded: the answer has more than {job.result_limit} rows or triples. "
        "Nothing was returned rather than a truncated answer; add LIMIT (and OFFSET to page), "
        "or narrow the query."))


def boolean_answer(result: ox.QueryBoolean, job: QueryJob) -> Outcome:
    key = job.formats.get("boolean")
    if key is None:
        return Outcome(406, kind="boolean")
    body = result.serialize(format=RESULT_FORMATS[key].engine)
    return Outcome(200, body, key, "boolean", 1)


def tabular_answer(result: ox.QuerySolutions, job: QueryJob) -> Outcome:
    key = job.formats.get("tabular")
    if key is None:
        return Outcome(406, kind="tabular")
    out = tsv_buffer(job)
    result.serialize(out, format=ox.QueryResultsFormat.TSV)
    return tabular_outcome(out, key)


def tsv_buffer(job: QueryJob) -> "LineLimitedBuffer":
    return LineLimitedBuffer(job.result_limit + 1)  # + the header line


def tabular_outcome(out: "LineLimitedBuffer", key: str) -> Outcome:
    """The rows written (as TSV) to `out`, in the format `key`."""
    tsv = out.buffer.getvalue()
    count = max(out.lines - 1, 0)
    if key != "tsv":
        tsv = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(
            format=RESULT_FORMATS[key].engine)
    return Outcome(200, tsv, key, "tabular", count)


def _graph(result: ox.QueryTriples, job: QueryJob) -> Outcome:
    key = job.formats.get("graph")
    if key is None:
        return Outcome(406, kind="graph")
    out = DistinctLineBuffer(job.result_limit)
    result.serialize(out, format=ox.RdfFormat.N_TRIPLES)
    return graph_outcome(out, key)


def graph_outcome(out: "DistinctLineBuffer", key: str) -> Outcome:
    """The triples written (as N-Triples) to `out`, in the format `key`."""
    if out.partial:  # a last line without its newline
        out.write(b"\n")
    ntriples = out.buffer.getvalue()
    body = ntriples
    if key != "ntriples":
        triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
        body = ox.serialize(triples, format=GRAPH_FORMATS[key].engine, prefixes=PREFIXES)
    return Outcome(200, body, key, "graph", out.lines)


def _term(term: Term):
    if term[0] == "iri":
        return ox.NamedNode(term[1])
    _, value, datatype, language = term
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)
