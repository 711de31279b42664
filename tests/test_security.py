"""What the endpoint refuses, and that the refusals hold: read-only, no outgoing requests,
time, result and size limits. Through the Flask test client and the Service itself, with
small limits (Settings overrides); every test asserts what a user would see.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from urllib.parse import quote, urlencode

import pytest

from hva_graph.web.app import create_app
from hva_graph.store.results import QueryJob
from hva_graph.store.pool import DirectRunner
from hva_graph.sparql.protocol import READ_ONLY
from hva_graph.service import Service
from hva_graph.settings import Settings


TIMEOUT = 1.5
MARGIN = 10.0
"""Seconds past the time limit within which a runaway query must have been answered (left alone,
it would run for hours), generous for a busy machine."""

COUNT_ALL = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
JSON = {"Accept": "application/sparql-results+json"}
FORM = "application/x-www-form-urlencoded"


def make_client(settings: Settings, knowledge, isolate: bool = True):
    service = Service.from_knowledge(settings, knowledge, isolate)
    app = create_app({"TESTING": True, "SETTINGS": settings, "SERVICE": service})
    return service, app.test_client()


@pytest.fixture(scope="module")
def secure(knowledge):
    """The real configuration (query processes, network isolation) with a 1.5 s time limit."""
    settings = Settings.from_env(query_timeout=TIMEOUT)
    service, client = make_client(settings, knowledge)
    yield service, client
    service.close()


@pytest.fixture
def client(secure):
    return secure[1]


@pytest.fixture
def service(secure):
    return secure[0]


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.data)["results"]["bindings"]


def number(client, query: str) -> int:
    (binding,) = rows(client.get("/sparql", query_string={"query": query}, headers=JSON))
    return int(binding["n"]["value"])


def text(response) -> str:
    return response.get_data(as_text=True)


# --- a local listener that records whatever reaches it ---------------------------------------

class Listener:
    """A TCP server on 127.0.0.1 in a thread: records every request and answers it as a SPARQL
    endpoint would (one row, ?x = "from the listener"). Bounded: it stops after `lifetime` s."""

    ANSWER = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": "from the listener"}}]}}).encode()

    def __init__(self, lifetime: float = 60.0):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.received: list[bytes] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._deadline = time.monotonic() + lifetime
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _run(self) -> None:
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                request = self._read(connection)
                with self._lock:
                    self.received.append(request)
                try:
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                       b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(self.ANSWER)
                                       + self.ANSWER)
                except OSError:
                    pass

    @staticmethod
    def _read(connection: socket.socket) -> bytes:
        connection.settimeout(1.0)
        data = b""
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            head, separator, body = data.partition(b"\r\n\r\n")
            if separator:
                match = re.search(rb"content-length:\s*(\d+)", head, re.I)
                if len(body) >= (int(match.group(1)) if match else 0):
                    break
            try:
                chunk = connection.recv(65536)
            except (TimeoutError, OSError):
                break
            if not chunk:
                break
            data += chunk
        return data

    def nothing_received(self, settle: float = 0.15) -> bool:
        """True when no connection has arrived (after letting any pending one be accepted)."""
        time.sleep(settle)
        with self._lock:
            return not self.received

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.socket.close()


@pytest.fixture
def listener():
    listener = Listener()
    yield listener
    listener.close()


# --- read-only ----------------------------------------------------------------------------

UPDATES = [
    "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }",
    "LOAD <{listener}/data.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:x:g>",
    "CLEAR ALL",
    "DROP ALL",
    "DROP GRAPH <https://w3id.org/hva-graph/graph/ontology>",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 'changed' } WHERE { ?s ?p ?o }",
    "CREATE GRAPH <urn:x:g>",
    "COPY <https://w3id.org/hva-graph/graph/themes> TO DEFAULT",
]


def _send_update(client, route: str, update: str):
    if route == "POST application/sparql-update":
        return client.post("/sparql", data=update.encode(), content_type="application/sparql-update")
    if route == "POST form update=":
        return client.post("/sparql", data=urlencode({"update": update}), content_type=FORM)
    if route == "GET ?update=":
        return client.get("/sparql?" + urlencode({"update": update}))
    if route == "GET ?query=":
        return client.get("/sparql", query_string={"query": update})
    if route == "POST form query=":
        return client.post("/sparql", data=urlencode({"query": update}), content_type=FORM)
    if route == "POST application/sparql-query":
        return client.post("/sparql", data=update.encode(), content_type="application/sparql-query")
    raise AssertionError(route)


@pytest.fixture(scope="module")
def counts_before(secure):
    service, client = secure
    return number(client, COUNT_ALL), number(client, COUNT_GRAPHS), len(service.store)


@pytest.mark.parametrize("update", UPDATES)
@pytest.mark.parametrize("route", ["POST application/sparql-update", "POST form update=", "GET ?update="])
def test_updates_are_refused_as_read_only(client, service, listener, counts_before, route, update):
    response = _send_update(client, route, update.replace("{listener}", listener.endpoint.rsplit("/", 1)[0]))
    assert 400 <= response.status_code < 500
    assert response.status_code in (400, 403)
    assert "read-only" in text(response) and READ_ONLY in text(response)
    assert response.mimetype == "text/plain"
    assert (number(client, COUNT_ALL), number(client, COUNT_GRAPHS), len(service.store)) == counts_before
    assert listener.nothing_received()


@pytest.mark.parametrize("update", UPDATES)
@pytest.mark.parametrize("route", ["GET ?query=", "POST form query=", "POST application/sparql-query"])
def test_an_update_sent_as_a_query_is_refused_as_read_only(client, service, listener, counts_before, route, update):
    """docs/sparql.md promises 403 for any update (issue 16: it was a 400 syntax error when sent as query=)."""
    response = _send_update(client, route, update.replace("{listener}", listener.endpoint.rsplit("/", 1)[0]))
    assert response.status_code == 403, text(response)
    assert READ_ONLY in text(response)
    assert (number(client, COUNT_ALL), number(client, COUNT_GRAPHS), len(service.store)) == counts_before
    assert listener.nothing_received()


def test_the_data_is_unchanged_after_every_attempt(client, service, knowledge, counts_before):
    assert counts_before == (service.union_size, len(knowledge.graphs), service.union_size)
    assert (number(client, COUNT_ALL), number(client, COUNT_GRAPHS), len(service.store)) == counts_before
    assert number(client, "SELECT (COUNT(*) AS ?n) { <urn:x:s> ?p ?o }") == 0


# --- no outgoing requests -----------------------------------------------------------------

SERVICE_QUERIES = [
    # plain and with every spelling the grammar allows
    "SELECT * {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICE SILENT <{endpoint}> {{ ?s ?p ?o }} }}",
    "select * {{ service <{endpoint}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICE<{endpoint}>{{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICE # a comment\n <{endpoint}> {{ ?s ?p ?o }} }}",
    "PREFIX remote: <{base}/> SELECT * {{ SERVICE remote:sparql {{ ?s ?p ?o }} }}",
    "SELECT * {{ VALUES ?endpoint {{ <{endpoint}> }} SERVICE ?endpoint {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?a ?b ?c OPTIONAL {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }}",
    "SELECT * {{ {{ SELECT ?s {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }} }}",
    "ASK {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    # the keyword glued to the token before it, which Oxigraph accepts
    "SELECT * {{ ?a ?b ?c.SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?a ?b ?c .SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?a ?b ?c;SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?a ?b ?c {{}}SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?a ?b 1SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?a ?b trueSERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    # a comment ends at a carriage return too
    "SELECT * {{ ?a ?b ?c # note\rSERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    # escapes in a local name are not comments or strings
    "PREFIX x: <urn:x:> SELECT * {{ ?a ?b ?c OPTIONAL {{ ?a x:p\\#q ?z }} SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    "PREFIX x: <urn:x:> SELECT * {{ ?a ?b ?c OPTIONAL {{ ?a x:p\\'q ?z }} SERVICE <{endpoint}> {{ ?s ?p ?o }} "
    "FILTER(?c != 'x') }}",
    # `<` as less-than is not the start of an IRI that hides the keyword
    "PREFIX : <{base}/> SELECT * {{ ?a ?b ?c FILTER(1<2)SERVICE:sparql#>\n{{ ?s ?p ?o }} }}",
]


def _service_query(template: str, listener: Listener) -> str:
    return template.format(endpoint=listener.endpoint, base=listener.endpoint.rsplit("/", 1)[0])


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_and_nothing_goes_out(client, listener, template):
    query = _service_query(template, listener)
    response = client.get("/sparql", query_string={"query": query}, headers=JSON)
    assert response.status_code == 403, text(response)
    assert "SERVICE" in text(response) and "is refused" in text(response)
    assert "no outgoing requests" in text(response)
    assert listener.nothing_received()


@pytest.fixture(scope="module")
def tiny_store():
    """A store whose triples match every pattern in SERVICE_QUERIES (`?a ?b 1`, `?a ?b true`)."""
    import pyoxigraph as ox

    store = ox.Store()
    graph, a, b = ox.NamedNode("urn:x:g"), ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b")
    for o in (ox.NamedNode("urn:x:c"), ox.Literal(1), ox.Literal(True)):
        store.add(ox.Quad(a, b, o, graph))
    return store


@pytest.mark.parametrize("template", [q for q in SERVICE_QUERIES if "SERVICE ?endpoint" not in q])
def test_every_service_spelling_reaches_out_without_the_guards(tiny_store, listener, template):
    """The spellings above are real: Oxigraph itself, unguarded, calls the listener for each."""
    from hva_graph.store.embedded import execute

    query = _service_query(template, listener)
    outcome = execute(tiny_store, QueryJob(query, {"tabular": "json", "boolean": "json", "graph": "ntriples"}))
    assert outcome.status in (200, 400), outcome
    assert not listener.nothing_received(settle=0.1), outcome


@pytest.mark.parametrize("send", ["GET", "POST form", "POST direct"])
def test_service_is_refused_by_every_protocol_operation(client, listener, send):
    query = _service_query(SERVICE_QUERIES[0], listener)
    if send == "GET":
        response = client.get("/sparql", query_string={"query": query})
    elif send == "POST form":
        response = client.post("/sparql", data=urlencode({"query": query}), content_type=FORM)
    else:
        response = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    assert response.status_code == 403
    assert f"SERVICE <{listener.endpoint}> is refused" in text(response)
    assert listener.nothing_received()


@pytest.mark.parametrize("query", [
    "SELECT * {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), \"SERVICE <{endpoint}> {{ }}\")) }} LIMIT 1",
    "SELECT ?service WHERE {{ ?service a <https://w3id.org/hva-graph/ontology#WellbeingServicesCounty> }} LIMIT 1",
    "PREFIX hva: <https://w3id.org/hva-graph/ontology#> SELECT * {{ ?o a hva:WellbeingServicesCounty }} LIMIT 1",
    "SELECT * {{ ?s ?p ?o }} # SERVICE <{endpoint}> {{ }}\nLIMIT 1",
    "SELECT * {{ ?s ?p ?o FILTER(?o<5&&?o>1) }} LIMIT 1",
], ids=["in-a-string", "variable-and-iri", "prefixed-name", "in-a-comment", "less-than"])
def test_the_word_service_elsewhere_is_not_refused(client, listener, query):
    response = client.get("/sparql", query_string={"query": _service_query(query, listener)}, headers=JSON)
    assert response.status_code == 200, text(response)
    assert listener.nothing_received()


@pytest.mark.parametrize("query", [
    "SELECT * FROM <{base}/x> {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{base}/x> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "SELECT * FROM <{base}/x> FROM NAMED <{base}/y> {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }}",
    "SELECT * {{ GRAPH <{base}/x> {{ ?s ?p ?o }} }}",
])
def test_from_and_from_named_do_not_fetch(client, listener, query):
    response = client.get("/sparql", query_string={"query": _service_query(query, listener)}, headers=JSON)
    assert rows(response) == []
    assert listener.nothing_received()


def test_dataset_parameters_do_not_fetch(client, listener):
    base = listener.endpoint.rsplit("/", 1)[0]
    response = client.get("/sparql?" + urlencode([("query", "SELECT * { ?s ?p ?o }"),
                                                   ("default-graph-uri", base + "/x"),
                                                   ("named-graph-uri", base + "/y")]), headers=JSON)
    assert rows(response) == []
    assert listener.nothing_received()


@pytest.mark.parametrize("query", [
    "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * { GRAPH <file:///etc/passwd> { ?s ?p ?o } }",
])
def test_a_file_iri_reads_nothing(client, query):
    response = client.get("/sparql", query_string={"query": query}, headers=JSON)
    assert rows(response) == []
    assert "root:" not in text(response)


def test_network_isolation_stops_a_service_call_that_passes_the_text_check(client, service, listener):
    """Second guard: the query processes have no network, so even a SERVICE that reached
    the engine (here sent to the Service directly, past the text check) goes nowhere."""
    health = client.get("/health").get_json()
    if not health["network_isolated"]:
        pytest.fail("the query processes are NOT network-isolated on this machine (unshare refused): "
                    "the second guard against outgoing requests is missing")
    assert service.runner.network_isolated
    job = QueryJob(f"SELECT ?x {{ SERVICE <{listener.endpoint}> {{ ?x ?p ?o }} }}", {"tabular": "json"})
    outcome = service.runner.run(job)
    assert outcome.status != 200, outcome
    assert listener.nothing_received(settle=0.5)
    # and the process that tried is still serving
    assert number(client, COUNT_ALL) == service.union_size


def test_the_listener_does_catch_a_request_in_a_broken_configuration(knowledge, listener):
    """The deliberately broken configuration: no query processes, hence no isolation. The same
    job DOES reach the listener, which shows the tests above would see an outgoing request."""
    settings = Settings.from_env(query_timeout=TIMEOUT)
    broken = Service.from_knowledge(settings, knowledge, isolate=False)
    try:
        assert isinstance(broken.runner, DirectRunner) and not broken.runner.network_isolated
        job = QueryJob(f"SELECT ?x {{ SERVICE <{listener.endpoint}> {{ ?x ?p ?o }} }}", {"tabular": "json"})
        outcome = broken.runner.run(job)
        assert not listener.nothing_received(settle=0.1)
        assert listener.received[0].startswith(b"POST /sparql ")
        assert outcome.status == 200
        assert json.loads(outcome.body)["results"]["bindings"] == [
            {"x": {"type": "literal", "value": "from the listener"}}]
    finally:
        broken.close()


def test_an_allowlisted_endpoint_passes_the_text_check(knowledge, listener):
    settings = Settings.from_env(query_timeout=TIMEOUT, query_workers=1,
                                 service_allowlist=(listener.endpoint,))
    service, client = make_client(settings, knowledge)
    try:
        query = f"SELECT ?x {{ SERVICE <{listener.endpoint}> {{ ?x ?p ?o }} }}"
        response = client.get("/sparql", query_string={"query": query}, headers=JSON)
        assert rows(response) == [{"x": {"type": "literal", "value": "from the listener"}}]
        assert not listener.nothing_received(settle=0.1)
        # another endpoint on the same host is still refused, and so are the glued spellings
        for refused in (f"SELECT * {{ SERVICE <{listener.endpoint}2> {{ ?s ?p ?o }} }}",
                        "SELECT * { SERVICE ?e { ?s ?p ?o } }",
                        f"SELECT * {{ ?a ?b ?c.SERVICE <http://127.0.0.1:{listener.port}/other> {{ ?s ?p ?o }} }}"):
            response = client.get("/sparql", query_string={"query": refused})
            assert response.status_code == 403, refused
            assert f"the operator allows {listener.endpoint}" in text(response)
    finally:
        service.close()


# --- time limit ---------------------------------------------------------------------------

RUNAWAYS = {
    "cartesian product": "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "regex over long strings": (
        'SELECT (COUNT(*) AS ?n) { ?s ?p ?o '
        'BIND(CONCAT(STR(?s), "' + "a" * 100 + '") AS ?x) '
        'BIND(CONCAT(?x,?x,?x,?x,?x,?x,?x,?x,?x,?x) AS ?x1) '
        'BIND(CONCAT(?x1,?x1,?x1,?x1,?x1,?x1,?x1,?x1,?x1,?x1) AS ?x2) '
        'BIND(CONCAT(?x2,?x2,?x2,?x2,?x2,?x2,?x2,?x2,?x2,?x2) AS ?x3) '
        'BIND(CONCAT(?x3,?x3,?x3,?x3,?x3,?x3,?x3,?x3,?x3,?x3) AS ?x4) '
        'FILTER(REGEX(?x4, "^(.*a)+(.*a)+(.*a)+b$", "i")) }'),
    "property path": "SELECT (COUNT(*) AS ?n) { ?a (!<urn:x:none>|^!<urn:x:none>)* ?b }",
}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _worker_pids(service) -> set[int]:
    return service.runner.idle_pids()


@pytest.mark.parametrize("name", list(RUNAWAYS))
def test_a_runaway_query_is_stopped_and_its_process_replaced(client, service, name):
    before = _worker_pids(service)
    assert len(before) == service.settings.query_workers
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": RUNAWAYS[name]}, headers=JSON)
    took = time.monotonic() - started
    assert response.status_code == 503, text(response)
    assert "timed out" in text(response) and f"limit of {TIMEOUT:g} s" in text(response)
    assert TIMEOUT - 0.1 <= took < TIMEOUT + MARGIN, took

    after = _worker_pids(service)
    killed, fresh = before - after, after - before
    assert len(killed) == 1 and len(fresh) == 1, (before, after)
    (pid,) = killed
    for _ in range(600):  # bounded: up to 30 s for the kernel to reap it (at once, on an idle machine)
        if not _alive(pid):
            break
        time.sleep(0.05)
    assert not _alive(pid), f"query process {pid} still exists"
    assert all(_alive(p) for p in after)

    # the next queries are answered, by every process in turn
    for _ in range(service.settings.query_workers + 1):
        assert number(client, COUNT_ALL) == service.union_size


# --- result limit -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def limited(knowledge):
    settings = Settings.from_env(result_limit=5, query_workers=1)
    service, client = make_client(settings, knowledge)
    yield client
    service.close()


SELECT_N = "SELECT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s)) }} ORDER BY ?s ?p ?o LIMIT {n}"
CONSTRUCT_N = ("CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT DISTINCT ?s ?p ?o {{ ?s ?p ?o "
               "FILTER(isIRI(?s) && !isBlank(?o)) }} ORDER BY ?s ?p ?o LIMIT {n} }} }}")
# Five distinct triples made from more than five solutions (each blank node of the data
# has several triples): the answer is a graph of five triples.
CONSTRUCT_REPEATED = ("CONSTRUCT { ?s <urn:x:seen> true } WHERE { { SELECT DISTINCT ?s { ?s ?p ?o "
                      "FILTER(isBlank(?s)) } ORDER BY ?s LIMIT 5 } ?s ?p ?o }")


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_more_rows_than_the_limit_is_422_not_a_truncated_answer(limited, accept):
    response = limited.get("/sparql", query_string={"query": SELECT_N.format(n=6)}, headers={"Accept": accept})
    assert response.status_code == 422
    message = text(response)
    assert "more than 5 rows" in message
    assert "Nothing was returned rather than a truncated answer" in message
    assert "LIMIT" in message


@pytest.mark.parametrize("accept, count_rows", [
    ("application/sparql-results+json", lambda body: len(json.loads(body)["results"]["bindings"])),
    ("application/sparql-results+xml", lambda body: body.count("<result>")),
    ("text/csv", lambda body: len(body.strip().splitlines()) - 1),
    ("text/tab-separated-values", lambda body: len(body.strip().splitlines()) - 1),
])
def test_exactly_the_limit_is_answered_in_full(limited, accept, count_rows):
    response = limited.get("/sparql", query_string={"query": SELECT_N.format(n=5)}, headers={"Accept": accept})
    assert response.status_code == 200, text(response)
    assert count_rows(text(response)) == 5
    assert response.headers["X-Result-Count"] == "5"


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/ld+json",
                                    "application/rdf+xml", "application/trig", "application/n-quads"])
def test_construct_result_limit(limited, accept):
    from rdflib import Dataset

    too_many = limited.get("/sparql", query_string={"query": CONSTRUCT_N.format(n=6)}, headers={"Accept": accept})
    assert too_many.status_code == 422
    assert "more than 5 rows or triples" in text(too_many) and "truncated" in text(too_many)

    for query in (CONSTRUCT_N.format(n=5), CONSTRUCT_REPEATED):
        exact = limited.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
        assert exact.status_code == 200, text(exact)
        rdflib_format = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                         "application/rdf+xml": "xml", "application/trig": "trig",
                         "application/n-quads": "nquads"}[accept]
        dataset = Dataset()
        dataset.parse(data=exact.data, format=rdflib_format)
        assert len(list(dataset.quads((None, None, None, None)))) == 5, query
        assert exact.headers["X-Result-Count"] == "5"


def test_describe_over_the_limit_is_422(limited):
    response = limited.get("/sparql", query_string={"query": "DESCRIBE <https://w3id.org/hva-graph/id/theme/workforce>"})
    assert response.status_code == 422
    assert "more than 5" in text(response)


# --- request size, query length, parameters, media types, encoding, syntax -----------------

@pytest.fixture(scope="module")
def small(knowledge):
    settings = Settings.from_env(max_request_bytes=2_000, max_query_length=300, query_workers=1)
    service, client = make_client(settings, knowledge)
    yield client
    service.close()


def _padded(length: int) -> str:
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1 "
    return query + "#" + "x" * (length - len(query) - 1)


def test_a_request_body_over_the_size_limit_is_413(small):
    for content_type, body in (("application/sparql-query", _padded(3_000).encode()),
                               (FORM, urlencode({"query": _padded(3_000)}).encode())):
        response = small.post("/sparql", data=body, content_type=content_type)
        assert response.status_code == 413, content_type
        assert "larger than the limit of 2000 bytes" in text(response)


def test_a_query_over_the_length_limit_is_413_for_post_and_414_for_get(small):
    query = _padded(301)
    message = "The query is 301 characters long; the limit is 300."
    direct = small.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    form = small.post("/sparql", data=urlencode({"query": query}), content_type=FORM)
    get = small.get("/sparql", query_string={"query": query})
    assert (direct.status_code, form.status_code, get.status_code) == (413, 413, 414)
    assert all(message in text(r) for r in (direct, form, get))
    # and at the limit it is answered
    assert small.get("/sparql", query_string={"query": _padded(300)}).status_code == 200


def test_two_query_parameters_are_400(client):
    response = client.get("/sparql?" + urlencode([("query", "ASK {}"), ("query", "ASK {}")]))
    assert response.status_code == 400
    assert "2 query parameters were sent; the protocol allows exactly one" in text(response)
    response = client.post("/sparql", data=urlencode([("query", "ASK {}"), ("query", "ASK {}")]), content_type=FORM)
    assert response.status_code == 400
    assert "exactly one" in text(response)


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "application/sparql-results+json",
                                          "multipart/form-data; boundary=x", None])
def test_a_post_with_a_wrong_or_missing_content_type_is_415(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", data=b"ASK {}", headers=headers)
    assert response.status_code == 415, text(response)
    assert "application/sparql-query" in text(response) and FORM in text(response)
    assert ("no Content-Type" in text(response)) == (content_type is None)


def test_a_body_that_is_not_utf8_is_refused(client):
    latin1 = 'SELECT * { ?s ?p "Päijät-Häme" }'.encode("latin-1")
    response = client.post("/sparql", data=latin1, content_type="application/sparql-query")
    assert response.status_code == 400
    assert "not valid UTF-8" in text(response)

    declared = client.post("/sparql", data=latin1, content_type="application/sparql-query; charset=iso-8859-1")
    assert declared.status_code == 415
    assert "UTF-8" in text(declared)

    form = client.post("/sparql", data=b"query=" + quote(latin1).encode(), content_type=FORM)
    assert form.status_code == 400
    assert "not valid percent-encoded UTF-8" in text(form)

    get = client.get("/sparql?query=" + quote(latin1))
    assert get.status_code == 400
    assert "not valid percent-encoded UTF-8" in text(get)


@pytest.mark.parametrize("query, position", [
    ("SELECT * WHERE { ?s ?p }", "1:"),
    ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nSELECT ?x WHERE {\n  ?x skos:prefLabel ?l .\n"
     "  FILTER(LANG(?l) = \"fi\"\n}", "5:1"),
    ("SELECT ?x WHERE { ?x undeclared:p ?y }", "1:"),
])
def test_a_syntax_error_is_400_with_its_line_and_column(client, query, position):
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    message = text(response)
    assert message.startswith("SPARQL syntax error")
    assert re.search(rf"\b{re.escape(position)}", message), message
