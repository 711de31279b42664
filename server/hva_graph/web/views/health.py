"""Liveness, data version and troubles for operators: `degraded` (and 503) when the store is
damaged or cannot be read, or query processes keep failing, as the service finds it now (a disk
store's files are watched: web/reload.py); the last reload, and why it was refused if it was."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, jsonify

from ..reload import reloader_of
from ..site import site

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    service = site().service
    problem = service.problem
    body = {
        "status": "degraded" if problem else "ok",
        "data_version": service.version,
        "triples": service.union_size,
        "graphs": len(service.graph_sizes),
        "store": service.kind,
        "query_processes": service.settings.query_workers,
        "query_timeout_seconds": service.settings.query_timeout,
        "network_isolated": service.runner.network_isolated,
        "uptime_seconds": round(time.time() - service.started, 1),
        "reload": reloader_of(current_app).status(),
    }
    if problem:
        body["problem"] = problem
    return jsonify(body), 503 if problem else 200
