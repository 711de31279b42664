"""Queries answered by a remote SPARQL 1.1 engine (`oxigraph serve`, Virtuoso, Fuseki, QLever,
GraphDB, ...) through the SPARQL protocol. What differs between engines (the formats to ask
for, how the dataset is named, answers marked as cut short) is asked of the engine's profile
(engines.py); what is checked before an engine is served is remote_start.py.

Everything above the store sees the same Outcome as from the embedded engine, and the
endpoint's own limits still hold on this side:
- the time limit is a deadline on the whole exchange (connecting, waiting, reading); past
  it the connection is dropped and the answer is 503, as for an embedded query;
- the result limit is counted while the answer streams in (TSV rows, SPARQL XML results as
  Oxigraph parses them, N-Triples lines) and the transfer is abandoned as soon as it is passed (422, never a
  truncated answer); an answer the engine itself marks as incomplete is never passed on;
- an answer is re-serialised by Oxigraph into the format the client negotiated, so the
  engine's own formats and quirks never reach the client.

Every query is asked over the data's named graphs (set at start): the client's dataset, else
the query's own FROM clauses, else all of the data's graphs, so that an engine's own graphs
never reach an answer (only an engine whose default dataset is exactly the data's is asked
without one).

Bound parameters (canned queries, resource pages) cannot be handed over as Oxigraph
substitutions; they travel as a VALUES block that opens the query's WHERE group, each term
written by pyoxigraph in N-Triples syntax (an IRI it has checked, a literal it has escaped),
so a value can never change the query around it.

Only the configured engine is ever contacted, and never on a user's say: SERVICE clauses are
refused before a query gets here, as for the embedded store; and a dataset (FROM, FROM NAMED,
default-graph-uri, named-graph-uri) may only name the data's graphs, because some engines
fetch an unknown graph IRI from the web.
"""

from __future__ import annotations

import http.client
import io
import socket
import time
import urllib.parse

import pyoxigraph as ox

from ..sparql.text import QueryFacts
from .engines import ENGINES, TSV, XML, Dataset, Engine
from ..sparql.binding import bind_values
from .results import (LimitReached, Outcome, QueryJob, boolean_answer, graph_buffer,
                      graph_outcome, limit_exceeded, tabular_answer, tsv_buffer)

RESULTS_PARSERS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_PARSERS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
CHUNK = 1 << 16
MAX_UNSTREAMED_BYTES = 256 << 20
"""Answers in formats that are not counted as they stream (JSON, Turtle) are read whole, and
none is held beyond this size: it is refused instead."""
MESSAGE_BYTES = 2000
"""How much of an engine's error message is passed on."""


class RemoteRunner:
    """Runs QueryJobs on a remote engine; safe to call from many threads at once."""

    network_isolated = False
    """The engine is reached over the network; SERVICE is refused by the text check."""
    problem = None
    replaced_by = None

    def __init__(self, endpoint: str, timeout: float, engine: Engine = ENGINES["generic"]):
        self.endpoint, self.timeout, self.engine = endpoint, timeout, engine
        self.graphs: set[str] | None = None
        """The data's named graphs (set once known): the only IRIs a dataset may name, and the
        dataset of every query that names none."""
        self.whole_engine = False
        """Whether the engine's own default dataset is exactly the data's (checked at start), so
        that a query naming no dataset need not name the data's graphs."""
        self.server: str | None = None
        """The Server header of the engine's last answer."""
        parts = urllib.parse.urlsplit(endpoint)
        self._https = parts.scheme == "https"
        self._host, self._port = parts.hostname, parts.port
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    @property
    def who(self) -> str:
        """The engine, as an operator reads it in a message."""
        return f"{self.engine.describe(self.server)} at {self.endpoint}"

    def run(self, job: QueryJob, timeout: float | None = None) -> Outcome:
        deadline = time.monotonic() + (timeout or self.timeout)
        facts = job.facts
        try:
            query = bind_values(job.query, job.substitutions, facts)
        except ValueError as error:
            return Outcome(400, message=f"A parameter cannot be bound: {error}")
        if job.base_iri:
            query = f"BASE <{ox.NamedNode(job.base_iri).value}>\n{query}"
        dataset = self._dataset(job, facts)
        if isinstance(dataset, Outcome):
            return dataset
        text, fields = self.engine.request(query, dataset, deadline - time.monotonic())
        body = urllib.parse.urlencode([("query", text), *fields]).encode("utf-8")
        return self._exchange(body, facts.form, job, deadline)

    def _dataset(self, job: QueryJob, facts: QueryFacts) -> Dataset | Outcome | None:
        """The graphs the query is asked over: the protocol's, else its text's, else the data's
        (None: the engine's own default dataset, where that is the data's or nothing is known yet).
        A dataset naming a graph that is not the data's is refused (400)."""
        clauses = facts.dataset
        if job.default_graphs is not None or job.named_graphs is not None:
            dataset = Dataset(job.default_graphs or (), job.named_graphs or ())
        elif clauses:
            dataset = Dataset(tuple(iri for named, iri in clauses if not named),
                              tuple(iri for named, iri in clauses if named), in_text=True)
        elif self.graphs is None or self.whole_engine:
            return None
        else:
            everything = tuple(sorted(self.graphs))
            return Dataset(everything, everything)
        if self.graphs is not None:
            unknown = [iri for iri in (*dataset.default, *dataset.named) if iri not in self.graphs]
            if unknown:
                shown = ", ".join("(unreadable)" if iri is None else f"<{iri}>" for iri in unknown)
                return Outcome(400, message=(
                    f"{shown} is not a named graph of this store. FROM, FROM NAMED, default-graph-uri and "
                    "named-graph-uri select among the store's own graphs (the service description lists "
                    "them); nothing is fetched from elsewhere."))
        return dataset

    def _exchange(self, body: bytes, form: str | None, job: QueryJob, deadline: float) -> Outcome:
        connection = self._connect(deadline)
        try:
            connection.request("POST", self._path, body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": self.engine.accept(form),
                "User-Agent": "hva-graph"})
            _settle(connection, deadline)
            response = connection.getresponse()
            self.server = response.getheader("Server") or self.server
            return self._answer(response, job, connection, deadline)
        except LimitReached as reached:
            return limit_exceeded(job, reached)
        except (socket.timeout, TimeoutError):
            return Outcome(503, message=(
                f"Query timed out: the SPARQL engine did not answer within the limit of {self.timeout:g} s; "
                "the request to it was abandoned."))
        except (OSError, http.client.HTTPException) as error:
            return Outcome(502, message=f"{_sentence(self.who)} could not be reached: {error}")
        except (SyntaxError, ValueError) as error:
            return Outcome(502, message=f"{_sentence(self.who)} sent an answer that could not be read: {error}")
        finally:
            connection.close()

    def _connect(self, deadline: float) -> http.client.HTTPConnection:
        remaining = max(deadline - time.monotonic(), 0.001)
        kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        return kind(self._host, self._port, timeout=remaining)

    def _answer(self, response, job: QueryJob, connection, deadline: float) -> Outcome:
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if response.status != 200:
            text = self._read_all(response, connection, deadline, MESSAGE_BYTES * 2)[:MESSAGE_BYTES]
            message = text.decode("utf-8", "replace").strip()
            if self.engine.timed_out(response.status, message):
                return self._incomplete(("time", None), job)
            if self.engine.refused_by_estimate(response.status, message):
                return Outcome(503, message=(
                    f"{_sentence(self.engine.name)} refused the query by its own estimate of its cost, without "
                    f"running it: {message.splitlines()[0]} Its operator can turn that estimate off "
                    f"({self.engine.cost_limit_setting} = 0); this service stops every query at its own time limit."))
            if response.status == 400:
                return Outcome(400, message=f"{_sentence(self.engine.name)} refused the query: {message}")
            return Outcome(502, message=f"{_sentence(self.who)} answered {response.status} {response.reason}: {message}")
        partial = self.engine.cut_short(response.getheader)
        if partial is not None:
            return self._incomplete(partial, job)
        if media_type in RESULTS_PARSERS:
            return self._results(response, media_type, job, connection, deadline)
        if media_type in GRAPH_PARSERS:
            key = job.formats.get("graph")
            if key is None:
                return Outcome(406, kind="graph")
            out = graph_buffer(job)
            if GRAPH_PARSERS[media_type] == ox.RdfFormat.N_TRIPLES:
                self._stream(response, connection, deadline, out)
            else:
                triples = ox.parse(self._read_all(response, connection, deadline), format=GRAPH_PARSERS[media_type])
                ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in triples), out,
                             format=ox.RdfFormat.N_TRIPLES)
            return graph_outcome(out, key)
        return Outcome(502, message=f"{_sentence(self.who)} answered in a format this endpoint does not read "
                                    f"({media_type or 'no Content-Type'}).")

    def _results(self, response, media_type: str, job: QueryJob, connection, deadline: float) -> Outcome:
        """A SELECT or ASK answer: TSV and XML counted while they stream in (the transfer is
        abandoned past the limit), JSON read whole; then re-serialised by Oxigraph (and counted
        again): one writer for every backend."""
        if media_type == TSV:
            out = tsv_buffer(job)
            self._stream(response, connection, deadline, out)
            body = out.buffer.getvalue()
        elif media_type in (XML, "application/xml"):
            # Oxigraph parses the XML as it streams in, and the TSV writer below stops both
            # once the result limit is passed.
            body = self.engine.repaired(XML, _Body(response, connection, deadline))
        else:
            body = self.engine.repair(media_type, self._read_all(response, connection, deadline))
        results = ox.parse_query_results(body, format=RESULTS_PARSERS[media_type])
        if isinstance(results, ox.QueryBoolean):
            return boolean_answer(results, job)
        return tabular_answer(results, job)

    def _incomplete(self, partial: tuple[str, int | None], job: QueryJob) -> Outcome:
        """An answer the engine marked as cut short is never passed on as if it were whole."""
        why, rows = partial
        if why == "time":
            return Outcome(503, message=(
                f"Query timed out: {self.engine.name} stopped it at its own time limit; any partial answer "
                "it sent is not passed on."))
        if rows is not None and rows > job.result_limit:  # then the whole answer has more rows than that
            return limit_exceeded(job)
        return Outcome(502, message=(
            f"{_sentence(self.who)} cut the answer short at {rows or 'its limit of'} rows "
            f"({self.engine.result_cap_setting}); nothing is returned rather than a truncated answer."))

    def _stream(self, response, connection, deadline: float, out) -> None:
        while True:
            _settle(connection, deadline)
            chunk = response.read1(CHUNK)
            if not chunk:
                return
            out.write(chunk)

    def _read_all(self, response, connection, deadline: float, limit: int = MAX_UNSTREAMED_BYTES) -> bytes:
        chunks, size = [], 0
        while True:
            _settle(connection, deadline)
            chunk = response.read1(CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                if limit < MAX_UNSTREAMED_BYTES:
                    return b"".join(chunks)
                raise LimitReached

    def close(self, drain: float = 0.0) -> None:
        pass


def _settle(connection: http.client.HTTPConnection, deadline: float) -> None:
    """Shorten the socket's timeout to what is left of the deadline."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    if connection.sock is not None:
        connection.sock.settimeout(remaining)


class _Body(io.RawIOBase):
    """A response body as a stream for a parser: each read within the exchange's deadline, and
    never more than MAX_UNSTREAMED_BYTES in all (LimitReached past it)."""

    def __init__(self, response, connection, deadline: float):
        self.response, self.connection, self.deadline = response, connection, deadline
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        _settle(self.connection, self.deadline)
        chunk = self.response.read1(min(len(buffer), CHUNK))
        self.size += len(chunk)
        if self.size > MAX_UNSTREAMED_BYTES:
            raise LimitReached(bytes=True)
        buffer[:len(chunk)] = chunk
        return len(chunk)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
