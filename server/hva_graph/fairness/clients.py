"""Who a client is: an IPv4 address, or the /64 network of an IPv6 address (one subscriber's
allocation: a client that changes its address inside it is still the same client). Behind a
trusted proxy the client is the last address the proxy chain added to X-Forwarded-For that is
not itself a trusted proxy; from anyone else that header is ignored, so a client cannot name
itself another.

The client of the request being served is `current`: the web app sets it for each request, and
the query pool reads it to schedule and charge the queries the request runs (which may be
several, for a page), without passing it through every caller.
"""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar
from typing import Any

current: ContextVar[Any] = ContextVar("hva_graph_client", default=None)
"""The Account (ledger.py) of the client whose request this thread serves; None for the
service's own work (start-up, reloads, dumps)."""

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    """The trusted-proxies setting (addresses or networks) as networks; ValueError for a bad one."""
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def client_key(address: str) -> str:
    """The client an address belongs to: the IPv4 address itself (also written as IPv4-mapped
    IPv6), or the /64 of an IPv6 address. Something that is no IP address (a Unix socket's
    empty peer) is its own client."""
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def _trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in trusted)


def client_address(peer: str, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """The address of the client behind a request from `peer`: the peer itself, unless it is a
    trusted proxy; then, in X-Forwarded-For read from the right, the first address that is not
    a trusted proxy (a proxy appends the address it was connected from)."""
    if not trusted or not forwarded_for or not _trusted(peer, trusted):
        return peer
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if not _trusted(hop, trusted):
            return hop
    return peer


def is_trusted_proxy(peer: str, trusted: tuple[Network, ...]) -> bool:
    return bool(trusted) and _trusted(peer, trusted)
