"""The default store: a pyoxigraph store in memory, loaded at start from checked knowledge;
queries run in killable processes that share it copy-on-write (pool.py)."""

from __future__ import annotations

from collections.abc import Callable

from ..settings import Settings
from .backend import UNION_SIZE, Backend
from .embedded import build_store, rows_of
from .pool import local_runner


def open_memory(settings: Settings, isolate: bool, knowledge: Callable | None) -> Backend:
    """`knowledge` gives the checked data (a store with its named graphs, their sizes and the
    data version, as Oxigraph read and checked them); it is called only here, so it is loaded
    only when this is the store chosen. No rdflib graph is kept: the query processes share the
    store copy-on-write."""
    checked = knowledge()
    return store_backend(settings, checked.store, checked.sizes, checked.version, isolate)


def memory_backend(settings: Settings, graphs: dict, version: str, isolate: bool) -> Backend:
    """An in-memory backend over rdflib graphs (the W3C protocol tests bring their own)."""
    sizes = {str(iri): len(graph) for iri, graph in graphs.items()}
    return store_backend(settings, build_store(graphs), sizes, version, isolate)


def store_backend(settings: Settings, store, sizes: dict[str, int], version: str, isolate: bool) -> Backend:
    (row,) = rows_of(store, UNION_SIZE)
    return Backend("memory", local_runner(settings, store, isolate), version, dict(sizes), int(row["n"]), store=store)


def probe_memory(settings: Settings) -> str:
    return "the data files, in memory"
