"""Fair shares against a real `hva-graph serve` (issue 24): one client's runaways do not hold up
another client's cheap query; a client that has spent its query time, or sent too many uncached
requests, gets 429 with Retry-After while its cached answers and other clients are served.

Clients are told apart by their loopback address (127.0.0.x). Everything is asserted by order
and outcome, never by seconds: the limits are generous, so a busy machine only makes it slower.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse

import pytest

from hardening_support import children_of, cpu_seconds, health, start

pytestmark = pytest.mark.served  # starts `hva-graph serve`
JSON = {"Accept": "application/sparql-results+json"}
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


def ask(server, source: str, query: str, headers: dict | None = None, timeout: float = 120.0):
    """(status, headers, body) of a GET /sparql sent from the loopback address `source`."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers={**JSON, **(headers or {})})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def count_in(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def busy(pids: list[int]) -> bool:
    """Each process used CPU in the last second (a query runs in it), however busy the machine."""
    before = {pid: cpu_seconds(pid) for pid in pids}
    time.sleep(1.0)
    return bool(pids) and all(cpu_seconds(pid) - before[pid] >= 0.03 for pid in pids)


def query_processes(server) -> list[int]:
    """The grandchildren of gunicorn's worker (through the zygote); the master may have another
    child meanwhile, writing the dumps."""
    for child in children_of(server.master):
        for zygote in children_of(child):
            if children_of(zygote):
                return children_of(zygote)
    return []


def test_two_runaways_from_one_client_do_not_hold_up_two_other_clients(tmp_path):
    server = start(tmp_path, {"HVA_GRAPH_QUERY_WORKERS": "2", "HVA_GRAPH_QUERY_TIMEOUT": "30"})
    done, lock = [], threading.Lock()

    def send(name: str, source: str, query: str) -> None:
        answer = ask(server, source, query)
        with lock:
            done.append((name, *answer))

    try:
        triples = health(server)["triples"]
        runaways = [threading.Thread(target=send, args=(f"runaway {i}", "127.0.0.2", f"{RUNAWAY} # {i}"))
                    for i in (1, 2)]
        for thread in runaways:
            thread.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not busy(query_processes(server)):
            pass
        assert busy(query_processes(server)) and not done, "the two runaways should occupy both query processes"
        cheap = [threading.Thread(target=send, args=(name, source, f"{COUNT} # {name}"))
                 for name, source in (("second client", "127.0.0.3"), ("third client", "127.0.0.4"))]
        for thread in cheap:
            thread.start()
        for thread in cheap:
            thread.join(120)
        with lock:
            finished = [name for name, *_ in done]
            answers = {name: (status, body) for name, status, _, body in done}
        assert "second client" in finished and "third client" in finished, finished
        assert finished.count("runaway 1") + finished.count("runaway 2") < 2, finished  # one still runs
        for name in ("second client", "third client"):
            status, body = answers[name]
            assert status == 200 and count_in(body) == triples, (name, status, body[:200])
        for thread in runaways:
            thread.join(120)
        outcomes = {name: (status, headers, body) for name, status, headers, body in done if name.startswith("runaway")}
        taken_back = [o for o in outcomes.values() if b"stopped to let another client's query run" in o[2]]
        assert len(taken_back) == 1 and taken_back[0][0] == 503, outcomes
        assert int(taken_back[0][1]["retry-after"]) >= 1
    finally:
        server.stop()


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    """Small allowances: 2 s of query time a minute, 5 uncached requests at once and then one
    every ten seconds; 127.0.0.8 is a trusted proxy."""
    server = start(tmp_path_factory.mktemp("limited"), {
        "HVA_GRAPH_QUERY_TIMEOUT": "3", "HVA_GRAPH_CLIENT_QUERY_SECONDS": "2",
        "HVA_GRAPH_CLIENT_REQUESTS_PER_SECOND": "0.1", "HVA_GRAPH_CLIENT_REQUEST_BURST": "5",
        "HVA_GRAPH_TRUSTED_PROXIES": "127.0.0.8"})
    yield server
    server.stop()


def test_a_client_over_its_query_time_gets_429_with_retry_after_and_keeps_its_cached_answers(limited):
    client, other = "127.0.0.5", "127.0.0.6"
    status, _, before = ask(limited, client, COUNT)
    assert status == 200
    status, _, body = ask(limited, client, RUNAWAY)  # runs for the whole 3 s limit: more than its 2 s
    assert status == 503 and b"timed out" in body
    status, headers, body = ask(limited, client, COUNT + " # not asked before")
    assert status == 429 and b"2 seconds of query time per minute" in body, (status, body)
    assert int(headers["retry-after"]) >= 1
    status, _, again = ask(limited, client, COUNT)  # the same request as before: the cache answers
    assert status == 200 and again == before
    assert ask(limited, other, COUNT + " # another client")[0] == 200


def test_past_its_request_rate_a_client_gets_429_with_retry_after(limited):
    statuses, last = [], None
    for number in range(8):
        status, headers, body = ask(limited, "127.0.0.7", f"ASK {{}} # {number}")
        statuses.append(status)
        if status == 429:
            last = (headers, body)
    assert statuses[:5] == [200] * 5 and 429 in statuses[5:], statuses
    headers, body = last
    assert int(headers["retry-after"]) >= 1 and b"requests per second" in body
    assert ask(limited, "127.0.0.9", "ASK { } # someone else")[0] == 200


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_allowance(limited):
    proxy = "127.0.0.8"
    first = [ask(limited, proxy, f"ASK {{}} # a{n}", {"X-Forwarded-For": "192.0.2.1"})[0] for n in range(7)]
    assert first[:5] == [200] * 5 and 429 in first[5:], first
    assert ask(limited, proxy, "ASK {} # b", {"X-Forwarded-For": "192.0.2.2"})[0] == 200
    # from an address that is no trusted proxy the header is ignored: it cannot borrow another's allowance
    untrusted = [ask(limited, "127.0.0.10", f"ASK {{}} # c{n}", {"X-Forwarded-For": f"192.0.2.{n + 3}"})[0]
                 for n in range(7)]
    assert 429 in untrusted, untrusted
