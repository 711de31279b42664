"""Answers are computed once per data version: identical GETs cost no query."""

from __future__ import annotations

import uuid


def count_runs(monkeypatch, service) -> list:
    calls = []
    original = service.runner.run

    def counting(job, timeout=None):
        calls.append(job.query)
        return original(job, timeout)

    monkeypatch.setattr(service.runner, "run", counting)
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
    url = "/queries/full-text-search?word=palvelu&lang=en"
    headers = {"Accept": "text/html", "Origin": f"https://{uuid.uuid4()}.example"}  # a key of its own
    first = client.get(url, headers=headers)
    made = len(calls)
    again = client.get(url, headers=headers)
    assert again.data == first.data and len(calls) == made
    if first.headers.get("ETag"):
        assert client.get(url, headers={**headers, "If-None-Match": first.headers["ETag"]}).status_code == 304


def test_errors_are_not_cached(client, service, monkeypatch):
    calls = count_runs(monkeypatch, service)
    query = f"# {uuid.uuid4()}\nSELECT * WHERE {{ ?s ?p "
    assert client.get("/sparql", query_string={"query": query}).status_code == 400
    assert client.get("/sparql", query_string={"query": query}).status_code == 400
    assert len(calls) == 2


def test_a_406_varies_with_accept_too(client):
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406 and "Accept" in response.headers["Vary"]


def response_cache(app):
    """The response cache among the WSGI layers in front of Flask (the public address is outermost)."""
    layer = app.wsgi_app
    while not hasattr(layer, "answers"):
        layer = layer.app
    return layer


def _replayed(app, path: str, headers: dict) -> bool:
    """Whether the WSGI layer in front of Flask holds a finished answer for this GET."""
    from urllib.parse import urlsplit

    layer = response_cache(app)
    parts = urlsplit(path)
    return any(key[4] == parts.path and key[5] == parts.query and key[6] == headers.get("Accept", "")
               and key[8] == headers.get("Origin", "") for key in layer.answers)


def test_a_repeated_get_is_replayed_byte_for_byte_with_its_headers(app, client):
    path = "/queries/theme-counts"
    headers = {"Accept": "text/html", "Origin": f"https://{uuid.uuid4()}.example"}  # a key of its own
    first = client.get(path, headers=headers)
    assert first.status_code == 200 and _replayed(app, path, headers)
    second = client.get(path, headers=headers)
    assert second.status_code == 200 and second.data == first.data
    assert sorted(second.headers.items()) == sorted(first.headers.items())


def test_a_replayed_answer_to_a_web_page_on_another_origin_keeps_its_cross_origin_headers(app, client):
    query = f"# {uuid.uuid4()}\nASK {{ ?s ?p ?o }}"
    url = "/sparql?" + __import__("urllib.parse").parse.urlencode({"query": query})
    headers = {"Origin": "https://research.example"}
    fresh = client.get(url, headers=headers)
    replayed = client.get(url, headers=headers)
    assert _replayed(app, url, headers)
    assert replayed.headers["Access-Control-Allow-Origin"] == fresh.headers["Access-Control-Allow-Origin"]
    assert replayed.headers["Access-Control-Expose-Headers"] == fresh.headers["Access-Control-Expose-Headers"]


def test_conditional_and_head_requests_still_get_their_own_answers(client):
    url = "/sparql?" + __import__("urllib.parse").parse.urlencode({"query": f"# {uuid.uuid4()}\nASK {{ ?s ?p ?o }}"})
    first = client.get(url)
    client.get(url)  # now replayed by the layer in front of Flask
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    head = client.head(url)
    assert head.status_code == 200 and not head.data and head.headers["ETag"] == first.headers["ETag"]


def test_a_new_data_version_never_meets_an_old_answer(client, service, monkeypatch):
    calls = count_runs(monkeypatch, service)
    query = f"# {uuid.uuid4()}\nSELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}"
    client.get("/sparql", query_string={"query": query})
    client.get("/sparql", query_string={"query": query})
    assert len(calls) == 1
    monkeypatch.setattr(service, "version", "f" * 64)
    client.get("/sparql", query_string={"query": query})
    assert len(calls) == 2


def test_the_caches_are_bounded_in_bytes_not_only_in_entries():
    from hva_graph.web.cache import Answers

    cache = Answers(max_entries=100, max_bytes=1000)
    for number in range(10):
        cache.keep(("answer", number), 200, [], bytes(300))
    assert cache.size <= 1000 and cache.get(("answer", 0)) is None and cache.get(("answer", 9)) is not None
    cache.keep(("answer", 9), 200, [], bytes(10))  # replacing an entry gives its bytes back
    assert cache.size == 2 * 300 + 10
