"""Where the queries are answered: the one place a store backend is chosen from the settings.

- `memory` (the default): the checked data files in an in-memory store (memory.py);
- a folder path: a store on disk built by `hva-graph load --store PATH` (disk.py);
- `sparql+http(s)://host/path`: a remote SPARQL 1.1 engine, asked through the protocol
  (remote.py), with this endpoint's time and result limits still enforced here.

Each kind opens a Backend and can be probed (checked before a server listens); both are
chosen from this one table, so nothing above this module knows which kind it has.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..settings import Settings
from .backend import Backend
from .disk import open_disk, probe_disk
from .memory import open_memory, probe_memory
from .remote_start import open_remote, probe_remote


class Kind(NamedTuple):
    open: Callable[[Settings, bool, Callable | None], Backend]
    probe: Callable[[Settings], str]


KINDS = {
    "memory": Kind(open_memory, probe_memory),
    "disk": Kind(open_disk, probe_disk),
    "remote": Kind(open_remote, probe_remote),
}


def open_backend(settings: Settings, isolate: bool = True, knowledge: Callable | None = None) -> Backend:
    """The backend the settings name. `knowledge` gives the checked knowledge for the memory
    backend (called only when that is the one chosen)."""
    return KINDS[settings.store_kind].open(settings, isolate, knowledge)


def probe(settings: Settings) -> str:
    """Check, before a server starts listening, that the store can be used; StoreUnavailable
    says why not. Returns what will be served, for the operator."""
    return KINDS[settings.store_kind].probe(settings)
