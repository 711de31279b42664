"""A least-recently-used map bounded in entries and in bytes: what the service keeps of
finished answers, so that many distinct large answers evict old ones instead of growing the
server's memory."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Bounded(Generic[V]):
    def __init__(self, max_entries: int, max_bytes: int, size: Callable[[V], int], max_item: int | None = None):
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size
        self._bytes, self.max_entries, self.max_bytes = 0, max_entries, max_bytes
        self.max_item = max_bytes if max_item is None else max_item
        """A value larger than this is not kept at all."""

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        size = self._size(value)
        if size > self.max_item:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes -= self._size(old) if old is not None else 0
            self._entries[key] = value
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= self._size(evicted)

    def __iter__(self):
        with self._lock:
            return iter(list(self._entries))

    @property
    def size(self) -> int:
        """Bytes held."""
        return self._bytes
