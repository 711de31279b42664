"""Serving the review page with gunicorn, on 127.0.0.1 only: one worker (the session lives in it)
with a few threads, the draft's review made in the worker, closed when it stops."""

from __future__ import annotations

import logging
from pathlib import Path

from gunicorn.app.base import BaseApplication
from gunicorn.errors import AppImportError

from ...curation.editing.review import Review
from ...knowledge.loading import DataFileError
from ...settings import Settings
from .app import create_curate_app
from .guard import LOOPBACK, check_bind

_SESSION: list[Review] = []


class _ReviewServer(BaseApplication):
    def __init__(self, settings: Settings, folder: Path, port: int):
        self.settings, self.folder, self.port = settings, folder, port
        super().__init__()

    def load_config(self) -> None:
        options = {
            "bind": f"{LOOPBACK}:{self.port}", "workers": 1, "worker_class": "gthread", "threads": 4,
            "timeout": 600,  # publishing validates all the data
            "graceful_timeout": 5, "accesslog": None, "control_socket_disable": True,
            "worker_exit": lambda server, worker: [review.close() for review in _SESSION],
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self):
        try:
            review = Review(self.settings, self.folder)
        except DataFileError as error:
            raise AppImportError(f"error: {error}") from None
        _SESSION.append(review)
        return create_curate_app(review, self.port)


def serve_review(settings: Settings, folder: Path, host: str, port: int) -> None:
    """Serve the review of the draft in `folder` until stopped (BindRefused for any host but 127.0.0.1)."""
    check_bind(host)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger(__name__).info("reviewing %s at http://%s:%d/", folder, LOOPBACK, port)
    _ReviewServer(settings, folder, port).run()
