"""gunicorn, configured from Settings: one process with many threads, and the app's query processes."""

from __future__ import annotations

import logging

from gunicorn.app.base import BaseApplication

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
        from .web.app import create_app

        return create_app({"SETTINGS": self.settings})


def run(settings: Settings) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    _Gunicorn(settings).run()
    return 0
