"""Queries run in processes that can be killed: the time and memory limits really stop the work.

A query inside Oxigraph cannot be interrupted from Python, and a thread cannot be
killed. So queries run in worker processes. A *zygote* process, forked once while
the server is still single-threaded, holds the loaded store; each worker is forked
from it (sharing the store's memory copy-on-write) and handed to the server over a
Unix socket (zygote.py is that side). A worker that overruns the time limit, or grows by
more than the memory limit while it answers (watched here, and capped by the kernel in the
worker), is killed, which frees its CPU and memory at once, and the zygote forks a fresh
one in its place; so is a worker that a query left grown (RECYCLE_BYTES), so that memory a
query needed is given back. A worker that crashes is answered for honestly (503 naming what
happened) and replaced; the pool reports itself degraded when workers keep failing.

An on-disk store is not opened by the server or the zygote: RocksDB's background threads
do not survive fork, so each worker opens it (read-only) itself, right after it is forked.

Without an operator's SERVICE allow-list the zygote also cuts itself and every
worker off the network (a new, empty network namespace) where the kernel allows it:
a second guard, behind the SERVICE check on the query text, against a query making
outgoing requests on a user's behalf.

The zygote dies with the thread that forked it (the parent-death signal is per thread), so a
pool is made in a thread that lives as long as the pool: the server's main thread, or the
reloader's (web/reload.py).
"""

from __future__ import annotations

import ctypes
import logging
import math
import os
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

import pyoxigraph as ox

from ..fairness import clients
from ..fairness.dispatch import FairDispatch, Lease
from ..settings import Settings
from .embedded import execute
from .integrity import StoreIntegrity
from .processes import private_bytes, resident_bytes, signal_name
from .results import Outcome, QueryJob
from .zygote import COMMAND, STATUS, UNKNOWN, Hello, Limits, run_zygote

log = logging.getLogger(__name__)

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
WATCH_SECONDS = 0.05
"""How often a running query's memory is looked at."""
RECYCLE_BYTES = 32 << 20
"""A worker that holds this much more memory after a query than before its first one is
replaced rather than reused: allocators keep what a large query needed."""
DEGRADED_AFTER = 3
"""Workers failing one after another (no answer between) before the pool says it is degraded."""
RECLAIM_AFTER = 0.5
"""Seconds a client's query on a second process may run before that process is taken back for
another client that holds none and waits (fairness/dispatch.py)."""


class _Worker:
    def __init__(self, pid: int, connection: Connection):
        self.pid, self.connection = pid, connection
        self.lease: Lease | None = None
        self.greeted = False
        self.resident: int | None = None
        self.private: int | None = None
        """Memory it held (in all, and of its own) before its first query."""

    def measure_base(self) -> None:
        if self.resident is None:
            self.resident, self.private = resident_bytes(self.pid), private_bytes(self.pid)

    def grown_by(self, limit: int, since: int | None) -> bool:
        """Whether it holds more than `limit` bytes beyond what it held `since` (resident) and,
        to be sure, of its own beyond what it held before its first query. The cheap resident
        count comes first; the private count, which shared pages of the store do not inflate,
        confirms."""
        now = resident_bytes(self.pid)
        if now is None or since is None or now - since <= limit:
            return False
        private = private_bytes(self.pid)
        return private is not None and self.private is not None and private - self.private > limit

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.connection.close()


class _OverMemory(Exception):
    pass


class QueryPool:
    """Runs QueryJobs in `size` worker processes, each with the same time limit, shared fairly
    between the clients whose requests run them (fairness/dispatch.py; the client is
    fairness.clients.current, and its query time is charged to it).

    `store` is a loaded store (shared copy-on-write) or a function that opens one, called in
    each worker after it is forked (it may raise zygote.StoreChanged)."""

    def __init__(self, store: ox.Store | Callable[[], ox.Store], size: int, timeout: float,
                 isolate_network: bool = True, memory_limit: int | None = None,
                 integrity: StoreIntegrity | None = None):
        self.timeout, self.memory_limit = timeout, memory_limit
        self.integrity = integrity
        """A disk store's files' verdict: while it says damaged, nothing is answered."""
        self._lock = threading.Lock()
        self._dispatch = FairDispatch(RECLAIM_AFTER, self._stop_lease)
        self._closed = False
        self._failures = 0
        self.problem: str | None = None
        """Why the pool cannot serve well (workers keep failing, the store cannot be opened)."""
        self.replaced_by: str | None = None
        """The build id of another build found where the store was (disk stores)."""
        self.size = size
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        me = os.getpid()
        self._zygote_pid = os.fork()
        if self._zygote_pid == 0:  # the zygote never returns into the caller's code
            parent.close()
            try:
                run_zygote(child, store, isolate_network, Limits(memory_limit), me, _leave_network)
            finally:
                os._exit(0)
        child.close()
        self._zygote = parent
        self.network_isolated = self._zygote.recv(1) == b"1"
        for _ in range(size):
            self._dispatch.put(self._spawn())

    def idle_pids(self) -> set[int]:
        """The query processes waiting for a query."""
        return {worker.pid for worker in self._dispatch.idle_workers()}

    def _spawn(self) -> _Worker:
        with self._lock:
            self._zygote.sendall(COMMAND.pack(b"w", 0))
            message, fds, _, _ = socket.recv_fds(self._zygote, 4, 1)
        (pid,) = struct.unpack("i", message)
        return _Worker(pid, Connection(fds[0]))

    def _end_of(self, worker: _Worker) -> int:
        """Kill the worker (if it still runs) and learn from the zygote how it ended."""
        worker.kill()
        self._dispatch.end(worker.lease)
        try:
            with self._lock:
                self._zygote.sendall(COMMAND.pack(b"s", worker.pid))
                (status,) = STATUS.unpack(self._zygote.recv(STATUS.size, socket.MSG_WAITALL))
            return status
        except (OSError, struct.error):
            return UNKNOWN

    def run(self, job: QueryJob, timeout: float | None = None) -> Outcome:
        """The job's outcome; 503 when it overran the time limit (the pool's, or `timeout` for
        the service's own long reads) or the memory limit, crashed its process, or no process
        was free in time."""
        timeout = timeout or self.timeout
        deadline = time.monotonic() + timeout
        if self._closed:
            return Outcome(503, message="The service is switching to new data; try again in a moment.",
                           retry_after=2)
        if self.integrity is not None and self.integrity.damaged:
            return DAMAGED
        account = clients.current.get()
        lease = self._dispatch.take(account.key if account is not None else "", timeout)
        if lease is None:
            return Outcome(503, message=f"All query processes stayed busy for {timeout:g} s; try again later.",
                           retry_after=math.ceil(self.timeout))
        started = time.monotonic()
        try:
            return self._run_on(lease, job, deadline, timeout)
        finally:
            if account is not None:
                account.charge(time.monotonic() - started)

    def _run_on(self, lease: Lease, job: QueryJob, deadline: float, timeout: float) -> Outcome:
        worker = lease.worker
        try:
            if not worker.greeted:
                hello = self._greet(worker, deadline)
                if hello.error is not None:
                    return self._unusable(worker, hello)
            worker.measure_base()
            worker.connection.send(job)
            outcome = self._await(worker, deadline)
        except TimeoutError:
            return self._replace(worker, Outcome(503, message=(
                f"Query timed out: it ran longer than the limit of {timeout:g} s and was stopped.")))
        except _OverMemory:
            return self._replace(worker, self._damaged() or self._over_memory())
        except (EOFError, OSError) as error:
            if lease.reclaimed:
                return self._replace(worker, Outcome(503, message=(
                    "This query was stopped to let another client's query run: this client had more query "
                    "processes than its share while others waited. Send one query at a time."),
                    retry_after=math.ceil(self.timeout)))
            return self._failed(worker, error)
        return self._answered(worker, outcome)

    def _stop_lease(self, lease: Lease) -> None:
        """Take a process back for another client (fairness/dispatch.py): its query ends with
        the process, and run() answers it."""
        try:
            os.kill(lease.worker.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def _answered(self, worker: _Worker, outcome: Outcome) -> Outcome:
        if outcome.kind == "memory":  # Python's side of the worker ran out
            return self._replace(worker, self._damaged() or self._over_memory())
        if outcome.kind == "storage":  # the engine could not read the store: degraded at once
            self.problem = outcome.message
            return self._replace(worker, self._damaged() or outcome)
        self._failures = 0
        if self.problem and self.problem.startswith("query processes"):
            self.problem = None
        return self._release(worker, outcome)

    def _greet(self, worker: _Worker, deadline: float) -> Hello:
        if not worker.connection.poll(max(deadline - time.monotonic(), 0)):
            raise TimeoutError
        hello = worker.connection.recv()
        worker.greeted = True
        return hello

    def _await(self, worker: _Worker, deadline: float) -> Outcome:
        """The worker's answer, watching its memory meanwhile (against what it held before its
        first query: what earlier queries left, at most RECYCLE_BYTES, counts too)."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if worker.connection.poll(min(WATCH_SECONDS, remaining)):
                return worker.connection.recv()
            if self.memory_limit is not None and worker.grown_by(self.memory_limit, worker.resident):
                raise _OverMemory

    def _release(self, worker: _Worker, outcome: Outcome) -> Outcome:
        """Back to the idle workers, or replaced if the query left it grown."""
        if worker.grown_by(RECYCLE_BYTES, worker.resident) or not self._dispatch.put(worker):
            return self._replace(worker, outcome)  # grown, or taken back for another client meanwhile
        return outcome

    def _damaged(self) -> Outcome | None:
        """DAMAGED when the store's files are not what was written (read again unless verified in
        the last minute): a damaged store makes the engine fail in many ways, and none of them
        may be reported as the query's fault."""
        if self.integrity is None or self.integrity.verify_recent() is None:
            return None
        log.error("%s", self.integrity.damaged)
        return DAMAGED

    def _over_memory(self) -> Outcome:
        megabytes = (self.memory_limit or 0) >> 20
        return Outcome(503, message=(
            f"Memory limit exceeded: the query needed more than the limit of {megabytes} MB per query "
            "process and was stopped. Retrying will not help: narrow the query (fewer rows before "
            "GROUP BY or ORDER BY, shorter strings, a LIMIT)."))

    def _failed(self, worker: _Worker, error: Exception) -> Outcome:
        status = self._end_of(worker)
        signalled = status != UNKNOWN and os.WIFSIGNALED(status)
        how = signal_name(os.WTERMSIG(status)) if signalled else (
            f"exit status {os.WEXITSTATUS(status)}" if status != UNKNOWN else str(error) or "no answer")
        log.warning("query process %s failed: %s", worker.pid, how)
        damaged = self._damaged()
        if damaged is not None:  # what looked like a crash or a memory limit was the store
            outcome = damaged
        elif signalled and os.WTERMSIG(status) == signal.SIGABRT and self.memory_limit is not None:
            outcome = self._over_memory()  # the engine could not allocate within its address space
        elif signalled and os.WTERMSIG(status) in (signal.SIGSEGV, signal.SIGBUS, signal.SIGILL):
            outcome = Outcome(503, message=(
                f"The query process crashed ({how}) while evaluating this query, most likely an engine "
                "stack overflow on a very long or deeply nested query. It has been replaced and the "
                "service goes on; simplify the query."))
        else:
            outcome = Outcome(503, message=(
                f"The query process ended unexpectedly ({how}); it has been replaced. Try again; if it "
                "keeps failing, tell the operator."))
        self._failures += 1
        if self._failures >= DEGRADED_AFTER:
            self.problem = f"query processes keep failing: {self._failures} in a row, the last with {how}"
        return self._respawn(outcome)

    def _unusable(self, worker: _Worker, hello: Hello) -> Outcome:
        """A worker that could not open the store: every other one would fail the same way."""
        self._end_of(worker)
        if hello.replaced_by is not None:
            self.replaced_by = hello.replaced_by
            log.warning("the store was replaced (build %s); switching to it", str(hello.replaced_by)[:12])
            return self._respawn(Outcome(503, message=(
                "The store was replaced by a new build; the service is switching to it. Try again in a moment."),
                retry_after=2))
        self.problem = f"the store cannot be opened: {hello.error}"
        log.error("a query process could not open the store: %s", hello.error)
        return self._respawn(Outcome(503, message=f"The store cannot be read: {hello.error}. Tell the operator."))

    def _replace(self, worker: _Worker, outcome: Outcome) -> Outcome:
        self._end_of(worker)
        return self._respawn(outcome)

    def _respawn(self, outcome: Outcome) -> Outcome:
        if not self._closed:
            try:
                self._dispatch.put(self._spawn())
            except OSError as error:
                self.problem = f"no query process can be started: {error}"
        return outcome

    def close(self, drain: float = 0.0) -> None:
        """Stop: refuse new queries, wait up to `drain` seconds for running ones, then kill the
        zygote and every worker (one process group) and reap the zygote."""
        if self._closed:
            return
        self._closed = True
        deadline = time.monotonic() + drain
        while self._dispatch.idle < self.size and time.monotonic() < deadline:
            time.sleep(0.05)
        try:
            os.killpg(self._zygote_pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for worker in self._dispatch.take_idle():
            worker.connection.close()
        self._zygote.close()
        try:
            os.kill(self._zygote_pid, signal.SIGKILL)
            os.waitpid(self._zygote_pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


DAMAGED = Outcome(503, kind="damaged", message=(
    "The store is damaged: its files are not those it was built with, so nothing is answered from it "
    "until it is rebuilt (hva-graph load). Tell the operator; /health says what was found."))


def _leave_network() -> bool:
    """Move into a new network namespace with no interfaces but loopback (down)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


class DirectRunner:
    """Runs jobs in the calling thread: no isolation and no time limit (CLI and comparisons)."""

    network_isolated = False
    problem = None
    replaced_by = None

    def __init__(self, store: ox.Store | Callable[[], ox.Store]):
        self.store = store() if callable(store) else store

    def run(self, job: QueryJob, timeout: float | None = None) -> Outcome:
        return execute(self.store, job)

    def close(self, drain: float = 0.0) -> None:
        pass


def local_runner(settings: Settings, store, isolate: bool,
                 integrity: StoreIntegrity | None = None) -> QueryPool | DirectRunner:
    """Killable query processes (or, without isolation, the calling thread) over an embedded
    store, given loaded or as a function that opens it (with its files' verdict: integrity)."""
    if not isolate:
        return DirectRunner(store)
    return QueryPool(store, settings.query_workers, settings.query_timeout,
                     isolate_network=not settings.service_allowlist,
                     memory_limit=settings.query_memory_mb << 20, integrity=integrity)
