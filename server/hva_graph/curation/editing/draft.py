"""A draft folder as the review page holds it: the source graph, kept in memory and saved through
the deterministic writer after every change, and the source text its passages quote."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from ...knowledge.cache import atomic_write
from ...knowledge.loading import DataFileError, parse_file
from ...namespaces import HVA
from .. import turtle
from ..todo import draft_file


@dataclass
class Draft:
    file: Path
    """drafts/NNN/source-NNN.ttl"""
    text_file: Path
    """drafts/NNN/NNN_<sha256[:16]>.txt, what the selectors point into"""
    graph: Graph
    text: str
    written: bytes
    """The file's bytes as last read or saved: anything else there is someone else's edit."""

    @classmethod
    def open(cls, path: Path) -> "Draft":
        """The draft in a folder (or its source-NNN.ttl); DataFileError if it or its text cannot be read."""
        file = draft_file(Path(path))
        written = file.read_bytes()
        graph = parse_file(file)
        return cls(file, _text_file(file, graph), graph, _read_text(_text_file(file, graph)), written)

    @property
    def folder(self) -> Path:
        return self.file.parent

    def save(self) -> bool:
        """Write the graph in the data files' layout; False when the bytes are those on disk."""
        data = turtle.write(self.graph).encode("utf-8")
        if data == self.written:
            return False
        atomic_write(self.file, data)
        self.written = data
        return True

    def changed_on_disk(self) -> bool:
        try:
            return self.file.read_bytes() != self.written
        except OSError:
            return True

    def reread(self) -> None:
        """Take the file as it is now (a curator may also edit it by hand), or as last written
        when a change failed half-way."""
        if self.changed_on_disk():
            self.written = self.file.read_bytes()
            self.graph = parse_file(self.file)
        else:
            self.graph = turtle.read(self.written.decode("utf-8"))


def _text_file(file: Path, graph: Graph) -> Path:
    names = sorted(str(graph.value(doc, DCTERMS.identifier) or "") for doc in graph.subjects(RDF.type, HVA.SourceDocument))
    names = [name for name in names if name]
    if len(names) != 1:
        raise DataFileError(file, f"a draft describes one source document with its file name; this one names {len(names)}")
    return file.parent / names[0]


def _read_text(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(path, f"the draft's source text cannot be read beside it: {error}") from None
