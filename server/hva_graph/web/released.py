"""Reading a statement as an earlier release had it (`?release=2026.12.1` on its page): the
release's data, rebuilt from its diffs (knowledge/released.py), behind the same page queries as
the service's own. Only the pages' fixed queries run on it, in the calling thread; the few
releases read last are kept."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from cachetools import LRUCache

from ..knowledge.released import Release, release_store
from ..settings import Settings
from ..store.pool import DirectRunner

_kept: LRUCache = LRUCache(3)
_lock = threading.Lock()


@dataclass
class ReleaseReader:
    """What resources.page() asks of a service, over one release's data."""
    release: Release
    runner: DirectRunner
    settings: Settings
    graph_sizes: dict[str, int]

    @property
    def version(self) -> str:
        return self.release.digest


def reader(settings: Settings, release: Release) -> ReleaseReader:
    key = (str(settings.releases_folder), release.number, release.digest)
    with _lock:
        found = _kept.get(key)
    if found is None:
        store = release_store(settings, release.number)
        sizes: dict[str, int] = {}
        for quad in store:
            sizes[quad.graph_name.value] = sizes.get(quad.graph_name.value, 0) + 1
        found = ReleaseReader(release, DirectRunner(store), settings, sizes)
        with _lock:
            _kept[key] = found
    return found
