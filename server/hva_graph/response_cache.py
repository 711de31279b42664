"""Finished GET responses kept per data version: a repeated page view, download or identical
ad-hoc query costs a dictionary look-up, not a query. Entries are keyed by everything the
answer depends on (host, path and query string, Accept, Accept-Language) and die with the data
version; only complete 200 answers are kept, within a bounded size."""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import wraps

from flask import Response, current_app, request

MAX_ENTRIES = 2048
MAX_BODY = 2_000_000


class ResponseCache:
    def __init__(self):
        self._entries: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, response: Response) -> None:
        body = response.get_data()
        if len(body) > MAX_BODY:
            return
        headers = [(name, value) for name, value in response.headers if name.lower() != "content-length"]
        with self._lock:
            self._entries[key] = (response.status_code, headers, body)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)


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
                cache.put(key, response)
            return response
        status, headers, body = entry
        return Response(body, status=status, headers=headers).make_conditional(request)

    return wrapper
