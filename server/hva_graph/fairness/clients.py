"""Who a client is: an IPv4 address, or the /64 network of an IPv6 address (one subscriber's
allocation: a client that changes its address inside it is still the same client). Which
address a request comes from is the public address's to say (forwarding/public.py: behind a
trusted proxy, the last one its forwarding headers name that is not itself a trusted proxy;
from anyone else those headers are dropped, so a client cannot name itself another).

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
