"""The front's client sockets (worker.py): what a thread writes to a client is queued, up to
OUTBOX_BYTES for one answer and OUTBOX_TOTAL for all, and sent by the event loop as fast as
the client reads; and where gunicorn's thread code makes a socket blocking, it gets a timeout
(THREAD_SOCKET_TIMEOUT) instead, so that no client holds a thread for long."""

from __future__ import annotations

import os
import socket
import threading
from collections import deque

THREAD_SOCKET_TIMEOUT = 60.0
"""Seconds a thread may wait on one send or receive of a client that has its request in."""
OUTBOX_BYTES = 32 << 20
"""The most of one answer queued for the event loop to send; past it the thread sends itself."""
OUTBOX_TOTAL = 256 << 20
"""The most queued for all connections together."""


class Budget:
    """Bytes queued for sending, over all connections of the worker."""

    def __init__(self, limit: int):
        self.limit, self.used, self._lock = limit, 0, threading.Lock()

    def take(self, size: int) -> bool:
        with self._lock:
            if self.used + size > self.limit:
                return False
            self.used += size
            return True

    def give(self, size: int) -> None:
        with self._lock:
            self.used -= size


class ClientSocket(socket.socket):
    """A client socket that, when gunicorn's thread code makes it blocking, gets a timeout, and
    whose sendall queues what the client cannot take at once (see queue_writes)."""

    outbox: deque | None = None
    queued = 0
    budget: Budget | None = None

    def setblocking(self, flag: bool) -> None:
        if flag:
            self.settimeout(THREAD_SOCKET_TIMEOUT)
        else:
            super().setblocking(False)

    def queue_writes(self, budget: Budget) -> None:
        self.outbox, self.budget = deque(), budget

    def sendall(self, data, flags: int = 0) -> None:
        if self.outbox is None:
            return super().sendall(data, flags)
        view = memoryview(data if isinstance(data, bytes) else bytes(data))
        if not self.outbox:
            view = view[self.try_send(view):]
            if not view:
                return None
        if self.queued + len(view) <= OUTBOX_BYTES and self.budget.take(len(view)):
            self.outbox.append(view)
            self.queued += len(view)
            return None
        self.flush()  # too much to queue: the thread sends it, bounded by THREAD_SOCKET_TIMEOUT
        return super().sendall(view)

    def try_send(self, view) -> int:
        """Send what the kernel takes now, without waiting. A socket with a timeout, like one
        in non-blocking mode, has a non-blocking descriptor underneath: a plain write never waits."""
        if self.gettimeout() is None:
            raise RuntimeError("a client socket of the front is never fully blocking")
        try:
            return os.write(self.fileno(), view)
        except (BlockingIOError, InterruptedError):
            return 0

    def send_queued(self) -> bool:
        """Send what the client takes now; whether the queue is empty."""
        while self.outbox:
            view = self.outbox[0]
            sent = self.try_send(view)
            self._sent(sent)
            if sent < len(view):
                self.outbox[0] = view[sent:]
                return False
            self.outbox.popleft()
        return True

    def flush(self) -> None:
        while self.outbox:
            view = self.outbox.popleft()
            self._sent(len(view))
            super().sendall(view)

    def _sent(self, size: int) -> None:
        self.queued -= size
        self.budget.give(size)

    def close(self) -> None:
        if self.outbox:
            self._sent(self.queued)
            self.outbox.clear()
        super().close()
