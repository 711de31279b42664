"""The build step that makes the package carry the project (all else is in pyproject.toml).

A wheel carries the ontology, data, shapes, canned queries, source documents and releases (their
records, descriptions and diffs: the history a replica serves), and the
browser libraries npm installed (the files [tool.hva-graph.browser-assets] lists, from
web/node_modules), copied into hva_graph/project/ in the clone's own layout; settings.py finds
them there through importlib.resources when the package does not run from a clone. The sdist
carries the same files in the clone's layout, so a wheel built from it is the same. Without
npm (no web/node_modules) the package carries no browser libraries and the query editor is its
plain form, as in such a clone. An editable install reads the clone's folders and copies nothing.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).parent
FOLDERS = ("ontology", "data", "shapes", "queries", "sources", "releases")
INTO = Path("hva_graph") / "project"
NODE_MODULES = Path("web") / "node_modules"


def project_files() -> list[Path]:
    """The files to carry, relative to the project folder."""
    found = [path for folder in FOLDERS for path in sorted((HERE / folder).rglob("*")) if path.is_file()]
    pyproject = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))
    for package, patterns in pyproject["tool"]["hva-graph"]["browser-assets"].items():
        for pattern in patterns:
            found += sorted((HERE / NODE_MODULES / package).glob(pattern))
    return [path.relative_to(HERE) for path in found]


def copy(files: list[Path], target: Path) -> None:
    for relative in files:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / relative, target / relative)


class BuildWithProject(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            copy(project_files(), Path(self.build_lib) / INTO)


class SdistWithProject(sdist):
    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        copy(project_files(), Path(base_dir))


setup(cmdclass={"build_py": BuildWithProject, "sdist": SdistWithProject})
