"""One settings object: defaults, then the environment (HVA_GRAPH_*), then explicit overrides."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    """Where the knowledge lives and how it is served.

    Environment variables: HVA_GRAPH_ROOT (project folder holding ontology/, data/,
    shapes/), HVA_GRAPH_SEEDS (folder of source documents, default ../shared/seeds).
    """

    root: Path = PROJECT_ROOT
    seeds_dir: Path | None = None
    data_paths: tuple[Path, ...] = field(default_factory=tuple)

    @property
    def ontology_path(self) -> Path:
        return self.root / "ontology" / "hva.ttl"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def seeds(self) -> Path:
        return self.seeds_dir or (self.root.parent / "shared" / "seeds")

    @property
    def data_files(self) -> tuple[Path, ...]:
        """The data files to load: the given paths (files or folders), else data/."""
        return expand_paths(self.data_paths or (self.data_dir,))

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Settings":
        env = os.environ if env is None else env
        values: dict = {}
        if env.get("HVA_GRAPH_ROOT"):
            values["root"] = Path(env["HVA_GRAPH_ROOT"]).resolve()
        if env.get("HVA_GRAPH_SEEDS"):
            values["seeds_dir"] = Path(env["HVA_GRAPH_SEEDS"]).resolve()
        values.update({k: v for k, v in overrides.items() if v is not None})
        return dataclasses.replace(cls(), **values)


def expand_paths(paths) -> tuple[Path, ...]:
    """Files as given; folders as their *.ttl files in name order. Missing paths are kept
    so that loading reports them by name."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(path.glob("*.ttl")))
        else:
            files.append(path)
    return tuple(files)
