"""Finished GET responses kept per data version: a repeated page view, download or identical
ad-hoc query costs a dictionary look-up, not a query. Entries are keyed by everything the
answer depends on (host, path and query string, Accept, Accept-Language) and die with the data
version; only complete 200 answers are kept, within a bounded size.

Two layers: `cached` inside Flask (it also answers HEAD and conditional requests), and
`CachedBytes`, a WSGI layer in front of Flask that replays a plain GET's finished answer,
headers as the client got them (CORS included, so the Origin is part of its key), without
routing, hooks or page code."""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import wraps

from flask import Response, current_app, request

MAX_ENTRIES = 2048
MAX_BODY = 2_000_000
MAX_BYTES = 64_000_000
"""Bodies kept by one cache layer at most: many distinct large answers evict older ones
instead of growing the server's memory."""


class Bounded:
    """A least-recently-used map of (status, headers, body), bounded in entries and body bytes."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES):
        self._entries: OrderedDict[tuple, tuple] = OrderedDict()
        self._lock = threading.Lock()
        self._bytes, self.max_entries, self.max_bytes = 0, max_entries, max_bytes

    def get(self, key: tuple):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, status, headers: list, body: bytes) -> None:
        if len(body) > MAX_BODY:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes -= len(old[2]) if old else 0
            self._entries[key] = (status, headers, body)
            self._bytes += len(body)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, _, evicted) = self._entries.popitem(last=False)
                self._bytes -= len(evicted)

    def __iter__(self):
        with self._lock:
            return iter(list(self._entries))

    @property
    def size(self) -> int:
        """Body bytes held."""
        return self._bytes


class ResponseCache(Bounded):
    def put_response(self, key: tuple, response: Response) -> None:
        headers = [(name, value) for name, value in response.headers if name.lower() != "content-length"]
        self.put(key, response.status_code, headers, response.get_data())


def cached(view):
    """Serve GET and HEAD from the cache; compute and keep the answer on a miss."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(*args, **kwargs)
        service = current_app.extensions["hva_graph"]
        cache: ResponseCache = current_app.extensions["hva_graph_responses"]
        key = (service.version, request.host_url, request.full_path, request.headers.get("Accept", ""),
               request.headers.get("Accept-Language", ""))
        entry = cache.get(key)
        if entry is None:
            response = current_app.make_response(view(*args, **kwargs))
            if response.status_code == 200 and not response.is_streamed:
                cache.put_response(key, response)
                request.environ[CACHEABLE] = service.version  # CachedBytes may keep the finished answer
            return response
        request.environ[CACHEABLE] = service.version
        status, headers, body = entry
        return Response(body, status=status, headers=headers).make_conditional(request)

    return wrapper


CACHEABLE = "hva_graph.cacheable"
"""Set in the WSGI environ by `cached` when the answer may be replayed: the data version."""
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE", "HTTP_IF_RANGE")


class CachedBytes:
    """WSGI middleware: plain GETs the app marked cacheable are answered from here next time.

    A request with conditional or range headers always goes to the app (which answers 304 or
    the whole body itself); so does anything not GET. The version is read from the service on
    every request, so a new data version never meets an old answer."""

    def __init__(self, app, service):
        self.app, self.service = app, service
        self.entries = Bounded()

    @staticmethod
    def _key(version: str, environ) -> tuple:
        return (version, environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST", ""), environ.get("SCRIPT_NAME", ""),
                environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT", ""),
                environ.get("HTTP_ACCEPT_LANGUAGE", ""), environ.get("HTTP_ORIGIN", ""))

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "GET" or any(name in environ for name in _CONDITIONAL):
            return self.app(environ, start_response)
        entry = self.entries.get(self._key(self.service.version, environ))
        if entry is not None:
            status, headers, body = entry
            start_response(status, headers)
            return [body]
        seen = {}

        def capture(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        version = environ.get(CACHEABLE)
        if version is None or not seen.get("status", "").startswith("200"):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self.entries.put(self._key(version, environ), seen["status"], list(seen["headers"]), body)
        return [body]
