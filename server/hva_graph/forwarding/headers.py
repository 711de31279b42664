"""What a trusted proxy says about the original request, read from `Forwarded` (RFC 7239) or
`X-Forwarded-Proto`, `-Host`, `-Prefix`, `-For`, and checked: a scheme is http or https, a host
is a host name or address with an optional port, a prefix is a plain path. A value that is none
of these is an error naming the header, never passed on into a URL.

Where a header holds a list (one element per proxy), the last element is the one the nearest
proxy (a trusted one) wrote; for the client's address the list is walked from the end past every
trusted proxy (public.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..settings import HOST

_PREFIX = re.compile(r"(?:/[A-Za-z0-9._~-]+)+/?")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
MAX_PREFIX = 200


class ForwardingError(ValueError):
    """A forwarding header from a trusted proxy that cannot be used: names the header and why."""


@dataclass(frozen=True)
class Forwarded:
    proto: str | None = None
    host: str | None = None
    prefix: str | None = None
    clients: tuple[str, ...] = ()
    """The addresses the request passed through, the original client first."""


def valid_host(value: str) -> bool:
    return bool(HOST.fullmatch(value))


def host_name(host: str) -> str:
    """The name of a Host value without its port, lower case (an IPv6 address without brackets)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.index("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _proto(value: str, header: str) -> str:
    proto = value.strip().lower()
    if proto not in ("http", "https"):
        raise ForwardingError(f"{header}: {value!r} is not http or https")
    return proto


def _host(value: str, header: str) -> str:
    host = value.strip()
    if not valid_host(host):
        raise ForwardingError(f"{header}: {value!r} is not a host name or address with an optional port")
    return host


def _prefix(value: str, header: str) -> str:
    prefix = value.strip()
    segments = prefix.strip("/").split("/")
    if (len(prefix) > MAX_PREFIX or not _PREFIX.fullmatch(prefix) or "//" in prefix
            or any(segment in (".", "..") for segment in segments)):
        raise ForwardingError(f"{header}: {value!r} is not a plain path (/name/other: letters, digits, '.', '_', '~' and '-' between slashes; no '..')")
    return prefix.rstrip("/")


def _last(value: str) -> str:
    return value.split(",")[-1]


def _pairs(element: str, header: str) -> dict[str, str]:
    """One element of a Forwarded header: `name=value` pairs separated by semicolons (RFC 7239, 4)."""
    pairs = {}
    for part in filter(None, (p.strip() for p in element.split(";"))):
        name, equals, value = part.partition("=")
        if not equals or not _TOKEN.fullmatch(name.strip()):
            raise ForwardingError(f"{header}: {part!r} is not a name=value pair")
        value = value.strip()
        if value.startswith('"'):
            if len(value) < 2 or not value.endswith('"'):
                raise ForwardingError(f"{header}: {part!r} has an unclosed quoted string")
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        pairs[name.strip().lower()] = value
    return pairs


def _elements(value: str, header: str) -> list[dict[str, str]]:
    # Commas inside quoted strings are part of a value (an IPv6 "for" never holds one).
    return [_pairs(element, header) for element in re.split(r',(?=(?:[^"]*"[^"]*")*[^"]*$)', value) if element.strip()]


def _node(value: str) -> str:
    """A `for=` node of RFC 7239: an address, "[v6]:port", or an obfuscated identifier."""
    if value.startswith("["):
        return value[1:value.index("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def from_forwarded(value: str) -> Forwarded:
    header = "Forwarded"
    elements = _elements(value, header)
    if not elements:
        raise ForwardingError(f"{header}: {value!r} has no element")
    last = elements[-1]
    return Forwarded(
        proto=_proto(last["proto"], header) if "proto" in last else None,
        host=_host(last["host"], header) if "host" in last else None,
        clients=tuple(_node(e["for"]) for e in elements if "for" in e),
    )


def from_x_forwarded(environ) -> Forwarded:
    proto, host, prefix, clients = (environ.get(f"HTTP_X_FORWARDED_{name}") for name in ("PROTO", "HOST", "PREFIX", "FOR"))
    return Forwarded(
        proto=_proto(_last(proto), "X-Forwarded-Proto") if proto else None,
        host=_host(_last(host), "X-Forwarded-Host") if host else None,
        prefix=_prefix(_last(prefix), "X-Forwarded-Prefix") if prefix else None,
        clients=tuple(c.strip() for c in clients.split(",") if c.strip()) if clients else (),
    )


def read(environ) -> Forwarded:
    """What the forwarding headers of a request say (call only for a trusted peer). Forwarded and
    X-Forwarded-* may both be present only where they agree: where they do not, one of them came
    from the client through the proxy, and neither can be believed."""
    standard = from_forwarded(environ["HTTP_FORWARDED"]) if environ.get("HTTP_FORWARDED") else None
    legacy = from_x_forwarded(environ)
    if standard is None:
        return legacy
    for name, header in (("proto", "X-Forwarded-Proto"), ("host", "X-Forwarded-Host")):
        ours, theirs = getattr(standard, name), getattr(legacy, name)
        if ours and theirs and ours.lower() != theirs.lower():
            raise ForwardingError(f"Forwarded says {name}={ours} but {header} says {theirs}: a proxy should send one "
                                  "kind (and drop what a client sent of the other)")
    return Forwarded(proto=standard.proto or legacy.proto, host=standard.host or legacy.host, prefix=legacy.prefix,
                     clients=standard.clients or legacy.clients)
