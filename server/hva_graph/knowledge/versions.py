"""The data version and when it was first validated, recorded in the cache folder.

The data version is the canonical digest (digests.canonical, RDFC-1.0) of every graph served,
derived ones included: it does not change when a file is only written another way, and every
store (memory, disk, remote) and replica computes the same one for the same statements, so
their ETags agree. Computing it reads every statement, so it is recorded per cache key of the
files (their bytes, the closure's and the search index's keys): a start with unchanged files
only reads the record.

`Last-Modified` is the time a data version was first validated, recorded with it (and in the
release made of it) and never a file's modification time: a file touched, copied or checked out
again changes nothing, and every replica of a release says the same.
"""

from __future__ import annotations

import datetime
import hashlib
import json

import pyoxigraph as ox

from ..digests.canonical import canonical_digest
from ..settings import Settings
from .cache import DiskCache
from .released import release_of

FIRST_VALIDATED = "validated-{version}.json"


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def version_key(keys: list[str]) -> str:
    """The cache entry of the canonical version of data whose caches have these keys."""
    return f"version-{hashlib.sha256(chr(0).join(keys).encode()).hexdigest()}.json"


def recorded_version(settings: Settings, keys: list[str]) -> str | None:
    found = DiskCache(settings.cache_folder).get(version_key(keys))
    try:
        return json.loads(found)["version"] if found else None
    except (ValueError, KeyError, TypeError):
        return None  # a damaged record is computed again


def canonical_version(settings: Settings, store: ox.Store, keys: list[str]) -> str:
    """The canonical digest of every quad of `store`, recorded under `keys`."""
    version = recorded_version(settings, keys)
    if version is None:
        version = canonical_digest(store)
        DiskCache(settings.cache_folder).put(version_key(keys), json.dumps({"version": version}).encode())
    return version


def first_validated(settings: Settings, version: str) -> str:
    """When this data version was first validated (UTC, ISO 8601, whole seconds): as its release
    records it, so that every replica of a release says the same; else as recorded here the first
    time it is asked (as the data has just passed the gate, or a store holding it was opened)."""
    release = release_of(settings, version)
    if release is not None:
        return release.validated
    cache = DiskCache(settings.cache_folder)
    key = FIRST_VALIDATED.format(version=version)
    found = cache.get(key)
    try:
        if found:
            return json.loads(found)["validated"]
    except (ValueError, KeyError, TypeError):
        pass
    validated = now()
    cache.put(key, json.dumps({"version": version, "validated": validated}).encode())
    return validated
