"""The default store: a pyoxigraph store in memory, loaded at start from checked knowledge;
queries run in killable processes that share it copy-on-write (pool.py)."""

from __future__ import annotations

from collections.abc import Callable

from ..settings import Settings
from .backend import UNION_SIZE, Backend
from .embedded import build_store, rows_of
from .pool import local_runner


def open_memory(settings: Settings, isolate: bool, knowledge: Callable | None) -> Backend:
    """`knowledge` gives the checked knowledge (named rdflib graphs and data version); it is
    called only here, so it is loaded only when this is the store chosen."""
    checked = knowledge()
    return memory_backend(settings, checked.graphs, checked.version, isolate)


def memory_backend(settings: Settings, graphs: dict, version: str, isolate: bool) -> Backend:
    store = build_store(graphs)
    sizes = {str(iri): len(graph) for iri, graph in graphs.items()}
    (row,) = rows_of(store, UNION_SIZE)
    return Backend("memory", local_runner(settings, store, isolate), version, sizes, int(row["n"]), store=store)


def probe_memory(settings: Settings) -> str:
    return "the data files, in memory"
