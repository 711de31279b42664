"""Who gets the next query process: fair shares between clients.

A client gets a process at once when one is idle and nobody waits. When several wait, the next
process goes to the client that holds the fewest (the earliest of those first), so a client
gets a second process only while no other client waits. A process lent that way is taken back
when a client holding none waits: the query that client runs on its extra process, once it has
run `reclaim_after` seconds (a cheap query ends by itself sooner), is stopped (the pool kills
its process and answers it 503, naming why), and the waiting client's query starts on its
replacement. So one client's runaways never hold up another client's query for longer than
`reclaim_after`, whatever the number of processes.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(eq=False)
class Lease:
    """A process lent to a client for one query."""
    worker: object
    client: str
    started: float = field(default_factory=time.monotonic)
    reclaimed: bool = False
    """Taken back for another client: the pool stops its query."""


@dataclass(eq=False)
class _Waiter:
    client: str
    number: int


class FairDispatch:
    """Idle workers and the clients waiting for one. `reclaim(lease)` stops a lease's query
    (it is called with the lock held: it must only signal, never wait)."""

    def __init__(self, reclaim_after: float, reclaim: Callable[[Lease], None]):
        self.reclaim_after, self._reclaim = reclaim_after, reclaim
        self._condition = threading.Condition()
        self._idle: deque = deque()
        self._waiting: list[_Waiter] = []
        self._leases: list[Lease] = []
        self._held: Counter[str] = Counter()
        self._reclaiming: Lease | None = None
        self._numbers = itertools.count()

    @property
    def idle(self) -> int:
        return len(self._idle)

    def put(self, worker) -> bool:
        """A worker that is free: new, or back from a query (ending its lease). False, and the
        worker is not taken, when its lease was reclaimed meanwhile: it is being killed."""
        with self._condition:
            lease = getattr(worker, "lease", None)
            if lease is not None and lease.reclaimed:
                return False
            self._end(lease)
            worker.lease = None
            self._idle.append(worker)
            self._condition.notify_all()
            return True

    def idle_workers(self) -> list:
        """The idle workers now (a copy)."""
        with self._condition:
            return list(self._idle)

    def take_idle(self) -> list:
        """Every idle worker, taken out (when the pool closes)."""
        with self._condition:
            taken = list(self._idle)
            self._idle.clear()
            return taken

    def end(self, lease: Lease | None) -> None:
        """A lease whose worker is gone (killed, crashed, replaced)."""
        with self._condition:
            self._end(lease)
            self._condition.notify_all()

    def take(self, client: str, timeout: float) -> Lease | None:
        """A worker for `client`'s query within `timeout` seconds, or None."""
        deadline = time.monotonic() + timeout
        with self._condition:
            me = _Waiter(client, next(self._numbers))
            self._waiting.append(me)
            try:
                while True:
                    if self._idle and self._next() is me:
                        return self._lend(self._idle.popleft(), client)
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return None
                    self._condition.wait(min(left, self._take_back_for(me)))
            finally:
                self._waiting.remove(me)
                self._condition.notify_all()

    def _next(self) -> _Waiter:
        return min(self._waiting, key=lambda waiter: (self._held[waiter.client], waiter.number))

    def _lend(self, worker, client: str) -> Lease:
        lease = Lease(worker, client)
        worker.lease = lease
        self._leases.append(lease)
        self._held[client] += 1
        return lease

    def _end(self, lease: Lease | None) -> None:
        if lease is None or lease not in self._leases:
            return
        self._leases.remove(lease)
        self._held[lease.client] -= 1
        if self._held[lease.client] <= 0:
            del self._held[lease.client]
        if self._reclaiming is lease:
            self._reclaiming = None

    def _take_back_for(self, me: _Waiter) -> float:
        """Reclaim a lent process for `me` if it is owed one (it is next and holds at least two
        fewer than the client holding most), now or once the lease is old enough; how long to
        wait before looking again."""
        if self._idle or self._reclaiming is not None or self._next() is not me or not self._leases:
            return 3600.0
        richest = max(self._held, key=lambda client: self._held[client])
        if self._held[richest] < self._held[me.client] + 2:
            return 3600.0
        youngest = max((lease for lease in self._leases if lease.client == richest), key=lambda l: l.started)
        due = youngest.started + self.reclaim_after - time.monotonic()
        if due > 0:
            return due
        youngest.reclaimed = True
        self._reclaiming = youngest
        self._reclaim(youngest)
        return 3600.0
