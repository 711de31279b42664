"""Queries run in processes that can be killed: the time limit really stops the work.

A query inside Oxigraph cannot be interrupted from Python, and a thread cannot be
killed. So queries run in worker processes. A *zygote* process, forked once while
the server is still single-threaded, holds the loaded store; each worker is forked
from it (sharing the store's memory copy-on-write) and handed to the server over a
Unix socket. A worker that overruns the limit is killed, which frees its CPU at
once, and the zygote forks a fresh one in its place.

An on-disk store is not opened by the server or the zygote: RocksDB's background threads
do not survive fork, so each worker opens it (read-only) itself, right after it is forked.

Without an operator's SERVICE allow-list the zygote also cuts itself and every
worker off the network (a new, empty network namespace) where the kernel allows it:
a second guard, behind the SERVICE check on the query text, against a query making
outgoing requests on a user's behalf.
"""

from __future__ import annotations

import ctypes
import logging
import os
import queue
import signal
import socket
import struct
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

import pyoxigraph as ox

from ..settings import Settings
from .embedded import execute
from .results import Outcome, QueryJob

log = logging.getLogger(__name__)

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


class _Worker:
    def __init__(self, pid: int, connection: Connection):
        self.pid, self.connection = pid, connection

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.connection.close()


class QueryPool:
    """Runs QueryJobs in `size` worker processes, each with the same time limit.

    `store` is a loaded store (shared copy-on-write) or a function that opens one, called in
    each worker after it is forked."""

    def __init__(self, store: ox.Store | Callable[[], ox.Store], size: int, timeout: float, isolate_network: bool = True):
        self.timeout = timeout
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._zygote_pid = os.fork()
        if self._zygote_pid == 0:  # the zygote never returns into the caller's code
            parent.close()
            try:
                _zygote(child, store, isolate_network)
            finally:
                os._exit(0)
        child.close()
        self._zygote = parent
        self.network_isolated = self._zygote.recv(1) == b"1"
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        with self._lock:
            self._zygote.sendall(b"w")
            message, fds, _, _ = socket.recv_fds(self._zygote, 4, 1)
        (pid,) = struct.unpack("i", message)
        return _Worker(pid, Connection(fds[0]))

    def run(self, job: QueryJob, timeout: float | None = None) -> Outcome:
        """The job's outcome; 503 when it overran the time limit (the pool's, or `timeout` for
        the service's own long reads) or no process was free in time."""
        timeout = timeout or self.timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return Outcome(503, message=f"All query processes stayed busy for {timeout:g} s; try again later.")
        try:
            worker.connection.send(job)
            if worker.connection.poll(timeout):
                outcome = worker.connection.recv()
                self._idle.put(worker)
                return outcome
            return self._replace(worker, Outcome(503, message=(
                f"Query timed out: it ran longer than the limit of {timeout:g} s and was stopped.")))
        except (EOFError, OSError) as error:
            log.warning("query process %s failed: %s", worker.pid, error)
            return self._replace(worker, Outcome(500, message="The query process failed; it has been replaced."))

    def _replace(self, worker: _Worker, outcome: Outcome) -> Outcome:
        worker.kill()
        if not self._closed:
            self._idle.put(self._spawn())
        return outcome

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break
        self._zygote.close()
        try:
            os.kill(self._zygote_pid, signal.SIGKILL)
            os.waitpid(self._zygote_pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _zygote(channel: socket.socket, store, isolate_network: bool) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped automatically
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    channel.sendall(b"1" if isolate_network and _leave_network() else b"0")
    while channel.recv(1) == b"w":
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:
            channel.close()
            ours.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                _serve(Connection(theirs.detach()), store)
            finally:
                os._exit(0)
        theirs.close()
        socket.send_fds(channel, [struct.pack("i", pid)], [ours.fileno()])
        ours.close()


def _serve(connection: Connection, store) -> None:
    if callable(store):
        store = store()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return  # the server is gone
        connection.send(execute(store, job))


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

    def __init__(self, store: ox.Store | Callable[[], ox.Store]):
        self.store = store() if callable(store) else store

    def run(self, job: QueryJob, timeout: float | None = None) -> Outcome:
        return execute(self.store, job)

    def close(self) -> None:
        pass


def local_runner(settings: Settings, store, isolate: bool) -> QueryPool | DirectRunner:
    """Killable query processes (or, without isolation, the calling thread) over an embedded
    store, given loaded or as a function that opens it."""
    if not isolate:
        return DirectRunner(store)
    return QueryPool(store, settings.query_workers, settings.query_timeout,
                     isolate_network=not settings.service_allowlist)
