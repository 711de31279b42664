"""Shared fixtures: the project's knowledge is loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from hva_graph.knowledge import Knowledge, load_knowledge
from hva_graph.settings import Settings
from hva_graph.store import build_store
from hva_graph.validation import load_shapes

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


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
    from hva_graph.app import create_app

    return create_app({"TESTING": True, "SETTINGS": settings, "SERVICE": service})


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


@pytest.fixture(scope="session")
def live_server():
    """The real server (gunicorn) on a free loopback port, with a 3 s query time limit."""
    process, base = start_server({"HVA_GRAPH_QUERY_TIMEOUT": "3"})
    yield base
    stop_server(process)
