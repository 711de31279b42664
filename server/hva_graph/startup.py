"""Start-up, `hva-graph serve`: the one sequence from the files to serving.

    check    the address must be free and the state folder writable (else CannotStart, at
             once); the data files are read, inferred and validated in a child process (its heap,
             large with rdflib's graphs during a full validation, never becomes the server's),
             which hands back the verdict: a Snapshot of the validated graphs with their data
             version. A disk or remote store is probed instead.
    publish  the child then goes on to write the dumps of that version while the server starts
             (a first download waits for that build: publish.folder).
    open     gunicorn's worker opens the service from the Snapshot its master holds, whatever
             the files on disk say by then, or the store the settings name.
    serve    gunicorn with the reading front (front/), until stopped.

A worker that gunicorn starts again after one died opens the same Snapshot: it serves the
version its master validated, and it can always boot.
"""

from __future__ import annotations

import logging
import os
import pickle
import zlib
from dataclasses import dataclass

import pyoxigraph as ox

from .front import server
from .front.address import check_address, check_state_folder
from .knowledge.checked import InvalidData, checked_data
from .progress.phases import listen
from .progress.terminal import Bars
from .publish.served import ensure_dumps
from .service import Service
from .settings import Settings
from .store.backend import StoreUnavailable
from .store.backends import probe
from .store.memory import store_backend

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """Validated data as the master holds it for its workers: every named graph (the derived
    ones included) as compressed N-Quads, with the data version and the graphs' sizes."""
    version: str
    sizes: dict[str, int]
    nquads: bytes

    @classmethod
    def of(cls, checked) -> "Snapshot":
        data = checked.store.dump(format=ox.RdfFormat.N_QUADS)
        return cls(checked.version, dict(checked.sizes), zlib.compress(data, 1))

    def store(self) -> ox.Store:
        store = ox.Store()
        store.bulk_load(zlib.decompress(self.nquads), format=ox.RdfFormat.N_QUADS)
        return store


@dataclass(frozen=True)
class Verdict:
    """What check() found: what will be served (for the operator), and the Snapshot to serve
    for the in-memory store (None for a disk or remote store, which the worker opens itself)."""
    serving: str
    snapshot: Snapshot | None = None


def check(settings: Settings) -> Verdict:
    """Refuse before a server listens (CannotStart, InvalidData, DataFileError, StoreUnavailable):
    the address and the state folder first (quick), then the data validated in a child process,
    which then writes the dumps while the server starts; or the store the settings name, probed."""
    check_address(settings)
    check_state_folder(settings)
    if settings.store_kind != "memory":
        return Verdict(probe(settings))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into the caller's code
        os.close(read)
        try:
            _check_then_publish(settings, write)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        try:
            kind, value = pickle.load(pipe)
        except EOFError:
            os.waitpid(pid, 0)
            raise RuntimeError("checking the data failed (the process that checked it died)") from None
    if kind == "error":
        os.waitpid(pid, 0)
        raise value
    return value


def _check_then_publish(settings: Settings, pipe: int) -> None:
    checked = None
    try:
        checked = checked_data(settings)
        message = ("ok", Verdict(f"{probe(settings)} (data version {checked.version[:16]})", Snapshot.of(checked)))
    except BaseException as error:  # handed to the parent, which raises it
        message = ("error", error)
    with os.fdopen(pipe, "wb") as out:
        pickle.dump(message, out)
    listen(None)  # the dumps are written while the server starts and logs: no bars across its log
    if checked is not None:
        try:
            ensure_dumps(settings, checked=checked)
        except OSError as error:
            log.warning("the dumps cannot be written (%s); /dumps/ will answer 503", error)


def open_service(settings: Settings, verdict: Verdict) -> Service:
    """The service a worker serves: over the verdict's Snapshot, or the store the settings name."""
    if verdict.snapshot is None:
        return Service.from_settings(settings)
    snapshot = verdict.snapshot
    return Service.over(settings, store_backend(settings, snapshot.store(), snapshot.sizes, snapshot.version, True))


def serve(settings: Settings, verdict: Verdict) -> int:
    """Serve until stopped: 0, or 2 when a worker could not open the service (said on stderr)."""
    from .web.app import create_app
    from .web.headers import HEADERS
    from .web.reload import reloader_of

    # A server's reloads go into its log as durations, never as bars across it.
    listen(Bars(show=False))

    def load_app():
        try:
            return create_app({"SETTINGS": settings, "SERVICE": open_service(settings, verdict)})
        except (StoreUnavailable, InvalidData) as error:
            # A remote engine is read whole only here, and may have changed since it was probed.
            raise server.LoadRefused(f"error: {error}") from None

    return server.run(settings, load_app, reloader_of, HEADERS)
