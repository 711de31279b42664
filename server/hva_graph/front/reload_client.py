"""`hva-graph reload` from the outside: SIGHUP to the server named by its pid file, then its
/health read until it reports the outcome of that reload (web/reload.py does the work)."""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.error
import urllib.request

from ..settings import Settings


class ReloadFailed(RuntimeError):
    """No server to reload, or it did not report an outcome in time."""


def reload_server(settings: Settings, wait: float) -> dict:
    """The report of the reload this call asked for: state reloaded or refused, data_version,
    and reason when refused."""
    try:
        pid = int(settings.pid_file.read_text(encoding="ascii").strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        raise ReloadFailed(f"no hva-graph server runs on port {settings.port} ({settings.pid_file} names "
                           "no live process)") from None
    before = _last(settings)
    os.kill(pid, signal.SIGHUP)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(0.2)
        last = _last(settings)
        if last is not None and last != before:
            return last
    raise ReloadFailed(f"the server (pid {pid}) did not report a reload within {wait:g} s; see its log")


def _last(settings: Settings) -> dict | None:
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "", "::") else settings.host
    try:
        with urllib.request.urlopen(f"http://{host}:{settings.port}/health", timeout=5) as response:
            return json.load(response)["reload"]["last"]
    except urllib.error.HTTPError as error:  # degraded is 503, with the same body
        return json.load(error)["reload"]["last"]
    except (OSError, ValueError, KeyError):
        return None
