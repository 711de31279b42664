"""Fair shares between clients, in process (issue 24): who a client is, its allowances, and who
gets the next query process. The served behaviour (three clients, a spent budget) is in
test_fair_shares.py."""

from __future__ import annotations

import threading
import time

import pytest

from hva_graph.fairness.clients import client_key
from hva_graph.forwarding.public import PublicAddress, client_address
from hva_graph.fairness.dispatch import FairDispatch
from hva_graph.fairness.ledger import Ledger
from hva_graph.settings import Settings


def test_a_client_is_an_ipv4_address_or_an_ipv6_slash_64():
    assert client_key("192.0.2.7") == "192.0.2.7" != client_key("192.0.2.8")
    assert client_key("::ffff:192.0.2.7") == "192.0.2.7"  # the same IPv4 client, written as IPv6
    same = {client_key("2001:db8:1:2::1"), client_key("2001:db8:1:2:ffff:ffff:ffff:ffff"), client_key("2001:db8:1:2::")}
    assert same == {"2001:db8:1:2::/64"}
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")


def _client_of(peer: str, forwarded_for: str | None, trusted: tuple[str, ...]) -> str:
    """The client the fair shares count for a request, found as the app finds it: through the
    public address (forwarding/public.py), outermost in the app."""
    seen = []

    def app(environ, start_response):
        seen.append(client_address(environ))
        start_response("200 OK", [])
        return [b""]

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/sparql", "SERVER_NAME": "localhost", "SERVER_PORT": "5000",
               "HTTP_HOST": "localhost", "REMOTE_ADDR": peer, "wsgi.url_scheme": "http"}
    if forwarded_for is not None:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded_for
    PublicAddress(app, trusted, frozenset({"localhost"}), None, {})(environ, lambda *args: None)
    return seen[0]


def test_the_forwarded_address_counts_only_from_a_trusted_proxy():
    trusted = ("10.0.0.0/8", "::1")
    chain = "198.51.100.9, 10.1.1.1"  # the client, then a first proxy of ours; the peer is the last
    assert _client_of("10.2.2.2", chain, trusted) == "198.51.100.9"
    assert _client_of("203.0.113.5", chain, trusted) == "203.0.113.5"  # not a proxy of ours: ignored
    assert _client_of("10.2.2.2", "10.1.1.1", trusted) == "10.1.1.1"  # nothing but proxies: the first
    assert _client_of("10.2.2.2", None, trusted) == "10.2.2.2"
    assert _client_of("10.2.2.2", chain, ()) == "10.2.2.2"  # no proxy trusted: the peer
    # a client cannot name itself another by sending the header through the proxy: the proxy appends
    assert _client_of("::1", "192.0.2.1, 198.51.100.9", trusted) == "198.51.100.9"


def test_a_bad_trusted_proxy_setting_is_refused_naming_it():
    with pytest.raises(ValueError, match="nowhere"):
        Settings.from_env({"HVA_GRAPH_TRUSTED_PROXIES": "10.0.0.1 nowhere"})


def test_past_its_burst_a_client_is_refused_with_the_seconds_to_wait():
    ledger = Ledger(rate=0.5, burst=3, seconds_per_minute=0)
    one, other = ledger.account("192.0.2.1"), ledger.account("192.0.2.2")
    assert [ledger.admit(one) for _ in range(3)] == [None] * 3
    refusal = ledger.admit(one)
    assert refusal is not None and refusal.retry_after in (1, 2)  # one request comes back every 2 s
    assert ledger.admit(other) is None  # each client has its own allowance


def test_a_client_that_spent_its_query_time_is_refused_until_it_comes_back():
    ledger = Ledger(rate=0, burst=1, seconds_per_minute=6)  # 6 s a minute: 0.1 s back each second
    account = ledger.account("192.0.2.1")
    account.charge(5.0)
    assert ledger.admit(account) is None  # 1 s left
    account.charge(2.0)  # one more query overdraws
    refusal = ledger.admit(account)
    assert refusal is not None and 19 <= refusal.retry_after <= 21  # 1 s overdrawn + 1 s to spend: 2 s at 0.1/s
    assert "6 seconds of query time per minute" in refusal.message


class Worker:
    lease = None

    def __init__(self, name: str):
        self.name = name


def test_a_waiting_client_is_served_before_a_client_that_holds_a_process_already():
    dispatch = FairDispatch(reclaim_after=60, reclaim=lambda lease: None)
    for name in ("p1", "p2"):
        dispatch.put(Worker(name))
    a1, b1 = dispatch.take("A", 1), dispatch.take("B", 1)
    order = []

    def wait(client):
        lease = dispatch.take(client, 30)
        order.append(client)
        dispatch.put(lease.worker)

    second_a = threading.Thread(target=wait, args=("A",))  # A asks first for a second process
    second_a.start()
    time.sleep(0.2)
    c = threading.Thread(target=wait, args=("C",))  # then C, which holds none
    c.start()
    time.sleep(0.2)
    dispatch.put(b1.worker)
    second_a.join(10)
    c.join(10)
    assert order == ["C", "A"]
    dispatch.put(a1.worker)


def test_a_second_process_is_lent_while_nobody_waits_and_taken_back_when_someone_does():
    reclaimed = []
    dispatch = FairDispatch(reclaim_after=0.2, reclaim=reclaimed.append)
    for name in ("p1", "p2"):
        dispatch.put(Worker(name))
    first, second = dispatch.take("A", 1), dispatch.take("A", 1)  # nobody waits: A may have both
    assert {first.worker.name, second.worker.name} == {"p1", "p2"}
    got = {}
    waiter = threading.Thread(target=lambda: got.update(lease=dispatch.take("B", 30)))
    waiter.start()
    deadline = time.monotonic() + 10
    while not reclaimed and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reclaimed == [second] and second.reclaimed and not first.reclaimed  # A's younger query
    assert dispatch.put(second.worker) is False  # a reclaimed process is not taken back as idle
    dispatch.end(second)  # the pool killed it …
    dispatch.put(Worker("p3"))  # … and its replacement goes to B
    waiter.join(10)
    assert got["lease"].client == "B" and got["lease"].worker.name == "p3"


def test_one_client_alone_may_use_every_process():
    dispatch = FairDispatch(reclaim_after=0.01, reclaim=lambda lease: pytest.fail("nobody else waits"))
    for name in ("p1", "p2", "p3"):
        dispatch.put(Worker(name))
    leases = [dispatch.take("A", 1) for _ in range(3)]
    assert all(leases) and dispatch.take("A", 0.2) is None  # all three busy: no fourth
