"""Publishing checked data into a remote engine, graph by graph (`hva-graph load --store sparql+…`).

Each named graph is replaced whole, through the engine's Graph Store Protocol (PUT: SPARQL 1.1
Graph Store HTTP Protocol 5.3), or, where the operator names an update endpoint instead, by one
update request (DROP SILENT GRAPH, then INSERT); then its triples are counted back through
the query endpoint before the next graph is sent. A failure stops the push at that graph: the
graphs before it hold the new data, it and those after it hold what they held, and no other graph
of the engine is touched. Graphs in hva-graph's namespace that the data no longer has are dropped
last, once every graph has arrived.

Credentials (remote_user, remote_password: from the environment only) are given to the endpoint's
host alone, and only when it asks for them (HTTP Digest or Basic, by urllib's handlers).
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import GRAPH
from ..settings import Settings, endpoint_url
from .backend import GRAPH_SIZES, StoreUnavailable
from .disk import Part
from .engines import engine_named
from .remote import RemoteRunner, _sentence
from .remote_start import _ask, _rows, greet

MESSAGE_CHARACTERS = 300
UPDATE_TRIPLES = 1_000
"""Triples in one update request at most (see Update)."""
STAGING = "-arriving"
"""What a graph's IRI is followed by while a large push to it is staged beside it."""


class PushFailed(StoreUnavailable):
    """A graph could not be pushed, or did not arrive whole; the message names it."""


@dataclass(frozen=True)
class Payload:
    graph: str
    body: bytes
    """The graph's distinct triples as N-Triples."""
    triples: int


def payload(part: Part) -> Payload:
    """A part's statements, each once, as N-Triples (relative IRIs of a data file resolved
    against the file, as the other loaders resolve them)."""
    if part.path is not None:
        parsed = ox.parse(path=str(part.path), format=part.format, base_iri=Path(part.path).resolve().as_uri())
    else:
        parsed = ox.parse(part.data, format=part.format)
    lines = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in parsed}
    return Payload(part.graph, "".join(f"{line} .\n" for line in sorted(lines)).encode("utf-8"), len(lines))


def shared_blank_nodes(payloads: list[Payload]) -> set[str]:
    """Blank nodes that appear in more than one graph: sent graph by graph, each would become
    two (a blank node's identity does not survive two requests)."""
    seen: dict[str, str] = {}
    shared = set()
    for item in payloads:
        for triple in ox.parse(item.body, format=ox.RdfFormat.N_TRIPLES):
            for term in (triple.subject, triple.object):
                if isinstance(term, ox.BlankNode):
                    if seen.setdefault(term.value, item.graph) != item.graph:
                        shared.add(term.value)
    return shared


def pieces_of(ntriples: bytes, size: int) -> list[bytes]:
    """N-Triples lines in pieces of about `size` lines; the lines that share a blank node (directly
    or through another line) stay in one piece."""
    lines = [line for line in ntriples.split(b"\n") if line]
    owner: dict[bytes, int] = {}
    parent = list(range(len(lines)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, line in enumerate(lines):
        for label in _BLANK.findall(line):
            if label in owner:
                parent[root(index)] = root(owner[label])
            else:
                owner[label] = index
    groups: dict[int, list[bytes]] = {}
    for index, line in enumerate(lines):
        groups.setdefault(root(index), []).append(line)
    pieces, current = [], []
    for group in groups.values():
        if current and len(current) + len(group) > size:
            pieces.append(b"\n".join(current) + b"\n")
            current = []
        current += group
    if current or not pieces:
        pieces.append(b"\n".join(current) + (b"\n" if current else b""))
    return pieces


_BLANK = re.compile(rb"_:[A-Za-z0-9_.-]*[A-Za-z0-9_-]")


class Writer:
    """Replaces and drops whole graphs at one HTTP endpoint of the engine."""

    def __init__(self, url: str, settings: Settings):
        self.url, self.timeout = url, settings.remote_read_timeout
        self._user, self._password = settings.remote_user, settings.remote_password or ""
        handlers: list = [urllib.request.ProxyHandler({})]  # the engine itself, as for queries
        self._digest = None
        if self._user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, url, self._user, self._password)
            self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
            handlers += [self._digest, urllib.request.HTTPBasicAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

    def send(self, request: urllib.request.Request, missing_is_fine: bool = False) -> None:
        request.add_header("User-Agent", "hva-graph")
        if self._user is not None and request.data:
            self._authorise(request)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            if missing_is_fine and error.code == 404:
                return
            text = " ".join(error.read(MESSAGE_CHARACTERS * 2).decode("utf-8", "replace").split())
            hint = (" (set HVA_GRAPH_REMOTE_USER and HVA_GRAPH_REMOTE_PASSWORD to a user allowed to write)"
                    if error.code in (401, 403) else "")
            raise OSError(f"{request.get_method()} {self.url} answered {error.code} {error.reason}{hint}: "
                          f"{text[:MESSAGE_CHARACTERS]}") from None
        except urllib.error.URLError as error:
            raise OSError(f"{request.get_method()} {self.url} failed: {error.reason}") from None

    def _authorise(self, request: urllib.request.Request) -> None:
        """Credentials sent with the body, not after it: an engine that asks for them answers 401
        and closes the connection while a large body is still on its way (Virtuoso does: a broken
        pipe instead of the challenge). So the challenge is fetched first, by a HEAD, and the
        answer to it computed by urllib's own Digest handler (or Basic, if that is what is asked)."""
        plain = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            plain.open(urllib.request.Request(request.full_url, method="HEAD"), timeout=self.timeout).close()
            return  # nothing asked
        except urllib.error.HTTPError as error:
            challenge = error.headers.get("WWW-Authenticate", "") if error.code == 401 else ""
        except urllib.error.URLError:
            return  # the request itself will report it
        scheme, _, rest = challenge.partition(" ")
        if scheme.lower() == "digest":
            fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
            answer = self._digest.get_authorization(request, fields)
            if answer:
                request.add_unredirected_header("Authorization", f"Digest {answer}")
        elif scheme.lower() == "basic":
            token = base64.b64encode(f"{self._user}:{self._password}".encode()).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")


class GraphStore(Writer):
    """SPARQL 1.1 Graph Store HTTP Protocol: PUT replaces a graph, DELETE drops it."""

    def _at(self, graph: str) -> str:
        return f"{self.url}{'&' if '?' in self.url else '?'}{urllib.parse.urlencode({'graph': graph})}"

    def replace(self, item: Payload) -> None:
        self.send(urllib.request.Request(self._at(item.graph), data=item.body, method="PUT",
                                         headers={"Content-Type": "application/n-triples"}))

    def drop(self, graph: str) -> None:
        self.send(urllib.request.Request(self._at(graph), method="DELETE"), missing_is_fine=True)


class Update(Writer):
    """SPARQL 1.1 Update (N-Triples lines are SPARQL triples; each term was written by Oxigraph).
    INSERT … WHERE {} rather than INSERT DATA, which Virtuoso refuses when it holds a blank node.

    A graph of up to UPDATE_TRIPLES triples goes in one request that drops and inserts it. A larger
    one (engines compile an update whole: Virtuoso 7.2 runs out of memory at some five thousand
    triples) is inserted piece by piece into a staging graph beside it, which then replaces it
    in one MOVE; a piece keeps the triples of a blank node together (its label holds only within
    one request). A failure drops the staging graph: the graph itself is as it was."""

    def _update(self, text: bytes) -> None:
        body = b"update=" + urllib.parse.quote_from_bytes(text).encode("ascii")
        self.send(urllib.request.Request(self.url, data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"}))

    def replace(self, item: Payload) -> None:
        iri = str(ox.NamedNode(item.graph)).encode()
        pieces = pieces_of(item.body, UPDATE_TRIPLES)
        if len(pieces) == 1:
            self._update(b"DROP SILENT GRAPH " + iri + b" ;\nINSERT { GRAPH " + iri + b" {\n" + item.body + b"} } WHERE {}")
            return
        staging = str(ox.NamedNode(item.graph + STAGING)).encode()
        try:
            self._update(b"DROP SILENT GRAPH " + staging)
            for piece in pieces:
                self._update(b"INSERT { GRAPH " + staging + b" {\n" + piece + b"} } WHERE {}")
            self._update(b"MOVE SILENT GRAPH " + staging + b" TO GRAPH " + iri)
        except BaseException:
            try:
                self._update(b"DROP SILENT GRAPH " + staging)
            finally:
                raise

    def drop(self, graph: str) -> None:
        self._update(b"DROP SILENT GRAPH " + str(ox.NamedNode(graph)).encode())


def writer_for(settings: Settings, runner: RemoteRunner) -> Writer:
    if settings.remote_update:
        return Update(settings.remote_update, settings)
    url = settings.remote_graph_store or runner.engine.graph_store(runner.endpoint)
    if url is None:
        raise StoreUnavailable(
            f"{_sentence(runner.who)}: where its Graph Store Protocol endpoint is is not known; set "
            "HVA_GRAPH_REMOTE_GRAPH_STORE to it (or HVA_GRAPH_REMOTE_UPDATE to a SPARQL Update endpoint). "
            "Nothing was changed.")
    return GraphStore(url, settings)


def push(settings: Settings, parts: list[Part], progress: Callable[[str, int], None] = lambda graph, n: None) -> dict:
    """Push every part, in the order given, into the engine the store setting names; then drop the
    graphs of hva-graph's namespace the data no longer has. `progress(graph, triples)` is called
    after each graph has arrived whole. Returns {"graphs": {graph: triples}, "dropped": [graph]}."""
    long = max(settings.query_timeout, settings.remote_read_timeout)
    runner = RemoteRunner(endpoint_url(settings.store), long, engine_named(settings.remote_engine))
    greet(runner, settings.remote_engine, long)
    writer = writer_for(settings, runner)
    payloads = [payload(part) for part in parts]
    shared = shared_blank_nodes(payloads)
    if shared:
        raise StoreUnavailable(f"{len(shared)} blank nodes appear in more than one named graph (e.g. _:{min(shared)}); "
                               "pushed graph by graph each would split in two. Nothing was changed.")
    done: dict[str, int] = {}
    for index, item in enumerate(payloads):
        _push_one(runner, writer, item, long, payloads[index + 1:], done)
        done[item.graph] = item.triples
        progress(item.graph, item.triples)
    return {"graphs": done, "dropped": _drop_stale(runner, writer, set(done), long)}


def _push_one(runner: RemoteRunner, writer: Writer, item: Payload, timeout: float, rest: list, done: dict) -> None:
    untouched = (f"{len(done)} graphs before it hold the new data; it and the {len(rest)} after it are as they were, "
                 "and no other graph of the engine was touched")
    try:
        writer.replace(item)
    except OSError as error:
        raise PushFailed(f"graph <{item.graph}> could not be pushed to {runner.who}: {error}. The {untouched}. "
                         "Run `hva-graph load` again once the engine is back.") from None
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ox.NamedNode(item.graph)} {{ ?s ?p ?o }} }}"
    try:
        arrived = int(_rows(_ask(runner, count, timeout, f"graph <{item.graph}> cannot be counted back"))[0][0])
    except StoreUnavailable as error:
        raise PushFailed(f"{error} It was sent; the other {untouched}.") from None
    if arrived != item.triples:
        raise PushFailed(f"graph <{item.graph}> did not arrive whole at {runner.who}: {item.triples} triples were "
                         f"sent and it holds {arrived}. The {untouched} (this one was replaced).")


def _drop_stale(runner: RemoteRunner, writer: Writer, pushed: set[str], timeout: float) -> list[str]:
    graphs = [g for g, _ in _rows(_ask(runner, GRAPH_SIZES, timeout, "its named graphs cannot be listed"))]
    stale = sorted(g for g in graphs if g.startswith(str(GRAPH)) and g not in pushed)
    for graph in stale:
        try:
            writer.drop(graph)
        except OSError as error:
            raise PushFailed(f"every graph of the data was pushed, but graph <{graph}>, which the data no longer has, "
                             f"could not be dropped from {runner.who}: {error}") from None
    return stale
