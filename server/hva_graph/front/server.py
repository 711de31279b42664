"""gunicorn, configured from Settings: one worker process whose event loop reads every request
whole (worker.py) and whose threads run the app, and the app's query processes. What the worker
serves is given by the caller (startup.py): a function that loads the app, and one that finds
the app's reloader.

- SIGHUP reloads the data in the running worker (its reloader: web/reload.py), after it has passed the same
  checks as at start; gunicorn's own reload (a new worker, then the old one stopped) is not
  used, because a new worker that refuses invalid data makes gunicorn shut the server down.
- The worker dies with the master (PR_SET_PDEATHSIG), and its query processes with it; the
  master reaps what a killed worker leaves (PR_SET_CHILD_SUBREAPER).
- No control socket: gunicorn's default path is shared by every instance of one user, so one
  server's shutdown removed another's.
- The master's pid is written to Settings.pid_file, for `hva-graph reload`.
"""

from __future__ import annotations

import logging
import os
import resource
import signal
from collections.abc import Callable

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.errors import AppImportError

from ..settings import Settings
from ..store.processes import adopt_orphans, die_with_parent
from .address import CannotStart
from .worker import GuardedWorker


class LoadRefused(RuntimeError):
    """The app cannot be loaded (its message says why): the server stops, with exit status 2."""


class _Master(Arbiter):
    def start(self) -> None:
        """Listen and write the pid file; what stops that is CannotStart, not gunicorn's exit 1
        (which the data's refusal also is): a port taken since start-up checked it, say."""
        try:
            super().start()
        except SystemExit:  # gunicorn has logged why, after retrying for five seconds
            raise CannotStart(f"cannot listen on {self.cfg.bind[0]} (see the log above)") from None
        except (RuntimeError, OSError) as error:  # a pid file of a live server; an unwritable folder
            raise CannotStart(f"cannot start: {error}") from None

    def handle_hup(self) -> None:
        """Pass SIGHUP on to the workers, which reload their data themselves."""
        self.log.info("SIGHUP: reloading the data in the worker (%s)", ", ".join(map(str, self.WORKERS)))
        for pid in list(self.WORKERS):
            try:
                os.kill(pid, signal.SIGHUP)
            except ProcessLookupError:
                pass


class _Worker(GuardedWorker):
    def init_signals(self) -> None:
        super().init_signals()
        self.reload_asked = False
        signal.signal(signal.SIGHUP, self._on_hup)  # before the app loads: a HUP then is kept

    def _on_hup(self, signum, frame) -> None:
        reloader = getattr(self, "reloader", None)
        if reloader is None:
            self.reload_asked = True
        else:
            reloader.request()


def _post_fork(server, worker) -> None:
    die_with_parent(server.pid)


def worker_class(settings: Settings, headers: dict[str, str]) -> type:
    """The worker, with the front's limits from the settings and the headers of every answer
    the front gives itself."""
    limits = {
        # a GET carries its query in the request line: it may be as long as a POST body
        "max_line": settings.max_request_bytes,
        "max_body": settings.max_request_bytes,
        "read_timeout": settings.request_read_timeout,
        "connections_per_client": settings.connections_per_client,
        "trusted_proxies": settings.trusted_proxies,
    }
    return type("HvaGraphWorker", (_Worker,), {"limits": limits, "headers": headers})


class _Gunicorn(BaseApplication):
    def __init__(self, settings: Settings, load_app: Callable, reloader_of: Callable, headers: dict[str, str]):
        self.settings, self.load_app, self.reloader_of, self.headers = settings, load_app, reloader_of, headers
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        options = {
            "bind": f"{s.host}:{s.port}",
            "workers": 1,
            "worker_class": worker_class(s, self.headers),
            "threads": s.http_threads,
            # Idle and slow connections cost the front a socket each, not a thread: hold many.
            "worker_connections": CONNECTIONS,
            # The worker opens the data before it accepts a request.
            "timeout": int(s.query_timeout) + 60,
            "graceful_timeout": 5,
            "accesslog": "-" if s.access_log else None,
            # gunicorn's own log at the level the command line chose (--quiet, --verbose), else info
            "loglevel": logging.getLevelName(logging.getLogger("gunicorn").level or logging.INFO).lower(),
            "limit_request_line": 0,  # the front limits the request line (max_request_bytes)
            "limit_request_field_size": 16384,
            "control_socket_disable": True,
            # Forwarding headers are the app's to check (forwarding/public.py, trusted_proxies):
            # gunicorn's own default would trust loopback's X-Forwarded-Proto unasked.
            "forwarded_allow_ips": "",
            "sendfile": False,  # files too go through the front's queue (worker.py)
            "pidfile": str(s.pid_file),
            "post_fork": _post_fork,
            "post_worker_init": self._post_worker_init,
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def _post_worker_init(self, worker) -> None:
        worker.reloader = self.reloader_of(worker.wsgi)
        worker.reloader.start()
        if worker.reload_asked:
            worker.reloader.request()

    def load(self):
        try:
            return self.load_app()
        except LoadRefused as error:
            # gunicorn prints an AppImportError's message, not a traceback, and stops.
            raise AppImportError(str(error)) from None

    def run(self) -> None:
        try:
            _Master(self).run()
        except RuntimeError as error:  # as BaseApplication.run: gunicorn's own refusals
            raise SystemExit(f"error: {error}") from None


CONNECTIONS = 4096
"""Connections the worker holds at once; past it new ones wait in the listen queue."""


def _enough_descriptors() -> None:
    """A socket per connection, and a few for the rest: raise the soft limit as far as allowed."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = CONNECTIONS + 512
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def run(settings: Settings, load_app: Callable, reloader_of: Callable, headers: dict[str, str]) -> int:
    """Serve `load_app()` until stopped (`reloader_of(app)` is told of each SIGHUP; `headers` go
    on every answer the front gives itself): 0, or 2 when the application could not be loaded
    (said on stderr)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings.pid_file.parent.mkdir(parents=True, exist_ok=True)
    _enough_descriptors()
    adopt_orphans()  # gunicorn's master reaps every child it is given, not only its workers
    master = os.getpid()
    try:
        _Gunicorn(settings, load_app, reloader_of, headers).run()
    except SystemExit as stop:
        # A worker is forked from here and leaves through here too, with the code gunicorn reads.
        if os.getpid() == master and stop.code == Arbiter.APP_LOAD_ERROR:
            return 2
        raise
    return 0
