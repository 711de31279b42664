"""`hva-graph reload` from the outside: SIGHUP to the server named by its pid file, then its
/health read until it reports the outcome of that reload (web/reload.py does the work). Replicas
on one machine (one port each) are reloaded one after the other, so that the others serve
meanwhile, and then asked which data version each serves: replicas of the same data agree."""

from __future__ import annotations

import json
import os
import signal
import dataclasses
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
    return (_health(settings).get("reload") or {}).get("last")


def reload_replicas(settings: Settings, ports: list[int], wait: float) -> dict[int, dict]:
    """Each server's report (as reload_server's), in turn; ReloadFailed names the port that failed
    (the servers before it are reloaded, those after it are not asked)."""
    reports = {}
    for port in ports:
        try:
            reports[port] = reload_server(dataclasses.replace(settings, port=port), wait)
        except ReloadFailed as error:
            if len(ports) == 1:
                raise
            raise ReloadFailed(f"port {port}: {error}") from None
    return reports


def served_versions(settings: Settings, ports: list[int]) -> dict[int, str | None]:
    """The data version each server on these ports serves now (None: it did not say)."""
    return {port: _health(dataclasses.replace(settings, port=port)).get("data_version") for port in ports}


def _health(settings: Settings) -> dict:
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "", "::") else settings.host
    try:
        with urllib.request.urlopen(f"http://{host}:{settings.port}/health", timeout=5) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:  # degraded is 503, with the same body
        try:
            return json.load(error)
        except ValueError:
            return {}
    except (OSError, ValueError):
        return {}
