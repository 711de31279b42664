"""Shared fixtures: the project's knowledge is loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph

from hva_graph.knowledge.checked import load_knowledge

from hva_graph.knowledge.model import Knowledge
from hva_graph.settings import Settings
from hva_graph.store.embedded import build_store
from hva_graph.knowledge.validation import load_shapes

FIXTURES = Path(__file__).parent / "fixtures"

class BufferedClient(FlaskClient):
    """A test client that reads every answer whole and closes it, as an HTTP server does (a file
    that send_file opened is closed then, not left to the garbage collector)."""

    def open(self, *args, buffered: bool = True, **kwargs):
        return super().open(*args, buffered=buffered, **kwargs)


Flask.test_client_class = BufferedClient

SLOW_FIXTURES = {"live_server", "browser", "page", "engine", "disk_path", "endpoint", "backend", "remote_service",
                 "virtuoso", "writable"}
"""Fixtures that start a real server, engine, store build or browser: a test using one is `slow`."""


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The defaults, but without per-client allowances: every in-process test is one client (the
    test client's 127.0.0.1) asking as fast as it can. The allowances are tested against a real
    server (test_fair_shares.py), and every served test runs with them as they are by default."""
    return Settings.from_env(client_requests_per_second=0, client_query_seconds=0)


@pytest.fixture(scope="session")
def knowledge(settings) -> Knowledge:
    return load_knowledge(settings)


@pytest.fixture(scope="session")
def union(knowledge) -> Graph:
    """All named graphs merged, as rdflib sees them (for pyshacl and graph checks)."""
    return knowledge.union()


@pytest.fixture(scope="session")
def store(knowledge):
    """The knowledge in pyoxigraph, queried with the union of graphs as default graph."""
    return build_store(knowledge.graphs)


@pytest.fixture(scope="session")
def shapes(settings) -> Graph:
    return load_shapes(settings)


@pytest.fixture(scope="session")
def report(knowledge, shapes):
    """The SHACL report of the real data, made once for every test that reads it."""
    from hva_graph.knowledge.validation import validate_knowledge

    return validate_knowledge(knowledge, shapes)


@pytest.fixture(scope="session")
def seeds(settings) -> Path:
    """The source documents, as shipped in the project's sources/ folder (HVA_GRAPH_SEEDS overrides).

    They are part of the project, so a missing folder is a failure, never a skip."""
    if not settings.seeds.is_dir():
        pytest.fail(f"source documents not found at {settings.seeds} (they ship in sources/)")
    return settings.seeds


@pytest.fixture(scope="session")
def service(settings, knowledge):
    """The project's data behind the query processes, as `hva-graph serve` has it."""
    from hva_graph.service import Service

    service = Service.from_knowledge(settings, knowledge)
    yield service
    service.close()


@pytest.fixture(scope="session")
def app(settings, service):
    from hva_graph.web.app import create_app

    return ready(create_app({"TESTING": True, "SETTINGS": settings, "SERVICE": service}))


def ready(app):
    """The app once its dumps are written: the server makes them beside it and answers 503 until
    then (or serves the previous version's), which the tests of the dumps' contents do not test."""
    from hva_graph.web.site import site_of

    site_of(app).dumps_maker.wait(600)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env_overrides: dict[str, str] | None = None, timeout: float = 120.0):
    """Start the real `hva-graph serve` on a free loopback port; returns (process, base URL)."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    env = {**os.environ, **(env_overrides or {})}
    command = [str(Path(sys.executable).with_name("hva-graph")), "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hva-graph serve exited: {process.stderr.read().decode()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("hva-graph serve did not answer /health in time")


def stop_server(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except Exception:
        process.kill()
        process.wait()
    if process.stderr is not None:
        process.stderr.close()


def dumps_written(base: str, timeout: float = 600.0) -> None:
    """Wait until a real server's /dumps/ answers 200 (503 while they are being written)."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/dumps/?format=json", timeout=30):
                return
        except urllib.error.HTTPError as error:
            if error.code != 503 or time.monotonic() > deadline:
                raise
        time.sleep(0.5)


@pytest.fixture(scope="session")
def live_server():
    """The real server (gunicorn) on a free loopback port, with a 3 s query time limit."""
    process, base = start_server({"HVA_GRAPH_QUERY_TIMEOUT": "3"})
    dumps_written(base)
    yield base
    stop_server(process)
