"""What the query processes need from the kernel (Linux): to die with their parent, a limit on
their address space, and how much memory a process holds that no other process shares (read
through psutil).

Elsewhere these are no-ops (the time limit still holds there; the memory limit and the
parent-death signal do not)."""

from __future__ import annotations

import ctypes
import os
import resource
import signal

import psutil

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36

try:
    _libc = ctypes.CDLL(None, use_errno=True)
    _prctl = _libc.prctl
except (OSError, AttributeError):  # not Linux
    _prctl = None


def die_with_parent(parent: int) -> None:
    """Be killed when the thread that forked this process ends (PR_SET_PDEATHSIG), and exit at
    once if the parent is already gone: it may have died between fork and prctl, and then no
    signal will ever come."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def adopt_orphans() -> None:
    """Become the parent of orphaned descendants (PR_SET_CHILD_SUBREAPER), so that query
    processes whose server died are reaped here, not left as zombies under a PID 1 that does
    not reap (as in many containers)."""
    if _prctl is not None:
        _prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def resident_bytes(pid: int) -> int | None:
    """The process's resident memory, cheap to read (a counter): what it holds alone and what
    it still shares with the zygote. None when the process is gone."""
    try:
        return psutil.Process(pid).memory_info().rss
    except psutil.Error:
        return None


def private_bytes(pid: int) -> int | None:
    """Memory the process holds alone (its unique set size): what it allocated or wrote since it
    was forked, not the pages it still shares copy-on-write with the zygote (the loaded store).
    None when the process is gone. Reading it walks the process's page tables (about 1 ms for a
    query process of the real data), so the pool looks at resident_bytes first and reads this
    only to confirm."""
    try:
        return psutil.Process(pid).memory_full_info().uss
    except psutil.Error:
        return None


def limit_address_space(extra: int) -> bool:
    """Cap this process's address space at what it maps now plus `extra` bytes: an allocation
    beyond fails, and Oxigraph (Rust) then aborts the process, which the pool reports as a query
    over the memory limit. What the process maps now (inherited from the server) is not counted
    against the query."""
    try:
        mapped = psutil.Process().memory_info().vms
    except psutil.Error:
        return False
    cap = mapped + extra
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):
        return False
    return True


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
