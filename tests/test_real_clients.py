"""The real server (`hva-graph serve`, gunicorn, 3 s query time limit) as real clients meet it.

SPARQLWrapper, rdflib's SPARQLStore and plain HTTP (what curl sends) talk to the live
endpoint. Every answer is read back with rdflib's parsers, never pyoxigraph's (the endpoint
serialises with Oxigraph, so only an independent parser shows the bytes are right), and
the data is checked against rdflib's own SPARQL engine run in-process over the same
knowledge (the `union` fixture).
"""

from __future__ import annotations

import http.client
import io
import json
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest
from rdflib import Dataset, Graph, Namespace, URIRef
from dumps_support import same_statements as isomorphic  # RDFC-1.0: exact, and fast on look-alike blank nodes
from rdflib.namespace import RDF, VOID
from rdflib.query import Result

from hva_graph.settings import Settings


SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
HVA = Namespace("https://w3id.org/hva-graph/ontology#")
THEMES = "https://w3id.org/hva-graph/id/themes"
WORKFORCE = "https://w3id.org/hva-graph/id/theme/workforce"

LIVE_TIMEOUT = 3.0
"""The query time limit the live_server fixture starts the server with."""

# A SELECT with IRIs, language-tagged text with non-ASCII letters, a plain literal full of
# characters every format escapes differently (quotes, comma, tab, newline), and an unbound
# variable.
SELECT_QUERY = r"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?theme ?label ?notation ?tricky ?missing WHERE {
  ?theme skos:inScheme <https://w3id.org/hva-graph/id/themes> ;
         skos:prefLabel ?label ;
         skos:notation ?notation .
  BIND(CONCAT("say \"hi\", then", "\t", "tab; ", "\n", "line ", ?notation) AS ?tricky)
  OPTIONAL { ?theme <urn:x:none> ?missing }
}
ORDER BY ?theme ?label
"""

# Triples without blank nodes: every Finnish text literal, with its subject and predicate.
CONSTRUCT_QUERY = """
CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . FILTER(isLiteral(?o) && lang(?o) = "fi") }
"""

# A template with a blank node: one fresh node per solution.
CONSTRUCT_BNODES_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?theme <urn:x:label> [ <urn:x:value> ?label ; <urn:x:scheme> ?scheme ] }
WHERE { ?theme skos:inScheme ?scheme ; skos:prefLabel ?label }
"""

# The same triple from several solutions (a blank node of the data has several triples):
# the answer is a graph, with each triple once. Few blank nodes: rdflib's isomorphism test
# is exponential in blank nodes that cannot be told apart.
CONSTRUCT_REPEATS_QUERY = """
CONSTRUCT { ?s <urn:x:seen> true } WHERE {
  { SELECT DISTINCT ?s { ?s ?p ?o FILTER(isBlank(?s)) } ORDER BY ?s LIMIT 5 } ?s ?p ?o }
"""

DESCRIBE_QUERY = f"DESCRIBE <{WORKFORCE}>"

GRAPH_FORMATS = {  # key: (media type, rdflib parser)
    "turtle": ("text/turtle", "turtle"),
    "ntriples": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "json-ld"),
    "rdfxml": ("application/rdf+xml", "xml"),
    "trig": ("application/trig", "trig"),
    "nquads": ("application/n-quads", "nquads"),
}
RESULT_FORMATS = {  # key: media type (the rdflib result parser has the same name as the key)
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


# --- plain HTTP -----------------------------------------------------------------------------

class Answer:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes, seconds: float):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def media_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()

    def __repr__(self) -> str:
        return f"<Answer {self.status} {self.headers.get('Content-Type')}: {self.body[:300]!r}>"


def request(base: str, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None, timeout: float = 30.0) -> Answer:
    """One HTTP exchange, as curl would make it (no Accept unless given)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    started = time.monotonic()
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        data = response.read()
        return Answer(response.status, response.headers, data, time.monotonic() - started)
    finally:
        connection.close()


def get(base: str, query: str | None = None, headers: dict[str, str] | None = None, **parameters) -> Answer:
    pairs = ([("query", query)] if query is not None else []) + list(parameters.items())
    path = "/sparql" + ("?" + urlencode(pairs) if pairs else "")
    return request(base, "GET", path, headers=headers)


def post_form(base: str, query: str, headers: dict[str, str] | None = None) -> Answer:
    return request(base, "POST", "/sparql", urlencode({"query": query}).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})


def post_direct(base: str, query: str, headers: dict[str, str] | None = None) -> Answer:
    return request(base, "POST", "/sparql", query.encode("utf-8"),
                   {"Content-Type": "application/sparql-query", **(headers or {})})


# --- reading answers back with rdflib -------------------------------------------------------

def _value(term) -> str | None:
    return None if term is None else str(term)


def result_rows(body: bytes, format: str) -> list[tuple]:
    """The rows of a SELECT answer parsed by rdflib, as string values (CSV carries no types)."""
    result = Result.parse(io.BytesIO(body), format=format)
    assert result.type == "SELECT"
    rows = [tuple(_value(row.get(name)) for name in result.vars) for row in result.bindings]
    return sorted(rows, key=lambda row: tuple((v is None, v or "") for v in row))


def variables(body: bytes, format: str) -> list[str]:
    return [str(v) for v in Result.parse(io.BytesIO(body), format=format).vars]


def parse_graph(body: bytes, rdflib_format: str) -> Graph:
    """Triples of an RDF answer; for the quad formats, every triple of every graph."""
    graph = Graph()
    if rdflib_format in ("trig", "nquads"):
        dataset = Dataset()
        dataset.parse(data=body, format=rdflib_format)
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        graph.parse(data=body, format=rdflib_format)
    return graph


_LOCAL: dict[tuple[int, str], object] = {}
"""rdflib's answers, computed once per query (it takes a second or two over all the data)."""


def local_rows(union: Graph, query: str) -> list[tuple]:
    """The same SELECT run by rdflib in-process: an independent engine over the same triples."""
    key = (id(union), query)
    if key not in _LOCAL:
        _LOCAL[key] = _local_rows(union, query)
    return list(_LOCAL[key])


def _local_rows(union: Graph, query: str) -> list[tuple]:
    result = union.query(query)
    names = [str(v) for v in result.vars]
    rows = [tuple(_value(row[name]) for name in names) for row in result]
    return sorted(rows, key=lambda row: tuple((v is None, v or "") for v in row))


def local_graph(union: Graph, query: str) -> Graph:
    """The same CONSTRUCT run by rdflib in-process (or, given a SPARQLStore graph, through it)."""
    key = (id(union), query)
    if key in _LOCAL:
        return _LOCAL[key]
    graph = Graph()
    for triple in union.query(query):
        graph.add(triple)
    if union.store.__class__.__name__ == "Memory":  # not for remote stores: those are the test
        _LOCAL[key] = graph
    return graph


def count(base: str, query: str) -> int:
    answer = get(base, query, {"Accept": "application/sparql-results+json"})
    assert answer.status == 200, answer
    (binding,) = json.loads(answer.body)["results"]["bindings"]
    return int(next(iter(binding.values()))["value"])


@pytest.fixture(scope="module")
def base(live_server) -> str:
    return live_server


@pytest.fixture(scope="module")
def expected_rows(union) -> list[tuple]:
    rows = local_rows(union, SELECT_QUERY)
    assert len(rows) >= 10, "the themes should give a meaningful number of rows"
    return rows


@pytest.fixture(scope="module")
def expected_graph(union) -> Graph:
    graph = local_graph(union, CONSTRUCT_QUERY)
    assert len(graph) > 100
    return graph


# --- SPARQLWrapper --------------------------------------------------------------------------

def wrapper(base: str, query: str, return_format: str, method: str):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(base + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setMethod(method)
    client.setTimeout(30)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format, media_type", [
    ("json", "application/sparql-results+json"),
    ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"),
    ("tsv", "text/tab-separated-values"),
])
def test_sparqlwrapper_select_in_every_results_format(base, expected_rows, return_format, media_type, method):
    result = wrapper(base, SELECT_QUERY, return_format, method).query()
    assert result.info()["content-type"] == media_type + "; charset=utf-8"
    converted = result.convert()
    if return_format == "json":
        body = json.dumps(converted).encode()
    elif return_format == "xml":
        body = converted.toxml(encoding="utf-8")
    else:
        body = converted
    assert result_rows(body, return_format) == expected_rows


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("query, expected", [
    ("ASK { ?theme <http://www.w3.org/2004/02/skos/core#inScheme> <%s> }" % THEMES, True),
    ("ASK { <urn:x:nothing> ?p ?o }", False),
])
def test_sparqlwrapper_ask_in_every_results_format(base, query, expected, return_format, method):
    converted = wrapper(base, query, return_format, method).queryAndConvert()
    word = "true" if expected else "false"
    if return_format == "json":
        assert converted["boolean"] is expected
    elif return_format == "xml":
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == word
    else:
        assert converted.decode("utf-8").strip() == word


def _wrapper_graph(converted, media_type: str) -> Graph:
    """SPARQLWrapper hands back an rdflib graph for RDF/XML and JSON-LD, bytes otherwise."""
    graph = Graph()
    if isinstance(converted, bytes):
        rdflib_format = {"text/turtle": "turtle", "application/n-triples": "nt"}[media_type]
        graph.parse(data=converted, format=rdflib_format)
    else:
        for triple in converted.triples((None, None, None)):
            graph.add(triple)
    return graph


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format, media_type", [
    ("turtle", "text/turtle"),
    ("n3", "text/turtle"),  # Turtle is N3: SPARQLWrapper asks for either
    ("json-ld", "application/ld+json"),
    ("rdf+xml", "application/rdf+xml"),
    ("xml", "application/rdf+xml"),
    ("ntriples", "application/n-triples"),  # not a SPARQLWrapper format: asked for with Accept
])
def test_sparqlwrapper_construct_in_every_rdf_format(base, expected_graph, return_format, media_type, method):
    if return_format == "ntriples":
        client = wrapper(base, CONSTRUCT_QUERY, "turtle", method)
        client.setOnlyConneg(True)
        client.addCustomHttpHeader("Accept", "application/n-triples")
    else:
        client = wrapper(base, CONSTRUCT_QUERY, return_format, method)
    result = client.query()
    assert result.info()["content-type"] == media_type + "; charset=utf-8"
    graph = _wrapper_graph(result.convert(), media_type)
    assert isomorphic(graph, expected_graph)


def test_sparqlwrapper_describe(base, union):
    converted = wrapper(base, DESCRIBE_QUERY, "rdf+xml", "GET").queryAndConvert()
    graph = _wrapper_graph(converted, "application/rdf+xml")
    assert isomorphic(graph, union.cbd(URIRef(WORKFORCE)))


def test_sparqlwrapper_reports_a_syntax_error_as_a_bad_query(base):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    with pytest.raises(QueryBadFormed) as caught:
        wrapper(base, "SELECT * WHERE { ?s ?p }", "json", "GET").query()
    assert "syntax error" in str(caught.value)


# --- rdflib SPARQLStore ---------------------------------------------------------------------

@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("return_format", ["xml", "json", "csv"])
def test_rdflib_sparqlstore_select(base, union, method, return_format):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(base + "/sparql", returnFormat=return_format, method=method)
    graph = Graph(store=store)
    try:
        (row,) = graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(row[0]) == len(union)
        query = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                 "SELECT ?notation WHERE { ?theme skos:notation ?notation }")
        bound = {"theme": URIRef(WORKFORCE)}
        assert [str(r[0]) for r in graph.query(query, initBindings=bound)] == ["workforce"]
    finally:
        store.close()


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_construct_ask_and_triples(base, union, expected_graph, method):
    from rdflib.namespace import SKOS
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(base + "/sparql", method=method)
    graph = Graph(store=store)
    try:
        assert isomorphic(local_graph(graph, CONSTRUCT_QUERY), expected_graph)
        assert isomorphic(local_graph(graph, CONSTRUCT_BNODES_QUERY), local_graph(union, CONSTRUCT_BNODES_QUERY))
        assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
        assert graph.query("ASK { <urn:x:nothing> ?p ?o }").askAnswer is False
        pattern = (None, SKOS.inScheme, URIRef(THEMES))
        assert set(graph.triples(pattern)) == set(union.triples(pattern))
        assert len(graph) == len(union)
    finally:
        store.close()


def test_rdflib_sparqlstore_on_one_named_graph_uses_default_graph_uri(base, knowledge):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    name = URIRef("https://w3id.org/hva-graph/graph/themes")
    store = SPARQLStore(base + "/sparql")
    try:
        graph = Graph(store=store, identifier=name)
        (row,) = graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(row[0]) == len(knowledge.graphs[name])
    finally:
        store.close()


# --- plain HTTP, as curl sends it -----------------------------------------------------------

@pytest.mark.parametrize("send", [get, post_form, post_direct], ids=["GET", "POST-form", "POST-direct"])
def test_raw_http_query_operations(base, expected_rows, send):
    answer = send(base, SELECT_QUERY)
    assert answer.status == 200, answer
    assert answer.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    assert result_rows(answer.body, "json") == expected_rows
    assert answer.headers["X-Result-Count"] == str(len(expected_rows))


def test_raw_http_dataset_parameters(base, knowledge):
    themes = "https://w3id.org/hva-graph/graph/themes"
    answer = get(base, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", {"Accept": "text/csv"},
                 **{"default-graph-uri": themes})
    assert answer.status == 200, answer
    assert result_rows(answer.body, "csv") == [(str(len(knowledge.graphs[URIRef(themes)])),)]


@pytest.mark.parametrize("query, graphs", [
    ("SELECT (COUNT(*) AS ?n) FROM <{themes}> {{ ?s ?p ?o }}", ["themes"]),
    ("SELECT (COUNT(*) AS ?n) FROM <{themes}> FROM <{ontology}> {{ ?s ?p ?o }}", ["themes", "ontology"]),
    ("SELECT (COUNT(*) AS ?n) FROM NAMED <{themes}> {{ GRAPH ?g {{ ?s ?p ?o }} }}", ["themes"]),
    ("SELECT (COUNT(*) AS ?n) FROM NAMED <{themes}> {{ ?s ?p ?o }}", []),
], ids=["from", "from-two", "from-named", "from-named-only-empty-default"])
def test_a_query_dataset_replaces_the_default_one(base, knowledge, query, graphs):
    names = {name: f"https://w3id.org/hva-graph/graph/{name}" for name in ("themes", "ontology")}
    merged = Graph()
    for name in graphs:
        merged += knowledge.graphs[URIRef(names[name])]
    assert count(base, query.format(**names)) == len(merged)


# --- every format parses back the same ------------------------------------------------------

def test_select_in_json_xml_csv_tsv_gives_the_same_rows(base, expected_rows):
    answers = {}
    for key, media_type in RESULT_FORMATS.items():
        answer = get(base, SELECT_QUERY, {"Accept": media_type})
        assert answer.status == 200, answer
        assert answer.media_type == media_type
        answers[key] = result_rows(answer.body, key)
        assert variables(answer.body, key) == ["theme", "label", "notation", "tricky", "missing"]
    for key, rows in answers.items():
        assert rows == expected_rows, key
    # the escaped characters really came through
    assert all(row[3] == f'say "hi", then\ttab; \nline {row[2]}' for row in expected_rows)
    assert any("ä" in row[1] or "ö" in row[1] for row in expected_rows)


@pytest.mark.parametrize("query", [CONSTRUCT_QUERY, CONSTRUCT_BNODES_QUERY, CONSTRUCT_REPEATS_QUERY, DESCRIBE_QUERY],
                         ids=["construct", "construct-bnodes", "construct-repeats", "describe"])
def test_graph_results_in_every_rdf_format_are_isomorphic(base, query):
    graphs = {}
    for key, (media_type, rdflib_format) in GRAPH_FORMATS.items():
        answer = get(base, query, {"Accept": media_type})
        assert answer.status == 200, answer
        assert answer.media_type == media_type
        graphs[key] = parse_graph(answer.body, rdflib_format)
        assert answer.headers["X-Result-Count"] == str(len(graphs[key])), key
    first = graphs["ntriples"]
    assert len(first) > 0
    for key, graph in graphs.items():
        assert isomorphic(graph, first), key


@pytest.mark.parametrize("query", [CONSTRUCT_QUERY, CONSTRUCT_BNODES_QUERY, CONSTRUCT_REPEATS_QUERY],
                         ids=["construct", "construct-bnodes", "construct-repeats"])
def test_construct_matches_rdflib_in_process(base, union, query):
    expected = local_graph(union, query)
    for key, (media_type, rdflib_format) in GRAPH_FORMATS.items():
        answer = get(base, query, format=key)
        assert answer.status == 200, answer
        assert isomorphic(parse_graph(answer.body, rdflib_format), expected), key


def test_describe_is_the_concise_bounded_description(base, union):
    answer = get(base, DESCRIBE_QUERY, {"Accept": "text/turtle"})
    assert answer.status == 200, answer
    assert isomorphic(parse_graph(answer.body, "turtle"), union.cbd(URIRef(WORKFORCE)))


# --- content negotiation --------------------------------------------------------------------

SELECT_ONE = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } ORDER BY ?s LIMIT 3"
ASK_ONE = "ASK { ?s ?p ?o }"
CONSTRUCT_ONE = f"CONSTRUCT {{ <{WORKFORCE}> ?p ?o }} WHERE {{ <{WORKFORCE}> ?p ?o }}"

NEGOTIATION = [
    # (query, Accept or None, format= or None, expected status, expected media type)
    (SELECT_ONE, None, None, 200, "application/sparql-results+json"),
    (SELECT_ONE, "*/*", None, 200, "application/sparql-results+json"),
    (SELECT_ONE, "application/sparql-results+xml;q=0.5, application/sparql-results+json;q=0.9", None,
     200, "application/sparql-results+json"),
    (SELECT_ONE, "application/sparql-results+json;q=0.5, application/sparql-results+xml", None,
     200, "application/sparql-results+xml"),
    (SELECT_ONE, "text/csv;q=0.1, text/tab-separated-values", None, 200, "text/tab-separated-values"),
    (SELECT_ONE, "*/*;q=0.1, text/csv;q=0.5", None, 200, "text/csv"),
    (SELECT_ONE, "text/*", None, 200, "text/csv"),
    (SELECT_ONE, "application/json", None, 200, "application/json"),
    (SELECT_ONE, "application/sparql-results+json", "csv", 200, "text/csv"),
    (SELECT_ONE, None, "text/tab-separated-values", 200, "text/tab-separated-values"),
    (SELECT_ONE, None, "xml", 200, "application/sparql-results+xml"),
    (SELECT_ONE, "image/png, application/pdf", None, 406, None),
    (SELECT_ONE, "application/sparql-results+json;q=0", None, 406, None),
    (SELECT_ONE, "text/turtle", None, 406, None),
    (ASK_ONE, None, None, 200, "application/sparql-results+json"),
    (ASK_ONE, "text/csv", None, 200, "text/csv"),
    (ASK_ONE, "application/sparql-results+xml;q=0.9, */*;q=0.1", None, 200, "application/sparql-results+xml"),
    (CONSTRUCT_ONE, None, None, 200, "text/turtle"),
    (CONSTRUCT_ONE, "*/*", None, 200, "text/turtle"),
    (CONSTRUCT_ONE, "application/n-triples", None, 200, "application/n-triples"),
    (CONSTRUCT_ONE, "application/rdf+xml;q=0.9, text/turtle;q=0.5", None, 200, "application/rdf+xml"),
    (CONSTRUCT_ONE, "*/*;q=0.1, application/n-quads", None, 200, "application/n-quads"),
    (CONSTRUCT_ONE, "application/ld+json", None, 200, "application/ld+json"),
    (CONSTRUCT_ONE, "text/plain", None, 200, "text/plain"),  # N-Triples under its old media type
    (CONSTRUCT_ONE, None, "trig", 200, "application/trig"),
    (CONSTRUCT_ONE, None, "json", 200, "application/ld+json"),
    (CONSTRUCT_ONE, "application/sparql-results+json", None, 406, None),
    (CONSTRUCT_ONE, "text/turtle;q=0", None, 406, None),
]


@pytest.mark.parametrize("query, accept, format, status, media_type", NEGOTIATION)
def test_content_negotiation(base, union, query, accept, format, status, media_type):
    headers = {"Accept": accept} if accept is not None else {}
    parameters = {"format": format} if format is not None else {}
    answer = get(base, query, headers, **parameters)
    assert answer.status == status, answer
    assert answer.headers["Content-Type"].endswith("; charset=utf-8")
    if status == 406:
        assert answer.media_type == "text/plain"
        kind_types = (list(GRAPH_FORMATS[k][0] for k in GRAPH_FORMATS) if query == CONSTRUCT_ONE
                      else list(RESULT_FORMATS.values()))
        assert "Available: " + ", ".join(kind_types) in answer.text
        return
    assert answer.media_type == media_type
    assert "Accept" in [v.strip() for v in answer.headers["Vary"].split(",")]
    assert answer.headers["ETag"]
    # and the body really is in that format
    if query == CONSTRUCT_ONE:
        rdflib_format = {"text/plain": "nt", **{t: f for t, f in GRAPH_FORMATS.values()}}[media_type]
        assert isomorphic(parse_graph(answer.body, rdflib_format), local_graph(union, CONSTRUCT_ONE))
    elif query == SELECT_ONE:
        result_format = {"application/json": "json", **{t: k for k, t in RESULT_FORMATS.items()}}[media_type]
        assert result_rows(answer.body, result_format) == local_rows(union, SELECT_ONE)
    elif media_type in ("application/sparql-results+json",):
        assert json.loads(answer.body)["boolean"] is True
    elif media_type == "application/sparql-results+xml":
        assert Result.parse(io.BytesIO(answer.body), format="xml").askAnswer is True
    else:
        assert answer.text.strip() == "true"


def test_unknown_format_parameter_is_a_readable_400(base):
    answer = get(base, SELECT_ONE, format="excel")
    assert answer.status == 400
    assert "format=excel" in answer.text and "json" in answer.text


def test_etag_and_304_on_if_none_match(base):
    first = get(base, SELECT_ONE, {"Accept": "text/csv"})
    second = get(base, SELECT_ONE, {"Accept": "text/csv"})
    assert first.status == second.status == 200
    etag = first.headers["ETag"]
    assert etag and etag == second.headers["ETag"]

    cached = get(base, SELECT_ONE, {"Accept": "text/csv", "If-None-Match": etag})
    assert cached.status == 304, cached
    assert cached.body == b""
    assert cached.headers["ETag"] == etag
    assert "Accept" in cached.headers["Vary"]

    stale = get(base, SELECT_ONE, {"Accept": "text/csv", "If-None-Match": '"not-the-etag"'})
    assert stale.status == 200 and stale.body == first.body

    other_format = get(base, SELECT_ONE, {"Accept": "text/tab-separated-values"})
    assert other_format.headers["ETag"] != etag
    other_query = get(base, SELECT_ONE.replace("LIMIT 3", "LIMIT 4"), {"Accept": "text/csv"})
    assert other_query.headers["ETag"] != etag


def test_cors_preflight(base):
    answer = request(base, "OPTIONS", "/sparql", headers={
        "Origin": "https://example.org",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type",
    })
    assert answer.status in (200, 204), answer
    assert answer.headers["Access-Control-Allow-Origin"] in ("*", "https://example.org")
    methods = [m.strip() for m in answer.headers["Access-Control-Allow-Methods"].split(",")]
    assert {"GET", "POST"} <= set(methods)
    assert "content-type" in answer.headers["Access-Control-Allow-Headers"].lower()


@pytest.mark.parametrize("send", [get, post_form, post_direct], ids=["GET", "POST-form", "POST-direct"])
def test_cors_headers_on_a_query_with_origin(base, send):
    answer = send(base, SELECT_ONE, {"Origin": "https://example.org"})
    assert answer.status == 200
    assert answer.headers["Access-Control-Allow-Origin"] in ("*", "https://example.org")
    exposed = [h.strip().lower() for h in answer.headers["Access-Control-Expose-Headers"].split(",")]
    assert "etag" in exposed


# --- service description --------------------------------------------------------------------

def test_service_description(base):
    answer = get(base, headers={"Accept": "text/turtle"})
    assert answer.status == 200, answer
    assert answer.headers["Content-Type"] == "text/turtle; charset=utf-8"
    described = Graph().parse(data=answer.body, format="turtle")
    endpoint = URIRef(base + "/sparql")
    assert (endpoint, RDF.type, SD.Service) in described
    assert (endpoint, SD.endpoint, endpoint) in described
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in described
    formats = set(described.objects(endpoint, SD.resultFormat))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads"):
        assert FORMATS[name] in formats, name

    # the limits the server was started with
    settings = Settings.from_env(query_timeout=LIVE_TIMEOUT)
    assert float(described.value(endpoint, HVA.queryTimeLimit).toPython()) == LIVE_TIMEOUT
    assert described.value(endpoint, HVA.resultLimit).toPython() == settings.result_limit

    # every named graph, with its real size as the endpoint counts it
    answer = get(base, "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                 {"Accept": "application/sparql-results+json"})
    real = {b["g"]["value"]: int(b["n"]["value"]) for b in json.loads(answer.body)["results"]["bindings"]}
    assert len(real) >= 10
    dataset = described.value(endpoint, SD.defaultDataset)
    stated = {}
    for named in described.objects(dataset, SD.namedGraph):
        graph = described.value(named, SD.graph)
        stated[str(described.value(named, SD.name))] = described.value(graph, VOID.triples).toPython()
    assert stated == real
    default = described.value(dataset, SD.defaultGraph)
    assert described.value(default, VOID.triples).toPython() == count(base, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")


def test_service_description_defaults_to_turtle_and_speaks_every_rdf_format(base):
    plain = get(base)
    assert plain.status == 200 and plain.media_type == "text/turtle"
    turtle = Graph().parse(data=plain.body, format="turtle")
    for key, (media_type, rdflib_format) in GRAPH_FORMATS.items():
        answer = get(base, headers={"Accept": media_type})
        assert answer.status == 200 and answer.media_type == media_type, answer
        assert isomorphic(parse_graph(answer.body, rdflib_format), turtle), key


# --- concurrency: a runaway query does not hold up anyone else -------------------------------

RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MARGIN = 10.0
"""Seconds past the time limit within which the runaway must have been answered (left alone, it
would run for hours), generous for a busy machine."""


def test_a_runaway_query_is_stopped_while_others_are_answered(base, knowledge, union):
    themes = URIRef("https://w3id.org/hva-graph/graph/themes")
    small_queries = [
        ("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", len(union)),
        (f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{themes}> {{ ?s ?p ?o }} }}", len(knowledge.graphs[themes])),
        ("SELECT (COUNT(*) AS ?n) { ?s <http://www.w3.org/2004/02/skos/core#inScheme> "
         f"<{THEMES}> }}", len(set(union.subjects(URIRef("http://www.w3.org/2004/02/skos/core#inScheme"),
                                                   URIRef(THEMES))))),
    ]
    runaway: dict = {}

    def run_runaway():
        started = time.monotonic()
        runaway["answer"] = get(base, RUNAWAY)
        runaway["finished"] = time.monotonic()
        runaway["started"] = started

    errors: list[str] = []
    quick: list[tuple[float, float]] = []  # (sent at, answered at)
    lock = threading.Lock()

    def run_client(number: int):
        for round_ in range(3):
            query, expected = small_queries[(number + round_) % len(small_queries)]
            sent = time.monotonic()
            answer = get(base, query)
            finished = time.monotonic()
            with lock:
                quick.append((sent, finished))
                if answer.status != 200:
                    errors.append(f"client {number}: {answer!r}")
                else:
                    (binding,) = json.loads(answer.body)["results"]["bindings"]
                    if int(binding["n"]["value"]) != expected:
                        errors.append(f"client {number}: {binding} != {expected}")

    runaway_thread = threading.Thread(target=run_runaway, daemon=True)
    runaway_thread.start()
    time.sleep(0.5)  # the runaway holds a query process by now
    clients = [threading.Thread(target=run_client, args=(n,), daemon=True) for n in range(5)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=30)
    runaway_thread.join(timeout=LIVE_TIMEOUT + 30)
    assert not any(t.is_alive() for t in clients + [runaway_thread]), "a request hung"

    assert errors == []
    assert len(quick) == 15
    # The quick answers came while the runaway was still running: each one asked well before the
    # runaway was stopped (by half the time limit, a margin for a busy machine) was answered
    # before it; held up behind it, it would have waited until then.
    asked_early = [(sent, finished) for sent, finished in quick if sent < runaway["finished"] - LIVE_TIMEOUT / 2]
    assert asked_early, f"no quick query was asked while the runaway ran: {quick}, {runaway}"
    assert all(finished < runaway["finished"] for _, finished in asked_early), (asked_early, runaway)

    answer, took = runaway["answer"], runaway["finished"] - runaway["started"]
    assert answer.status == 503, answer
    assert "timed out" in answer.text and f"{LIVE_TIMEOUT:g} s" in answer.text
    assert LIVE_TIMEOUT - 0.2 <= took < LIVE_TIMEOUT + MARGIN, took

    # afterwards the server still answers, every query process included
    for _ in range(4):
        assert count(base, small_queries[0][0]) == len(union)
    health = request(base, "GET", "/health")
    assert health.status == 200 and json.loads(health.body)["status"] == "ok"
