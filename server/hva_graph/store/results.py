"""What every store takes and gives: a QueryJob in, an Outcome out, and the answer writers.

Jobs and outcomes cross into query processes (see pool.py), so they are picklable. The
result limit is exact and cheap: results are first written as TSV (one line per row) or
N-Triples (one line per triple) by Oxigraph's own serialisers, through a writer that stops
the query as soon as the limit is passed (in rows, or in bytes where the job has a byte
limit); within the limit, that text is converted to the negotiated format, again by
Oxigraph, and the converted answer is held to the byte limit too. Every backend answers through these writers, so the
client gets the same bytes whichever store answered.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import PREFIXES
from ..sparql.formats import GRAPH_FORMATS, RESULT_FORMATS
from ..sparql.binding import Table, Term
from ..sparql.text import QueryFacts, read_query



@dataclass(frozen=True)
class QueryJob:
    query: str
    formats: dict[str, str | None]
    """Negotiated format key per result kind ("tabular", "boolean", "graph"); None: not acceptable."""
    default_graphs: tuple[str, ...] | None = None
    """Protocol default-graph-uri values; None means the union of all graphs."""
    named_graphs: tuple[str, ...] | None = None
    result_limit: int = 10_000
    substitutions: dict[str, Term | Table] = field(default_factory=dict)
    """Bound parameters: a term per variable, or a table of rows over several variables."""
    base_iri: str | None = None
    byte_limit: int | None = None
    """Most bytes in the answer as sent (and in its TSV or N-Triples form); None: no limit (the
    service's own reads). Users' queries have the max_answer_bytes setting."""
    text: QueryFacts | None = None
    """What the query's text says, when the caller has read it already (read once per request)."""

    @property
    def facts(self) -> QueryFacts:
        return self.text if self.text is not None else read_query(self.query)


@dataclass(frozen=True)
class Outcome:
    status: int
    body: bytes = b""
    format: str | None = None
    kind: str | None = None
    count: int | None = None
    message: str = ""
    retry_after: int | None = None
    """For a refusal that a later try may not meet: the seconds to wait (Retry-After)."""

    def bindings(self) -> list[dict[str, dict]]:
        """The rows of a SPARQL-JSON answer (variable -> term object); [] for a failed one."""
        return self.table()[1]

    def table(self) -> tuple[list[str], list[dict[str, dict]]]:
        """The variables and rows of a SPARQL-JSON answer; nothing for a failed one."""
        if self.status != 200:
            return [], []
        data = json.loads(self.body)
        return data["head"].get("vars", []), data["results"]["bindings"]

    def values(self) -> list[dict[str, str]]:
        """The rows of a SPARQL-JSON answer with each term as its lexical value."""
        return [{name: term["value"] for name, term in row.items()} for row in self.bindings()]

    def boolean(self) -> bool:
        """The answer of a SPARQL-JSON ASK; False for a failed one."""
        return self.status == 200 and bool(json.loads(self.body)["boolean"])


class LimitReached(Exception):
    """The answer passed the result limit: `bytes` says it was the byte limit, not the rows."""

    def __init__(self, bytes: bool = False):
        super().__init__("bytes" if bytes else "rows")
        self.bytes = bytes


class LineLimitedBuffer(io.RawIOBase):
    """A write target that gives up once it has seen more than `limit` lines (or more than
    `max_bytes` bytes)."""

    def __init__(self, limit: int, max_bytes: int | None = None):
        self.buffer = io.BytesIO()
        self.lines, self.limit, self.max_bytes = 0, limit, max_bytes

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.lines += bytes(data).count(b"\n")
        if self.lines > self.limit:
            raise LimitReached
        self.check_size(self.buffer.tell() + len(data))
        return self.buffer.write(data)

    def check_size(self, size: int) -> None:
        if self.max_bytes is not None and size > self.max_bytes:
            raise LimitReached(bytes=True)


class DistinctLineBuffer(LineLimitedBuffer):
    """Keeps each line once and counts the distinct ones.

    Oxigraph may write a CONSTRUCT triple once per solution that produces it; the answer
    is a graph, in which it is one triple, so it is kept and counted (for the limit) once.
    """

    def __init__(self, limit: int, max_bytes: int | None = None):
        super().__init__(limit, max_bytes)
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
                self.check_size(self.buffer.tell() + len(line) + 1)
                self.buffer.write(line + b"\n")
        return len(data)


def limit_exceeded(job: QueryJob, reached: LimitReached | None = None) -> Outcome:
    if reached is not None and reached.bytes:
        size = f"more than {job.byte_limit:,} bytes (the byte limit of this endpoint)"
    else:
        size = f"more than {job.result_limit} rows or triples"
    return Outcome(422, message=(
        f"Result limit exceeded: the answer has {size}. "
        "Nothing was returned rather than a truncated answer; add LIMIT (and OFFSET to page), "
        "or narrow the query (the complete data is in the dumps at /dumps/)."))


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


MIN_ROW_BYTES = {"json": 3, "html": 3, "xml": 17, "csv": 2}
"""The fewest bytes one row takes in each format (`{},`, `<result></result>`, CRLF): an answer
written in fewer than MIN_ROW_BYTES × (limit + 1) bytes cannot hold more than `limit` rows."""


class ByteLimitedBuffer(io.RawIOBase):
    """A write target that gives up once it has seen more than `limit` bytes."""

    def __init__(self, limit: int):
        self.buffer = io.BytesIO()
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self.buffer.tell() + len(data) > self.limit:
            raise LimitReached
        return self.buffer.write(data)


def direct_tabular(result: ox.QuerySolutions, job: QueryJob) -> Outcome | None:
    """The rows written straight in the negotiated format when that is short enough to hold no
    more rows than the limit (most answers); None when it is not, and the rows must be counted
    (tabular_answer, on a new run of the query). Saves the TSV round trip of tabular_answer."""
    key = job.formats.get("tabular")
    if key is None:
        return Outcome(406, kind="tabular")
    if key not in MIN_ROW_BYTES:
        return None
    most = MIN_ROW_BYTES[key] * (job.result_limit + 1) - 1
    if job.byte_limit is not None:  # past it the answer goes the counted way, refused naming that limit
        most = min(most, job.byte_limit)
    out = ByteLimitedBuffer(most)
    try:
        result.serialize(out, format=RESULT_FORMATS[key].engine)
    except LimitReached:
        return None
    body = out.buffer.getvalue()
    return Outcome(200, body, key, "tabular", _rows_in(body, key))


def _rows_in(body: bytes, key: str) -> int:
    if key == "xml":
        return body.count(b"<result>")  # markup in a value is escaped, so each is a row
    if key == "csv":
        return max(len(list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) - 1, 0)
    return len(json.loads(body)["results"]["bindings"])


def tsv_buffer(job: QueryJob) -> "LineLimitedBuffer":
    return LineLimitedBuffer(job.result_limit + 1, job.byte_limit)  # + the header line


def graph_buffer(job: QueryJob) -> "DistinctLineBuffer":
    return DistinctLineBuffer(job.result_limit, job.byte_limit)


def tabular_outcome(out: "LineLimitedBuffer", key: str) -> Outcome:
    """The rows written (as TSV) to `out`, in the format `key`."""
    tsv = out.buffer.getvalue()
    count = max(out.lines - 1, 0)
    if key != "tsv":
        tsv = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(
            format=RESULT_FORMATS[key].engine)
        out.check_size(len(tsv))
    return Outcome(200, tsv, key, "tabular", count)


def graph_answer(result: ox.QueryTriples, job: QueryJob) -> Outcome:
    key = job.formats.get("graph")
    if key is None:
        return Outcome(406, kind="graph")
    out = graph_buffer(job)
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
        out.check_size(len(body))
    return Outcome(200, body, key, "graph", out.lines)
