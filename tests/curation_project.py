"""A copy of the project's data for tests that publish a draft or serve what was published: the
ontology, data, shapes, queries and sources in a temporary folder (the project's own files are
never written by a test), with the project's cache, whose entries are named by what they hold."""

from __future__ import annotations

import shutil
from pathlib import Path

from hva_graph.settings import Settings

ROOT = Path(__file__).parents[1]
DRAFTS = ROOT / "tests" / "fixtures" / "curation"
PARTS = ("ontology", "data", "shapes", "queries", "sources")


def project_copy(folder: Path) -> Settings:
    for part in PARTS:
        shutil.copytree(ROOT / part, folder / part)
    return Settings.from_env(root=folder, cache_dir=Settings.from_env().cache_folder)


def draft_copy(settings: Settings, number: int) -> Path:
    """drafts/NNN/ in the copied project: the fixture's draft and its text, as `hva-graph draft` leaves them."""
    folder = settings.root / "drafts" / str(number)
    shutil.copytree(DRAFTS / f"draft-{number}", folder)
    return folder
