"""Which requests the app takes on: WSGI middleware between the response cache (whose answers
cost nothing and are always given) and everything that computes an answer.

- A disk store found damaged answers nothing (503): an answer, a page or a description made
  from it could be wrong or empty, and a wrong 200 is worse than none (store/integrity.py).
- Each client (fairness/clients.py: an IPv4 address or an IPv6 /64; behind a trusted proxy
  the one its forwarding headers name, forwarding/public.py) spends its allowance (fairness/ledger.py): past its rate of uncached
  requests or its query time per minute, 429 with Retry-After.
- The client is made the current one while its request is served, so that the query pool
  schedules and charges its queries (fairness/dispatch.py).

Files (static, assets), /health and CORS preflights pass untouched: they compute nothing.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.wrappers import Response

from ..fairness import clients
from ..forwarding.public import client_address
from ..fairness.ledger import Ledger
from ..settings import Settings
from ..store.pool import DAMAGED
from .headers import HEADERS
from .site import site_of

FREE = ("/health", "/static/", "/assets/", "/robots.txt", "/favicon.ico")
CORS = {"Access-Control-Allow-Origin": "*"}


class Admission:
    def __init__(self, app, flask_app: Flask, settings: Settings):
        self.app, self.flask_app = app, flask_app
        self.ledger = Ledger(settings.client_requests_per_second, settings.client_request_burst,
                             settings.client_query_seconds)

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "OPTIONS" or environ.get("PATH_INFO", "").startswith(FREE):
            return self.app(environ, start_response)
        integrity = site_of(self.flask_app).service.integrity
        if integrity is not None and integrity.damaged:
            return _plain(503, DAMAGED.message)(environ, start_response)
        # The client as the public address found it (forwarding/public.py: the peer, or behind a
        # trusted proxy the first address its forwarding headers name that is no trusted proxy).
        account = self.ledger.account(clients.client_key(client_address(environ)))
        refusal = self.ledger.admit(account)
        if refusal is not None:
            return _plain(429, refusal.message, {"Retry-After": str(refusal.retry_after)})(environ, start_response)
        token = clients.current.set(account)
        try:
            return self.app(environ, start_response)
        finally:
            clients.current.reset(token)


def _plain(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8",
                    headers={**HEADERS, **CORS, **(headers or {})})
