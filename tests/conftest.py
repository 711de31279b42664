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
    return build_store(knowledge)


@pytest.fixture(scope="session")
def shapes(settings) -> Graph:
    return load_shapes(settings)


@pytest.fixture(scope="session")
def seeds(settings) -> Path:
    """The source documents. Without them passage tests cannot run: say so, and in CI fail."""
    if not settings.seeds.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"source documents not found at {settings.seeds}; CI must have ../shared/seeds")
        pytest.skip(f"source documents not found at {settings.seeds} (../shared/seeds beside the clone)")
    return settings.seeds
