"""The W3C SPARQL 1.1 Protocol tests (tests/fixtures/w3c-sparql11-protocol/, copied unchanged from
the W3C's rdf-tests with their licence: see the README there), replayed against /sparql.

Each manifest entry is read from manifest.ttl with rdflib, its requests are sent in
order with the Flask test client, and each answer is checked against the manifest's
expected status class and result format. Results are parsed with rdflib, not with
pyoxigraph: the endpoint serialises with Oxigraph, so an independent parser is the
real check. The endpoint is read-only, so the seven positive update tests (which
expect updates to succeed) are run to check the documented refusal instead.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.query import Result

SUITE = Path(__file__).parent / "fixtures" / "w3c-sparql11-protocol"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

# The rdflib parser for each media type an answer may come in; anything else fails the check.
RESULT_PARSERS = {
    "boolean": {"application/sparql-results+xml": "xml", "application/sparql-results+json": "json"},
    "tabular": {"application/sparql-results+xml": "xml", "application/sparql-results+json": "json",
                "text/csv": "csv", "text/tab-separated-values": "tsv"},
}
RDF_PARSERS = {"text/turtle": "turtle", "application/n-triples": "nt",
               "application/rdf+xml": "xml", "application/ld+json": "json-ld"}


# --- the manifest ------------------------------------------------------------

@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    text: str | None
    """The body as the manifest writes it (before encoding)."""
    status_classes: frozenset[int]
    """Acceptable status classes: 2 for hts:StatusCode2xx, and so on."""
    format: str | None
    boolean: bool | None

    @property
    def media_type(self) -> str:
        value = next((v for n, v in self.headers if n.lower() == "content-type"), "")
        return value.split(";")[0].strip().lower()

    def is_update(self) -> bool:
        """An update operation as the protocol defines it: a direct or url-encoded POST."""
        if self.media_type == "application/sparql-update":
            return True
        form = self.text if self.media_type == "application/x-www-form-urlencoded" else ""
        return any(name == "update" for name, _ in parse_qsl(form or ""))


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    dataset: tuple[tuple[str, Path], ...]
    """(graph IRI, data file) pairs from ut:graphData, sorted: the key of a service."""
    requests: tuple[Request, ...]

    def expects_update_to_succeed(self) -> bool:
        return any(r.is_update() and 2 in r.status_classes for r in self.requests)


def _request(g: Graph, node) -> Request:
    path = str(g.value(node, HT.absolutePath))
    assert path.startswith("/sparql/"), path  # the manifest promises this prefix
    headers = tuple((str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue)))
                    for h in Collection(g, g.value(node, HT.headers) or RDF.nil))
    text = body = None
    if (content := g.value(node, HT.body)) is not None:
        text = str(g.value(content, CNT.chars))
        # Really encoded as stated: the non-UTF-8 tests must send UTF-16 bytes.
        body = text.encode(str(g.value(content, CNT.characterEncoding)))
    response = g.value(node, HT.resp)
    boolean = g.value(response, MF.expectedBoolean)
    expected_format = g.value(response, MF.expectedFormat)
    return Request(
        method=str(g.value(node, HT.methodName)),
        # Our endpoint is /sparql (it also answers /sparql/).
        path="/sparql" + path[len("/sparql/"):],
        headers=headers, body=body, text=text,
        status_classes=frozenset(int(str(s)[-3]) for s in g.objects(response, MF.expectedStatus)),
        format=None if expected_format is None else str(expected_format),
        boolean=None if boolean is None else boolean.toPython(),
    )


def _file(iri: URIRef) -> Path:
    return Path(unquote(urlparse(str(iri)).path))


def load_manifest() -> list[ProtocolTest]:
    g = Graph().parse(SUITE / "manifest.ttl", format="turtle")
    (manifest,) = g.subjects(RDF.type, MF.Manifest)
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        assert (entry, RDF.type, MF.ProtocolTest) in g, entry
        dataset = sorted((str(g.value(d, RDFS.label)), _file(g.value(d, UT.graph)))
                         for d in g.objects(entry, UT.graphData))
        requests = Collection(g, g.value(g.value(entry, MF.action), HT.requests))
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[-1], tuple(dataset),
                                  tuple(_request(g, r) for r in requests)))
    return tests


TESTS = load_manifest()
APPLICABLE = [t for t in TESTS if not t.expects_update_to_succeed()]
REFUSALS = [t for t in TESTS if t.expects_update_to_succeed()]


# --- the endpoint, one per dataset --------------------------------------------

@pytest.fixture(scope="module")
def endpoint():
    """A test client per dataset; each Service forks query processes, so they are shared and closed."""
    from hva_graph.web.app import create_app
    from hva_graph.service import Service
    from hva_graph.settings import Settings

    services: dict[tuple, object] = {}
    apps: dict[tuple, object] = {}

    def client_for(test: ProtocolTest):
        if test.dataset not in apps:
            graphs = {URIRef(label): Graph().parse(file, format="nt") for label, file in test.dataset}
            settings = Settings.from_env()
            services[test.dataset] = Service.from_graphs(settings, graphs)
            apps[test.dataset] = create_app({"TESTING": True, "SETTINGS": settings,
                                             "SERVICE": services[test.dataset]})
        return apps[test.dataset].test_client()

    yield client_for
    for service in services.values():
        service.close()


def send(client, request: Request):
    # A client follows redirects; the status class is checked on the first answer.
    return client.open(request.path, method=request.method, headers=list(request.headers),
                       data=request.body, follow_redirects=True)


# --- checking an answer ----------------------------------------------------------

def check(request: Request, response) -> None:
    first = response.history[0] if response.history else response
    assert first.status_code // 100 in request.status_classes, (
        f"{request.method} {request.path}: status {first.status_code}, expected "
        f"{sorted(f'{c}xx' for c in request.status_classes)}: {response.get_data(as_text=True)[:500]}")
    if request.format in RESULT_PARSERS:
        result = parse_results(response, request.format)
        if request.format == "boolean":
            assert result.type == "ASK" and isinstance(result.askAnswer, bool), result.type
            if request.boolean is not None:
                assert result.askAnswer is request.boolean, f"ASK answered {result.askAnswer}"
        else:
            assert result.type == "SELECT", f"a {result.type} result where SELECT results were expected"
            assert result.vars, "a SELECT result without variables"
    elif request.format == "RDF":
        parser = RDF_PARSERS.get(response.mimetype)
        assert parser, f"RDF expected; {response.content_type} is not an RDF format checked here"
        Graph().parse(data=response.get_data(), format=parser)
    else:
        assert request.format is None, f"unknown mf:expectedFormat {request.format!r}"


def parse_results(response, kind: str) -> Result:
    parser = RESULT_PARSERS[kind].get(response.mimetype)
    assert parser, f"{kind} results expected; {response.content_type} cannot carry them"
    return Result.parse(io.BytesIO(response.get_data()), format=parser)


# --- the tests --------------------------------------------------------------------

@pytest.mark.parametrize("test", APPLICABLE, ids=lambda t: t.name)
def test_protocol(endpoint, test: ProtocolTest):
    client = endpoint(test)
    for request in test.requests:
        check(request, send(client, request))


@pytest.mark.parametrize("test", REFUSALS, ids=lambda t: t.name)
def test_update_is_refused(endpoint, test: ProtocolTest):
    """The manifest expects the update to succeed; a read-only endpoint refuses it, and says why.

    The requests after the update (ASKs that check its effect) are then not applicable.
    """
    update = test.requests[0]
    assert update.is_update() and 2 in update.status_classes
    response = send(endpoint(test), update)
    assert response.status_code == 403, response.get_data(as_text=True)
    assert "read-only" in response.get_data(as_text=True).lower()


def test_every_manifest_entry_is_run():
    assert len(TESTS) == 34
    assert {t.name for t in REFUSALS} == {t.name for t in TESTS if t.name.startswith("update_")}
    assert (len(APPLICABLE), len(REFUSALS)) == (27, 7)
