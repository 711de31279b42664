"""CORS on every resource a web page on another site may read: an IRI, a named graph, the
ontology, a canned answer and its page, a dump and the dump index, VoID, the endpoint, the API
description, health. Each answers a preflight (OPTIONS) and a simple request from another origin
with the headers a browser needs before it hands the answer (and its ETag, Last-Modified …) to
the page's script (Fetch standard, CORS protocol)."""

from __future__ import annotations

import pytest

ORIGIN = "https://research.example"
RESOURCES = {
    "iri": "/id/strategy/etela-karjala-2023-2025/value/1",
    "graph": "/graph/themes",
    "ontology": "/ontology",
    "canned results": "/queries/theme-counts/results?format=csv",
    "canned page": "/queries/theme-counts",
    "query list": "/queries/?format=json",
    "dump": "/dumps/hva-graph-all.ttl",
    "dump index": "/dumps/?format=json",
    "void": "/.well-known/void",
    "sparql": "/sparql?query=ASK%20%7B%7D",
    "openapi": "/openapi.json",
    "health": "/health",
}


def _allowed(response) -> bool:
    return response.headers.get("Access-Control-Allow-Origin") in ("*", ORIGIN)


@pytest.mark.parametrize("path", RESOURCES.values(), ids=RESOURCES.keys())
def test_a_preflight_for_a_conditional_get_is_allowed(client, path):
    response = client.options(path, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET",
                                             "Access-Control-Request-Headers": "If-None-Match, Accept"})
    assert response.status_code in (200, 204)
    assert _allowed(response)
    assert "GET" in {m.strip() for m in response.headers["Access-Control-Allow-Methods"].split(",")}
    allowed_headers = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"if-none-match", "accept"} <= allowed_headers


@pytest.mark.parametrize("path", RESOURCES.values(), ids=RESOURCES.keys())
def test_a_simple_request_from_another_origin_may_read_the_answer_and_its_validators(client, path):
    response = client.get(path, headers={"Origin": ORIGIN})
    assert response.status_code == 200, response.data[:300]
    assert _allowed(response)
    exposed = {h.strip().lower() for h in response.headers.get("Access-Control-Expose-Headers", "").split(",")}
    assert {"etag", "last-modified", "content-disposition", "link"} <= exposed
    assert "Access-Control-Allow-Credentials" not in response.headers, "nothing here depends on credentials"


def test_an_error_answer_is_readable_from_another_origin_too(client):
    response = client.get("/id/strategy/nowhere", headers={"Origin": ORIGIN, "Accept": "text/turtle"})
    assert response.status_code == 404 and _allowed(response)
