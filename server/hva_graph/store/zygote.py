"""The child side of the query pool (pool.py): the zygote, and the query processes it forks.

The zygote is forked once by the server and forks every query process; both die with their
parent (PR_SET_PDEATHSIG) and live in their own process group, so one signal ends them all and
none outlives the server, however it ends. The zygote reaps its children and tells the pool how
each one ended (a crash, a memory limit, a kill), so that the client gets an honest answer.

A query process caps its own address space (processes.limit_address_space) and runs the
engine on a thread with a large stack: Oxigraph parses and evaluates recursively, and long
chains that no nesting limit can see (thousands of BIND, MINUS or UNION in a row) overflowed
the default 8 MB stack; on STACK_BYTES none of the constructs measured at the query length
limit does (benchmarks/NESTING.md).
"""

from __future__ import annotations

import os
import signal
import socket
import struct
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from .embedded import execute
from .processes import die_with_parent, limit_address_space
from .results import Outcome

STACK_BYTES = 256 << 20
"""The engine thread's stack: address space reserved, touched only as deep as a query goes."""
SLACK_BYTES = 512 << 20
"""Address space a query process may map beyond its memory limit and stack before allocations
fail: malloc arenas and the reserve that the RSS watch (pool.py) stops a query within."""
COMMAND = struct.Struct("=ci")
"""Pool to zygote: b"w" fork a query process, b"s" how did process <pid> end (reaping it)."""
STATUS = struct.Struct("=i")
UNKNOWN = -1


@dataclass(frozen=True)
class Limits:
    memory_bytes: int | None = None
    """What a query process may grow by while answering; None: no limit."""


@dataclass(frozen=True)
class Hello:
    """A query process's first message: whether it could open the store, and if not, why
    (and, when the store was replaced by another build, that build's id)."""
    error: str | None = None
    replaced_by: str | None = None


class StoreChanged(RuntimeError):
    """The store on disk is another build than the one the service serves."""

    def __init__(self, message: str, build: str | None):
        super().__init__(message)
        self.build = build


def run_zygote(channel: socket.socket, store, isolate_network: bool, limits: Limits, parent: int,
               leave_network) -> None:
    die_with_parent(parent)
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # reaped here, and asked about (b"s")
    channel.sendall(b"1" if isolate_network and leave_network() else b"0")
    while True:
        command = _receive(channel, COMMAND.size)
        if command is None:
            return  # the pool is gone
        kind, pid = COMMAND.unpack(command)
        if kind == b"w":
            _fork_worker(channel, store, limits)
        elif kind == b"s":
            channel.sendall(STATUS.pack(_reap(pid)))


def _receive(channel: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = channel.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _reap(pid: int, patience: float = 2.0) -> int:
    """The wait status of a child that has ended or is ending (the pool kills it or saw its
    socket close just before asking); UNKNOWN if it is not (yet) gone."""
    deadline = time.monotonic() + patience
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return UNKNOWN
        if done:
            return status
        if time.monotonic() > deadline:
            return UNKNOWN
        time.sleep(0.005)


def _fork_worker(channel: socket.socket, store, limits: Limits) -> None:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    zygote = os.getpid()
    pid = os.fork()
    if pid == 0:
        try:
            channel.close()
            ours.close()
            _worker(Connection(theirs.detach()), store, limits, zygote)
        finally:
            os._exit(0)
    theirs.close()
    socket.send_fds(channel, [struct.pack("i", pid)], [ours.fileno()])
    ours.close()


def _worker(connection: Connection, store, limits: Limits, zygote: int) -> None:
    die_with_parent(zygote)
    if limits.memory_bytes is not None:
        limit_address_space(STACK_BYTES + limits.memory_bytes + SLACK_BYTES)
    threading.stack_size(STACK_BYTES)
    engine = threading.Thread(target=_serve, args=(connection, store), name="engine")
    engine.start()
    engine.join()


def _serve(connection: Connection, store) -> None:
    if callable(store):
        try:
            store = store()
        except Exception as error:  # the store cannot be opened here: say why, once
            connection.send(Hello(str(error), getattr(error, "build", None)))
            return
    connection.send(Hello())
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return  # the server is gone
        try:
            outcome = execute(store, job)
        except MemoryError:  # Python's side ran out (the engine's side aborts instead)
            connection.send(OUT_OF_MEMORY)
            return
        connection.send(outcome)


OUT_OF_MEMORY = Outcome(503, kind="memory")
"""Sent by a query process that hit its memory limit; the pool words the answer."""
