"""The proxies whose forwarding headers count: addresses and networks, IPv4 and IPv6."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable


def networks(entries: Iterable[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Each entry an address (one host) or a network in CIDR form; ValueError naming a bad one."""
    found = []
    for entry in entries:
        try:
            found.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is neither an IP address nor a network (192.0.2.0/24, 2001:db8::/32)") from None
    return tuple(found)


def address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An IP address as a socket peer or a forwarding header names it (an IPv4-mapped IPv6
    address is its IPv4 address; a zone index is dropped); None if it is none."""
    if not text:
        return None
    try:
        found = ipaddress.ip_address(text.strip().split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped
    return found


class TrustedProxies:
    """The proxies named by the trusted_proxies setting; empty (the default) trusts none."""

    def __init__(self, entries: Iterable[str] = ()):
        self.networks = networks(entries)

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, peer: str | None) -> bool:
        found = address(peer)
        return found is not None and any(found.version == net.version and found in net for net in self.networks)
