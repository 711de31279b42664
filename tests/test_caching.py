"""Answers are computed once per data version: identical GETs cost no query."""

from __future__ import annotations

import uuid


def count_runs(monkeypatch, service) -> list:
    calls = []
    original = service.run

    def counting(job):
        calls.append(job.query)
        return original(job)

    monkeypatch.setattr(service, "run", counting)
    return calls


def test_an_identical_ad_hoc_query_is_answered_from_the_cache(client, service, monkeypatch):
    calls = count_runs(monkeypatch, service)
    query = f"# {uuid.uuid4()}\nSELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}"
    first = client.get("/sparql", query_string={"query": query})
    second = client.get("/sparql", query_string={"query": query})
    assert first.status_code == second.status_code == 200
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert len(calls) == 1
    as_csv = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert as_csv.mimetype == "text/csv" and len(calls) == 2, "another format is another answer"


def test_pages_are_computed_once_and_revalidate_with_304(client, service, monkeypatch):
    calls = count_runs(monkeypatch, service)
    url = f"/queries/full-text-search?word=palvelu&lang=en&probe={uuid.uuid4()}"
    first = client.get(url, headers={"Accept": "text/html"})
    made = len(calls)
    again = client.get(url, headers={"Accept": "text/html"})
    assert again.data == first.data and len(calls) == made
    if first.headers.get("ETag"):
        assert client.get(url, headers={"Accept": "text/html", "If-None-Match": first.headers["ETag"]}).status_code == 304


def test_errors_are_not_cached(client, service, monkeypatch):
    calls = count_runs(monkeypatch, service)
    query = f"# {uuid.uuid4()}\nSELECT * WHERE {{ ?s ?p "
    assert client.get("/sparql", query_string={"query": query}).status_code == 400
    assert client.get("/sparql", query_string={"query": query}).status_code == 400
    assert len(calls) == 2


def test_a_406_varies_with_accept_too(client):
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406 and "Accept" in response.headers["Vary"]
