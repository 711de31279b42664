"""Queries answered by a remote SPARQL 1.1 engine (Fuseki, Virtuoso, QLever, GraphDB,
`oxigraph serve`, ...) through the SPARQL protocol.

Everything above the store sees the same Outcome as from the embedded engine, and the
endpoint's own limits still hold on this side:
- the time limit is a deadline on the whole exchange (connecting, waiting, reading); past
  it the connection is dropped and the answer is 503, as for an embedded query;
- the result limit is counted while the answer streams in (TSV rows, N-Triples lines) and
  the transfer is abandoned as soon as it is passed (422, never a truncated answer);
- an answer is re-serialised by Oxigraph into the format the client negotiated, so the
  engine's own formats and quirks never reach the client.

Bound parameters (canned queries, resource pages) cannot be handed over as Oxigraph
substitutions; they travel as a VALUES block that opens the query's WHERE group, each term
written by pyoxigraph in N-Triples syntax (an IRI it has checked, a literal it has escaped),
so a value can never change the query around it.

Only the configured engine is ever contacted, and never on a user's say: SERVICE clauses are
refused before a query gets here, as for the embedded store; and a dataset (FROM, FROM NAMED,
default-graph-uri, named-graph-uri) may only name graphs the engine holds, because some
engines fetch an unknown graph IRI from the web.
"""

from __future__ import annotations

import datetime
import hashlib
import http.client
import socket
import time
import urllib.parse

import pyoxigraph as ox

from ..settings import Settings, endpoint_url
from .backend import Backend, StoreUnavailable, sizes_of
from .results import (DistinctLineBuffer, LimitReached, Outcome, QueryJob, bind_values, boolean_answer,  # noqa: F401
                      graph_outcome, limit_exceeded, tabular_answer, tsv_buffer)

TABULAR = "text/tab-separated-values, application/sparql-results+json;q=0.9, application/sparql-results+xml;q=0.8"
BOOLEAN = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
ACCEPT = {"SELECT": TABULAR, "ASK": BOOLEAN, "CONSTRUCT": GRAPH, "DESCRIBE": GRAPH, None: f"{TABULAR}, {GRAPH}"}

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
"""Answers in formats that cannot be counted line by line (JSON, XML, Turtle) are read whole;
beyond this size one is refused rather than held in memory."""
MESSAGE_BYTES = 2000
"""How much of an engine's error message is passed on."""
EVERYTHING = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteRunner:
    """Runs QueryJobs on a remote engine; safe to call from many threads at once."""

    network_isolated = False
    """The engine is reached over the network; SERVICE is refused by the text check."""

    def __init__(self, endpoint: str, timeout: float):
        self.endpoint, self.timeout = endpoint, timeout
        self.graphs: set[str] | None = None
        """The engine's named graphs (set once known): the only IRIs a dataset may name."""
        parts = urllib.parse.urlsplit(endpoint)
        self._https = parts.scheme == "https"
        self._host, self._port = parts.hostname, parts.port
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def run(self, job: QueryJob, timeout: float | None = None) -> Outcome:
        deadline = time.monotonic() + (timeout or self.timeout)
        facts = job.facts
        try:
            query = bind_values(job.query, job.substitutions, facts)
        except ValueError as error:
            return Outcome(400, message=f"A parameter cannot be bound: {error}")
        if job.base_iri:
            query = f"BASE <{ox.NamedNode(job.base_iri).value}>\n{query}"
        default_graphs, named_graphs = job.default_graphs, job.named_graphs
        clauses = facts.dataset
        if clauses and default_graphs is None and named_graphs is None:
            # The query's own dataset, handed over as the protocol's: the same dataset (SPARQL 1.1
            # Protocol 2.1.4), and honoured by engines whose default graph is the union, which
            # may ignore FROM in the text (oxigraph serve --union-default-graph does).
            default_graphs = tuple(iri for named, iri in clauses if not named)
            named_graphs = tuple(iri for named, iri in clauses if named)
        if self.graphs is not None:
            named = [iri for _, iri in clauses] + [*(default_graphs or ()), *(named_graphs or ())]
            unknown = [iri for iri in named if iri not in self.graphs]
            if unknown:
                shown = ", ".join("(unreadable)" if iri is None else f"<{iri}>" for iri in unknown)
                return Outcome(400, message=(
                    f"{shown} is not a named graph of this store. FROM, FROM NAMED, default-graph-uri and "
                    "named-graph-uri select among the store's own graphs (the service description lists "
                    "them); nothing is fetched from elsewhere."))
        form = facts.form
        fields = [("query", query)]
        fields += [("default-graph-uri", g) for g in default_graphs or ()]
        fields += [("named-graph-uri", g) for g in named_graphs or ()]
        body = urllib.parse.urlencode(fields).encode("utf-8")
        connection = self._connect(deadline)
        try:
            connection.request("POST", self._path, body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT[form],
                "User-Agent": "hva-graph"})
            self._settle(connection, deadline)
            response = connection.getresponse()
            return self._answer(response, job, connection, deadline)
        except LimitReached:
            return limit_exceeded(job)
        except (socket.timeout, TimeoutError):
            return Outcome(503, message=(
                f"Query timed out: the SPARQL engine did not answer within the limit of {self.timeout:g} s; "
                "the request to it was abandoned."))
        except (OSError, http.client.HTTPException) as error:
            return Outcome(502, message=f"The SPARQL engine at {self.endpoint} could not be reached: {error}")
        except (SyntaxError, ValueError) as error:
            return Outcome(502, message=f"The SPARQL engine's answer could not be read: {error}")
        finally:
            connection.close()

    def _connect(self, deadline: float) -> http.client.HTTPConnection:
        remaining = max(deadline - time.monotonic(), 0.001)
        kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        return kind(self._host, self._port, timeout=remaining)

    @staticmethod
    def _settle(connection: http.client.HTTPConnection, deadline: float) -> None:
        """Shorten the socket's timeout to what is left of the deadline."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if connection.sock is not None:
            connection.sock.settimeout(remaining)

    def _answer(self, response, job: QueryJob, connection, deadline: float) -> Outcome:
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if response.status != 200:
            text = self._read_all(response, connection, deadline, MESSAGE_BYTES * 2)[:MESSAGE_BYTES]
            message = text.decode("utf-8", "replace").strip()
            if response.status == 400:
                return Outcome(400, message=f"The SPARQL engine refused the query: {message}")
            return Outcome(502, message=f"The SPARQL engine answered {response.status} {response.reason}: {message}")
        if media_type in RESULTS_PARSERS:
            if media_type == "text/tab-separated-values":  # counted while it streams in
                out = tsv_buffer(job)
                self._stream(response, connection, deadline, out)
                body = out.buffer.getvalue()
            else:
                body = self._read_all(response, connection, deadline)
            # Re-serialised by Oxigraph (and counted again) even as TSV: one writer for every backend.
            results = ox.parse_query_results(body, format=RESULTS_PARSERS[media_type])
            if isinstance(results, ox.QueryBoolean):
                return boolean_answer(results, job)
            return tabular_answer(results, job)
        if media_type in GRAPH_PARSERS:
            key = job.formats.get("graph")
            if key is None:
                return Outcome(406, kind="graph")
            out = DistinctLineBuffer(job.result_limit)
            if GRAPH_PARSERS[media_type] == ox.RdfFormat.N_TRIPLES:
                self._stream(response, connection, deadline, out)
            else:
                triples = ox.parse(self._read_all(response, connection, deadline), format=GRAPH_PARSERS[media_type])
                ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in triples), out,
                             format=ox.RdfFormat.N_TRIPLES)
            return graph_outcome(out, key)
        return Outcome(502, message=f"The SPARQL engine answered in a format this endpoint does not read "
                                    f"({media_type or 'no Content-Type'}).")

    def _stream(self, response, connection, deadline: float, out) -> None:
        while True:
            self._settle(connection, deadline)
            chunk = response.read1(CHUNK)
            if not chunk:
                return
            out.write(chunk)

    def _read_all(self, response, connection, deadline: float, limit: int = MAX_UNSTREAMED_BYTES) -> bytes:
        chunks, size = [], 0
        while True:
            self._settle(connection, deadline)
            chunk = response.read1(CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                if limit < MAX_UNSTREAMED_BYTES:
                    return b"".join(chunks)
                raise LimitReached

    def close(self) -> None:
        pass


def open_remote(settings: Settings, isolate: bool = True, knowledge=None) -> Backend:
    """A remote engine, checked and fingerprinted at start: its graphs and their sizes, its
    default graph (which must be the union of the named graphs, as here), and a data version
    made from all of its content, so that cached answers and dumps follow the data."""
    endpoint = endpoint_url(settings.store)
    runner = RemoteRunner(endpoint, settings.query_timeout)
    long = max(settings.query_timeout, settings.remote_read_timeout)

    def rows(query: str) -> list[dict]:
        outcome = runner.run(QueryJob(query, {"tabular": "json"}, result_limit=10**9), long)
        if outcome.status != 200:
            raise StoreUnavailable(f"the SPARQL engine at {endpoint} did not answer a start-up query: "
                                    f"{outcome.message}")
        return outcome.values()

    sizes, union = sizes_of(rows)
    runner.graphs = set(sizes)
    if sizes and union == 0:
        raise StoreUnavailable(
            f"the default graph of {endpoint} is empty although its named graphs hold "
            f"{sum(sizes.values())} triples: configure the engine so that its default graph is the union of "
            "its named graphs (oxigraph serve --union-default-graph; Fuseki tdb2:unionDefaultGraph true), "
            "as the queries of this service expect")
    version = _content_version(runner, endpoint, long)
    modified = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Backend("remote", runner, version, sizes, union, modified)


def _content_version(runner: RemoteRunner, endpoint: str, timeout: float) -> str:
    """SHA-256 over every quad of the engine, sorted, blank nodes written as one name (their
    labels differ between answers): the same content gives the same version."""
    outcome = runner.run(QueryJob(EVERYTHING, {"tabular": "tsv"}, result_limit=10**9), timeout)
    if outcome.status != 200:
        raise StoreUnavailable(f"the content of {endpoint} could not be read: {outcome.message}")
    lines = outcome.body.split(b"\n")[1:]
    normalised = sorted(_blank_free(line) for line in lines if line)
    digest = hashlib.sha256(b"remote\0")
    for line in normalised:
        digest.update(line + b"\n")
    return digest.hexdigest()


def _blank_free(line: bytes) -> bytes:
    return b"\t".join(b"_:" if cell.startswith(b"_:") else cell for cell in line.split(b"\t"))

def probe_remote(settings: Settings) -> str:
    endpoint = endpoint_url(settings.store)
    outcome = RemoteRunner(endpoint, settings.query_timeout).run(QueryJob("ASK { ?s ?p ?o }", {"boolean": "json"}))
    if outcome.status != 200:
        raise StoreUnavailable(f"the SPARQL engine at {endpoint} cannot be used: {outcome.message}")
    return f"the SPARQL engine at {endpoint}"
