"""Per-graph dump files kept between data versions: a graph whose statements did not change
is not canonicalised and written again, its files are linked into the new folder.

Each graph's files (Turtle, N-Triples, each also gzipped) live under
var/dumps/.graphs/<build>/<graph>-<digest>/, with the entries of the manifest beside them.
The digest is over the graph's statements as the store holds them (blank nodes are named
after their file, so the same file gives the same digest); a build key in the path keeps a
change to the writers from reusing old bytes. After a folder is written, the parts it did
not use are removed: what is kept is exactly the newest folder's graphs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from ..knowledge.cache import atomic_write

ENTRIES = "entries.json"


def graph_digest(store: ox.Store, iri: str) -> str:
    lines = sorted(str(q) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


class Parts:
    """The kept per-graph files of one build key."""

    def __init__(self, dumps_folder: Path, build: str):
        self.root = dumps_folder / ".graphs" / build
        self.used: set[str] = set()

    def folder(self, name: str, digest: str) -> Path:
        return self.root / f"{name}-{digest[:24]}"

    def reuse(self, name: str, digest: str, target: Path) -> list[dict] | None:
        """Link the kept files of this graph into `target`; their manifest entries, or None."""
        kept = self.folder(name, digest)
        try:
            entries = json.loads((kept / ENTRIES).read_text(encoding="utf-8"))
            for entry in entries:
                _link(kept / entry["name"], target / entry["name"])
        except (OSError, ValueError):
            return None
        self.used.add(kept.name)
        return entries

    def keep(self, name: str, digest: str, source: Path, entries: list[dict]) -> None:
        """Keep the graph's files just written in `source` for the next build."""
        kept = self.folder(name, digest)
        try:
            kept.mkdir(parents=True, exist_ok=True)
            for entry in entries:
                _link(source / entry["name"], kept / entry["name"])
            atomic_write(kept / ENTRIES, json.dumps(entries, ensure_ascii=False).encode("utf-8"))
            self.used.add(kept.name)
        except OSError:
            pass  # what cannot be kept only costs time next build

    def prune(self) -> None:
        if self.root.parent.is_dir():
            for build in self.root.parent.iterdir():
                if build != self.root:
                    shutil.rmtree(build, ignore_errors=True)
        if self.root.is_dir():
            for kept in self.root.iterdir():
                if kept.name not in self.used:
                    shutil.rmtree(kept, ignore_errors=True)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        target.unlink()
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
