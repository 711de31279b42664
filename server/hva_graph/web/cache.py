"""Finished GET answers kept per data version: a repeated page view, download or identical
ad-hoc query costs a dictionary look-up, not a query.

One layer, in front of Flask (WSGI): a view marks its answer as one that may be kept
(`cached`); the layer keeps it with the headers as the client got them, keyed by everything
the answer depends on (host, path and query string, Accept, Accept-Language, the reader's
language cookie, Accept-Encoding (pages are compressed), and Origin, which the CORS headers
follow), and by the data version, so a new version never meets an old answer.
A plain GET is replayed byte for byte without routing, hooks or page code; a HEAD, conditional
(If-None-Match …) or range request is answered from the same entry by werkzeug's conditional
logic. Only complete 200 answers are kept, within a bounded size; errors never are.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from cachetools import LRUCache
from flask import current_app, request
from werkzeug.http import parse_cookie
from werkzeug.wrappers import Response

from .site import COOKIE, site

MAX_ENTRIES = 2048
MAX_BODY = 2_000_000
MAX_BYTES = 64_000_000
"""Bodies kept at most: many distinct large answers evict older ones instead of growing the
server's memory."""
CACHEABLE = "hva_graph.cacheable"
"""Set in the WSGI environ by `cached` when the answer may be kept: the data version."""
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE", "HTTP_IF_RANGE")


@dataclass(frozen=True)
class Answer:
    status: str
    headers: list[tuple[str, str]]
    body: bytes


class Answers:
    """Kept answers, least recently used first out, bounded in entries and in body bytes; a
    body over MAX_BODY (or over the whole budget) is not kept at all. Safe across threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES):
        self._entries = LRUCache(max_bytes, getsizeof=lambda answer: len(answer.body))
        self.max_entries, self.max_body = max_entries, min(MAX_BODY, max_bytes)
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Answer | None:
        with self._lock:
            return self._entries.get(key)

    def keep(self, key: tuple, status, headers: list, body: bytes) -> None:
        if len(body) > self.max_body:
            return
        with self._lock:
            self._entries[key] = Answer(str(status), list(headers), body)
            while len(self._entries) > self.max_entries:
                self._entries.popitem()

    def __iter__(self):
        """The keys held (a copy, so that other threads may go on keeping answers)."""
        with self._lock:
            return iter(list(self._entries))

    @property
    def size(self) -> int:
        """Body bytes held."""
        return self._entries.currsize


def cached(view):
    """Mark the view's complete 200 answers to GET as ones the response cache may keep."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = current_app.make_response(view(*args, **kwargs))
        if request.method == "GET" and response.status_code == 200 and not response.is_streamed:
            request.environ[CACHEABLE] = site().service.etag_base
        return response

    return wrapper


class ResponseCache:
    """WSGI middleware in front of the app; `version` gives the data version being served."""

    def __init__(self, app, version: Callable[[], str]):
        self.app, self.version = app, version
        self.answers = Answers()

    @staticmethod
    def _key(version: str, environ) -> tuple:
        return (version, environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST", ""), environ.get("SCRIPT_NAME", ""),
                environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT", ""),
                environ.get("HTTP_ACCEPT_LANGUAGE", ""), environ.get("HTTP_ORIGIN", ""),
                environ.get("HTTP_ACCEPT_ENCODING", ""),
                parse_cookie(environ.get("HTTP_COOKIE", "")).get(COOKIE, "") if "HTTP_COOKIE" in environ else "")

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        answer = self.answers.get(self._key(self.version(), dict(environ, REQUEST_METHOD="GET")))
        if answer is not None:
            if method == "GET" and not any(name in environ for name in _CONDITIONAL):
                start_response(answer.status, answer.headers)
                return [answer.body]
            headers = [(name, value) for name, value in answer.headers if name.lower() != "content-length"]
            response = Response(answer.body, status=answer.status, headers=headers)
            return response.make_conditional(environ)(environ, start_response)
        return self._compute(environ, start_response)

    def _compute(self, environ, start_response):
        seen = {}

        def capture(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        version = environ.get(CACHEABLE)
        if version is None or environ.get("REQUEST_METHOD") != "GET" or not seen.get("status", "").startswith("200"):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self.answers.keep(self._key(version, environ), seen["status"], seen["headers"], body)
        return [body]
