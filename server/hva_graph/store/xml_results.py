"""SPARQL XML results counted as they stream in, so that the result limit stops the transfer
as soon as it is passed (as TSV rows and N-Triples lines are counted by the line)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from .results import LimitReached

RESULT = "{http://www.w3.org/2005/sparql-results#}result"


class XmlResultCounter(io.RawIOBase):
    """A write target that keeps the bytes and counts the <result> elements in them with an
    XML pull parser (never by matching text); LimitReached past `limit` rows or `max_bytes`."""

    def __init__(self, limit: int, max_bytes: int):
        self.limit, self.max_bytes = limit, max_bytes
        self.rows = self.size = 0
        self._chunks: list[bytes] = []
        self._parser = ET.XMLPullParser(events=("end",))

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        self._chunks.append(data)
        self.size += len(data)
        if self.size > self.max_bytes:
            raise LimitReached
        self._parser.feed(data)
        for _, element in self._parser.read_events():
            if element.tag == RESULT:
                self.rows += 1
                if self.rows > self.limit:
                    raise LimitReached
                element.clear()  # its bindings are kept as bytes, not as a tree
        return len(data)

    def body(self) -> bytes:
        return b"".join(self._chunks)
