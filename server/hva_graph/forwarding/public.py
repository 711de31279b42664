"""The public address of each request, and the client behind it: a WSGI layer in front of the
app (and of its response cache, whose keys then hold the public address).

- Forwarding headers (Forwarded, X-Forwarded-Proto, -Host, -Prefix, -For) count only when the
  connection comes from a trusted proxy (the trusted_proxies setting); from anyone else they are
  dropped unread, and so they are from every request once read: nothing behind this layer (say
  werkzeug's access_route) can read an unchecked one.
- With a public base URL (setting), every absolute URL is made from it, whatever the request
  says. Otherwise from the Host (or a trusted proxy's host) when it is one of the allowed host
  names, else the request is refused with 400: an arbitrary Host never reaches a URL or a cached
  answer (/health, which holds neither, answers whatever the host).
- client_address(environ) is the address per-client limits should count: the proxy-given one
  only behind a trusted proxy, else the connection's peer.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable

from .headers import Forwarded, ForwardingError, host_name, read, valid_host
from .trust import TrustedProxies, address

CLIENT = "hva_graph.client_address"
FORWARDING = ("HTTP_FORWARDED", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PREFIX",
              "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_SSL", "HTTP_X_FORWARDED_SCHEME")
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
UNCHECKED = ("/health",)
"""Answered whatever the host: load balancers and `hva-graph reload` ask it by address, and it holds
no URL (nor is it kept in the response cache)."""


def client_address(environ) -> str:
    """The address per-client limits should count (see the module's docstring)."""
    return environ.get(CLIENT) or environ.get("REMOTE_ADDR", "")


def allowed_host_names(host: str, configured: Iterable[str]) -> frozenset[str]:
    """The allowed_hosts setting, or by default the address the server listens on and localhost."""
    names = tuple(configured) or (host, *LOCAL_NAMES)
    return frozenset(host_name(name) for name in names)


def _client(peer: str, forwarded: Forwarded, trusted: TrustedProxies) -> str:
    """Walking back from the peer through the addresses the proxies recorded, the first one that
    is not a trusted proxy; the original client if every one is."""
    chain = [*forwarded.clients, peer]
    for entry in reversed(chain):
        if not trusted.trusts(entry):
            return str(address(entry) or entry)
    return str(address(chain[0]) or chain[0])


class PublicAddress:
    def __init__(self, app, trusted: Iterable[str], allowed_hosts: frozenset[str], public_base_url: str | None,
                 headers: dict[str, str]):
        self.app, self.trusted, self.allowed = app, TrustedProxies(trusted), allowed_hosts
        self.headers = headers
        self.base = None
        if public_base_url:
            parts = urllib.parse.urlsplit(public_base_url)
            self.base = (parts.scheme, parts.netloc, parts.path.rstrip("/"))

    def __call__(self, environ, start_response):
        peer = environ.get("REMOTE_ADDR", "")
        try:
            forwarded = read(environ) if self.trusted.trusts(peer) else Forwarded()
        except ForwardingError as error:
            return self._refuse(start_response, f"The proxy's forwarding header cannot be used: {error}.")
        for name in FORWARDING:
            environ.pop(name, None)
        environ[CLIENT] = _client(peer, forwarded, self.trusted) if forwarded.clients else peer
        if self.base is not None:
            scheme, host, prefix = self.base
        else:
            scheme = forwarded.proto or environ.get("wsgi.url_scheme", "http")
            host = forwarded.host or environ.get("HTTP_HOST") or \
                f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
            if (not valid_host(host) or host_name(host) not in self.allowed) and environ.get("PATH_INFO") not in UNCHECKED:
                return self._refuse(start_response, f"This server does not answer for the host {host!r}. Its operator "
                                                    "names the host names it answers for in HVA_GRAPH_ALLOWED_HOSTS "
                                                    "(or its public address in HVA_GRAPH_PUBLIC_BASE_URL).")
            prefix = forwarded.prefix or ""
        environ["wsgi.url_scheme"], environ["HTTP_HOST"] = scheme, host
        environ["SCRIPT_NAME"] = prefix + environ.get("SCRIPT_NAME", "")
        return self.app(environ, start_response)

    def _refuse(self, start_response, message: str):
        body = (message + "\n").encode("utf-8")
        start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8"),
                                           ("Content-Length", str(len(body))), *self.headers.items()])
        return [body]
