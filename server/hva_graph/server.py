"""gunicorn, configured from Settings: one process with many threads, and the app's query processes."""

from __future__ import annotations

import logging
import os

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.errors import AppImportError

from .settings import Settings


class _Gunicorn(BaseApplication):
    def __init__(self, settings: Settings):
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        options = {
            "bind": f"{s.host}:{s.port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": s.http_threads,
            # The app loads, infers and validates the data before it accepts a request.
            "timeout": int(s.query_timeout) + 60,
            "graceful_timeout": 5,
            "accesslog": "-" if s.access_log else None,
            "limit_request_line": s.max_query_length + 1024,
            "limit_request_field_size": 16384,
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self):
        from .knowledge.checked import InvalidData
        from .store.backend import StoreUnavailable
        from .web.app import create_app

        try:
            return create_app({"SETTINGS": self.settings})
        except (StoreUnavailable, InvalidData) as error:
            # Checked before listening (service.prepare), but a remote engine is read whole only
            # here, and may have changed since: gunicorn prints an AppImportError's message, not
            # a traceback, and stops.
            raise AppImportError(f"error: {error}") from None


def run(settings: Settings) -> int:
    """Serve until stopped: 0, or 2 when the application could not be loaded (said on stderr)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    master = os.getpid()
    try:
        _Gunicorn(settings).run()
    except SystemExit as stop:
        # A worker is forked from here and leaves through here too, with the code gunicorn reads.
        if os.getpid() == master and stop.code == Arbiter.APP_LOAD_ERROR:
            return 2
        raise
    return 0
