"""The lean road (web/lean.py) gives machine clients the very answers Flask's road gives: the
same status, body and headers, for queries and for the graph's IRIs as RDF, conditional and
HEAD requests and errors included. Each request is sent once through the app as served (the
lean road in front) and once to Flask alone."""

from __future__ import annotations

import urllib.parse

import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder

SELECT = "SELECT ?s WHERE { ?s a <https://w3id.org/hva-graph/ontology#Strategy> } ORDER BY ?s"
JSON = "application/sparql-results+json"


def answer(app, flask_only: bool, method: str, path: str, headers: dict, data: bytes | None = None):
    environ = EnvironBuilder(path=path.split("?")[0], query_string=path.partition("?")[2], method=method,
                             headers=headers, data=data).get_environ()
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"], seen["headers"] = status, response_headers

    wsgi = (lambda e, s: Flask.wsgi_app(app, e, s)) if flask_only else app.wsgi_app.app.app  # past the public address and the response cache
    body = b"".join(wsgi(environ, start_response))
    headers = {}
    for name, value in seen["headers"]:  # a field sent twice (Vary) is kept whole, as a cache reads it
        headers[name.lower()] = ", ".join(filter(None, (headers.get(name.lower()), value)))
    return int(seen["status"].split()[0]), headers, body


def q(query: str, **more) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **more})


CASES = {
    "SELECT as JSON": ("GET", q(SELECT), {"Accept": JSON}, None),
    "SELECT as CSV from another origin": ("GET", q(SELECT), {"Accept": "text/csv", "Origin": "https://a.example"}, None),
    "format= overrides Accept": ("GET", q(SELECT, format="tsv"), {"Accept": JSON}, None),
    "ASK as XML, HEAD": ("HEAD", q("ASK { ?s ?p ?o }"), {"Accept": "application/sparql-results+xml"}, None),
    "CONSTRUCT as Turtle": ("GET", q("CONSTRUCT { ?s a ?c } WHERE { GRAPH <https://w3id.org/hva-graph/graph/themes> "
                                     "{ ?s a ?c } }"), {"Accept": "text/turtle"}, None),
    "POST form": ("POST", "/sparql", {"Accept": JSON, "Content-Type": "application/x-www-form-urlencoded"},
                  urllib.parse.urlencode({"query": SELECT}).encode()),
    "POST body": ("POST", "/sparql", {"Accept": JSON, "Content-Type": "application/sparql-query"}, SELECT.encode()),
    "syntax error": ("GET", q("SELECT WHERE {"), {"Accept": JSON}, None),
    "update": ("GET", q("CLEAR ALL"), {}, None),
    "nothing acceptable": ("GET", q(SELECT), {"Accept": "image/png"}, None),
    "two queries": ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", {}, None),
    "a resource as Turtle": ("GET", "/id/theme/workforce", {"Accept": "text/turtle"}, None),
    "a resource as JSON-LD, Swedish reader": ("GET", "/id/theme/workforce", {"Accept": "application/ld+json",
                                                                             "Accept-Language": "sv"}, None),
    "a resource from another origin": ("GET", "/id/theme/workforce", {"Accept": "text/turtle",
                                                                      "Origin": "https://a.example"}, None),
    "a statement's citation as BibTeX": ("GET", "/id/strategy/etela-karjala-2023-2025/value/1",
                                         {"Accept": "application/x-bibtex"}, None),
    "a named graph as N-Triples": ("GET", "/graph/themes?format=ntriples", {}, None),
    "the ontology, HEAD": ("HEAD", "/ontology", {"Accept": "text/turtle"}, None),
    "an IRI nothing is known about": ("GET", "/id/nothing/here", {"Accept": "text/turtle"}, None),
    "a resource in a format there is not": ("GET", "/id/theme/workforce?format=yaml", {}, None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_lean_road_answers_as_flask_does(app, case):
    method, path, headers, data = CASES[case]
    lean = answer(app, False, method, path, headers, data)
    flask = answer(app, True, method, path, headers, data)
    assert lean[0] == flask[0] and lean[2] == flask[2], (lean[0], flask[0], lean[2][:300], flask[2][:300])
    assert lean[1] == flask[1]
    if "etag" in lean[1] and method in ("GET", "HEAD"):  # and the same conditional answer
        conditional = {**headers, "If-None-Match": lean[1]["etag"]}
        again, flask_again = answer(app, False, method, path, conditional), answer(app, True, method, path, conditional)
        # (Flask's road adds Vary: Cookie to a 304, which its 200 did not carry: the mimetype of
        # an empty answer is text/html; the lean road's 304 varies as its 200 did, RFC 9110, 15.4.5)
        assert again[0] == flask_again[0] == 304 and again[1]["etag"] == flask_again[1]["etag"]
        assert "content-length" not in again[1] and again[1]["vary"].startswith(lean[1]["vary"])
