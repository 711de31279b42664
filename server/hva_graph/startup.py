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
version its master validated, and it can always boot. After a reload (SIGHUP, web/reload.py)
the worker keeps the Snapshot of what it now serves beside the pid file (successor_file), with
its digest; a replacing worker opens that one when it is whole, else the master's.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import zlib
from dataclasses import dataclass
from pathlib import Path

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
    def of(cls, store: ox.Store, version: str, sizes: dict[str, int]) -> "Snapshot":
        return cls(version, dict(sizes), zlib.compress(store.dump(format=ox.RdfFormat.N_QUADS), 1))

    def write(self, path: Path) -> None:
        """Atomically: a header line (version, sizes, the digest of the data), then the data."""
        header = json.dumps({"version": self.version, "sizes": self.sizes,
                             "sha256": hashlib.sha256(self.nquads).hexdigest()}).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(header + b"\n" + self.nquads)
        os.replace(partial, path)

    @classmethod
    def read(cls, path: Path) -> "Snapshot | None":
        """The snapshot kept at `path`, or None when there is none or it is not whole."""
        try:
            header, _, data = path.read_bytes().partition(b"\n")
            meta = json.loads(header)
        except (OSError, ValueError):
            return None
        if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
            log.warning("%s is damaged; serving the data version the server validated at start", path)
            return None
        return cls(meta["version"], meta["sizes"], data)

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
        snapshot = Snapshot.of(checked.store, checked.version, checked.sizes)
        message = ("ok", Verdict(f"{probe(settings)} (data version {checked.version[:16]})", snapshot))
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


def successor_file(settings: Settings) -> Path:
    """Where a worker keeps, after a reload, the Snapshot of what it serves for a worker that
    replaces it (beside the pid file: one per server)."""
    return settings.pid_file.with_suffix(".snapshot")


def open_service(settings: Settings, verdict: Verdict) -> Service:
    """The service a worker serves: over the Snapshot a reloaded worker before it kept, else the
    verdict's, or the store the settings name."""
    if verdict.snapshot is None:
        return Service.from_settings(settings)
    snapshot = Snapshot.read(successor_file(settings)) or verdict.snapshot
    return Service.over(settings, store_backend(settings, snapshot.store(), snapshot.sizes, snapshot.version, True))


def _keep_for_successors(settings: Settings, service: Service) -> None:
    """After a reload: the Snapshot of what is served now, for a worker that replaces this one."""
    path = successor_file(settings)
    if service.store is None:  # a disk or remote store: a new worker opens it as the settings say
        path.unlink(missing_ok=True)
        return
    try:
        Snapshot.of(service.store, service.version, service.graph_sizes).write(path)
    except OSError as error:
        log.warning("the reloaded data cannot be kept for a new worker (%s): one would serve the data "
                    "version of the start", error)


def serve(settings: Settings, verdict: Verdict) -> int:
    """Serve until stopped: 0, or 2 when a worker could not open the service (said on stderr)."""
    from .web.app import create_app
    from .web.headers import HEADERS
    from .web.reload import reloader_of

    successor_file(settings).unlink(missing_ok=True)  # a snapshot of an earlier server's reload
    # A server's reloads go into its log as durations, never as bars across it.
    listen(Bars(show=False))

    def load_app():
        try:
            return create_app({"SETTINGS": settings, "SERVICE": open_service(settings, verdict),
                               "ON_RELOAD": lambda service: _keep_for_successors(settings, service)})
        except (StoreUnavailable, InvalidData) as error:
            # A remote engine is read whole only here, and may have changed since it was probed.
            raise server.LoadRefused(f"error: {error}") from None

    return server.run(settings, load_app, reloader_of, HEADERS)
