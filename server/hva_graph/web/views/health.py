"""Liveness and data version for operators."""

from __future__ import annotations

import time

from flask import Blueprint, jsonify

from ..site import site

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    service = site().service
    return jsonify(
        status="ok",
        data_version=service.version,
        triples=service.union_size,
        graphs=len(service.graph_sizes),
        store=service.backend.kind,
        query_processes=service.settings.query_workers,
        query_timeout_seconds=service.settings.query_timeout,
        network_isolated=service.runner.network_isolated,
        uptime_seconds=round(time.time() - service.started, 1),
    )
