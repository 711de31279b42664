"""Reload: serve the data as it is now, but only once it has passed the same gate as at start
(the data files loaded, inferred and validated; a disk store opened and verified; a remote
engine fingerprinted). Until then, and whenever that fails, the old data keeps being served;
each outcome is logged and shown on /health.

A reload is asked for by SIGHUP (gunicorn's master passes it on to the worker instead of
restarting it: front/server.py), which is what `hva-graph reload` sends, or by another build of
the disk store where the served one was (its record, looked at every second, or a query process
that found it: store/pool.py): the service then follows the new build, its ETags and /health
included, or keeps refusing it. The same thread checks the served disk store's files while they
are served (store/integrity.py).

Reloads run one at a time in one long-lived thread: the query processes of the new service
are forked from it and die with it (store/pool.py), and a request never waits for a reload.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass

from flask import Flask

from ..knowledge.checked import InvalidData
from ..knowledge.loading import DataFileError
from ..service import Service
from ..settings import Settings
from ..store.backend import StoreUnavailable
from ..store.disk import build_at
from .site import Site, site_of, swap

log = logging.getLogger(__name__)

EXTENSION = "hva_graph.reloader"
WATCH_SECONDS = 1.0
"""How often the thread looks whether the store was replaced under the service."""
REFUSED = (InvalidData, DataFileError, StoreUnavailable, ValueError, OSError, RuntimeError)


@dataclass(frozen=True)
class ReloadReport:
    number: int
    """1 for the first reload of this server, and so on."""
    state: str
    """reloaded, or refused (the old data is still served)."""
    at: str
    trigger: str
    data_version: str
    """What is served after it."""
    reason: str | None = None
    """Why it was refused."""


class Reloader:
    def __init__(self, app: Flask, settings: Settings, on_reloaded: Callable[[Service], None] | None = None):
        self.app, self.settings = app, settings
        self.on_reloaded = on_reloaded
        """Told of each service a reload starts serving (start-up keeps it for a worker that
        replaces this one)."""
        self.last: ReloadReport | None = None
        self.running = False
        self._count = 0
        self._refused_build: str | None = None
        self._wanted = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        app.extensions[EXTENSION] = self

    def start(self) -> None:
        """Start the reloading thread (the server does; tests call reload() directly)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="reloader", daemon=True)
            self._thread.start()

    def request(self) -> None:
        """Ask for a reload (safe in a signal handler: it only sets an event)."""
        self._wanted.set()

    def _loop(self) -> None:
        while True:
            asked = self._wanted.wait(WATCH_SECONDS)
            self._wanted.clear()
            if asked:
                self.reload("SIGHUP")
            elif self.follow_replaced_store() is None:
                self.watch_store()

    def watch_store(self) -> str | None:
        """Check a disk store's files again when they were touched or a check is due: while they
        are damaged nothing is answered from them, and /health says so (store/integrity.py)."""
        integrity = site_of(self.app).service.integrity
        return integrity.watch() if integrity is not None else None

    def follow_replaced_store(self) -> ReloadReport | None:
        """Reload once for each new build found in place of the served store (its record names
        another build, or a query process found one); a build that is refused is not tried again,
        and the service says it is degraded meanwhile (its query processes cannot open the old
        build any more)."""
        service = site_of(self.app).service
        if service.build is None:
            return None
        build = service.runner.replaced_by or build_at(service.settings.store)
        if build is None or build == service.build or build == self._refused_build:
            return None
        report = self.reload(f"the store was replaced (build {build[:12]})")
        if report.state == "refused":
            self._refused_build = build
            service.runner.problem = f"the store was replaced by a build that is not served: {report.reason}"
        return report

    def reload(self, trigger: str = "asked") -> ReloadReport:
        with self._lock:
            self.running = True
            try:
                report = self._reload(trigger)
            finally:
                self.running = False
            self.last = report
            return report

    def _reload(self, trigger: str) -> ReloadReport:
        self._count += 1
        log.info("reloading (%s)", trigger)
        old = site_of(self.app)
        try:
            service = Service.from_settings(self.settings)
        except REFUSED as error:
            log.error("reload refused, still serving data version %s: %s", old.service.version[:16], error)
            return ReloadReport(self._count, "refused", _now(), trigger, old.service.version, str(error))
        new = Site.over(service)
        new.previous_dumps = old.dumps or old.previous_dumps  # served until the new version's are written
        swap(self.app, new)
        if self.on_reloaded is not None:
            self.on_reloaded(service)
        log.info("reloaded: now serving data version %s (was %s)", service.version[:16], old.service.version[:16])
        old.service.close(drain=self.settings.query_timeout + 1)  # queries already running may finish
        return ReloadReport(self._count, "reloaded", _now(), trigger, service.version)

    def status(self) -> dict:
        """For /health: the last reload and whether one is running."""
        last = asdict(self.last) if self.last else None
        return {"running": self.running, "last": last}


def reloader_of(app: Flask) -> Reloader:
    return app.extensions[EXTENSION]


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
