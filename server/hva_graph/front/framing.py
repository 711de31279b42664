"""Where an HTTP/1.1 request ends (RFC 9112, 6.3): the request line, the header section, and a
body of Content-Length bytes or in chunks. The front (worker.py) reads a request until it is
complete before a thread may take it; what is malformed or too large is refused here, with
the status a client can act on, before the application is involved.

Only framing is read: every other rule (header syntax, methods, singleton fields) is left to
gunicorn's own parser, which reads the same bytes afterwards. Where the framing itself is
ambiguous (two Content-Lengths, Content-Length beside Transfer-Encoding, a transfer coding
other than chunked) the head alone is handed on, and gunicorn refuses it.

A chunked body is decoded here, and gunicorn is handed the request with a Content-Length
instead (`handed`), as RFC 9112 (7.1.3) lets a recipient do; the trailer section is discarded,
which 7.1.3 allows too. So no chunk-size line or trailer field ever reaches gunicorn's chunk
reader, which raised inside the application (a 500) on every form it refuses (whitespace in a
size, a malformed trailer line, a field that must not be a trailer: Host, Content-Length …):
the front reads the chunk grammar exactly (400 for what it refuses) and needs no copy of
gunicorn's trailer rules, which change from release to release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_QUOTED = rb'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t -~\x80-\xff])*"'
CHUNK_LINE = re.compile(rb"([0-9A-Fa-f]{1,16})(?:[ \t]*;[ \t]*" + _TOKEN
                        + rb"(?:[ \t]*=[ \t]*(?:" + _TOKEN + rb"|" + _QUOTED + rb"))?)*")
"""A chunk-size line as RFC 9112 (7.1) writes it: chunk-size = 1*HEXDIG, then chunk-ext =
*( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ), a name a token and a value a
token or quoted-string: whitespace only before an extension, never around a bare size."""
MAX_CHUNK_LINE = 4096
"""A chunk-size line (size and extensions) longer than this is refused."""
MAX_TRAILERS = 16384


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str
    message: str


@dataclass
class Frame:
    """Reads one request as its bytes arrive: `feed` gives the request's length once complete,
    a Refusal when it can never be served, or None while more is needed."""
    max_line: int
    """Longest request line (a GET carries its query in it)."""
    max_head: int
    max_body: int
    head_end: int | None = None
    wants_continue: bool = False
    """The client waits for 100 Continue before it sends its body."""
    expect_line: tuple[int, int] | None = None
    """Where the Expect field line is (start, end with its CRLF): once the front has sent 100
    Continue itself it removes the line, so that gunicorn does not send another."""
    _scanned: int = 0
    _length: int | None = None
    _chunked: bool = False
    _position: int = 0
    _received: int = 0
    _data_end: int | None = None
    _trailers: int | None = None
    """Where the trailer section starts, once the last chunk was read."""
    _spans: list[tuple[int, int]] = field(default_factory=list)
    """Where each chunk's data is (start, end) in the request's bytes."""
    _coding_lines: list[tuple[int, int]] = field(default_factory=list)
    """Where the Transfer-Encoding field lines are (start, end with CRLF)."""

    def feed(self, data: bytes | bytearray) -> int | Refusal | None:
        if self.head_end is None:
            found = self._head(data)
            if found is not None:
                return found
            if self.head_end is None:
                return None
        if self._chunked:
            return self._chunks(data)
        end = self.head_end + (self._length or 0)
        return end if len(data) >= end else None

    def _head(self, data) -> int | Refusal | None:
        line_end = data.find(b"\r\n")
        if (line_end < 0 and len(data) > self.max_line) or line_end > self.max_line:
            return Refusal(414, "URI Too Long", f"The request line is longer than {self.max_line} bytes. "
                                                "Send a long query with POST (application/sparql-query or a form).")
        end = data.find(b"\r\n\r\n", max(self._scanned - 3, 0))
        if end < 0:
            if data.find(b"\n\n", max(self._scanned - 1, 0)) >= 0:  # gunicorn reads CRLF only
                return Refusal(400, "Bad Request", "The request's lines end in a bare LF; HTTP/1.1 lines end "
                                                   "in CRLF (RFC 9112, 2.2).")
            self._scanned = len(data)
            if len(data) > self.max_head:
                return Refusal(431, "Request Header Fields Too Large",
                               f"The request's header section is larger than {self.max_head} bytes.")
            return None
        self.head_end = end + 4
        return self._body_framing(bytes(data[line_end + 2:end]), bytes(data[:line_end]), line_end + 2)

    def _body_framing(self, fields: bytes, request_line: bytes, offset: int) -> int | Refusal | None:
        lengths, codings, expect = set(), [], False
        for line in fields.split(b"\r\n"):
            name, _, value = line.partition(b":")
            name, value = name.strip().lower(), value.strip()
            if name == b"content-length":
                lengths.add(value)
            elif name == b"transfer-encoding":
                codings += [c.strip().lower() for c in value.split(b",")]
                self._coding_lines.append((offset, offset + len(line) + 2))
            elif name == b"expect":
                expect = value.lower() == b"100-continue"
                self.expect_line = (offset, offset + len(line) + 2)
            offset += len(line) + 2
        self.wants_continue = expect and request_line.endswith(b"HTTP/1.1")
        if codings:
            if codings == [b"chunked"] and not lengths:
                self._chunked, self._position = True, self.head_end
                return None
            return self.head_end  # gunicorn refuses or reads it
        if len(lengths) > 1 or (lengths and not next(iter(lengths)).isdigit()):
            return self.head_end
        self._length = int(next(iter(lengths))) if lengths else 0
        if self._length > self.max_body:
            return _too_large(self.max_body)
        return None

    def _chunks(self, data) -> int | Refusal | None:
        """Follow the chunks from where the last call stopped: a size line, its data and CRLF,
        until the zero-size chunk and the (possibly empty) trailer section."""
        while True:
            if self._data_end is not None:  # inside a chunk's data
                if len(data) < self._data_end + 2:
                    return None
                if data[self._data_end:self._data_end + 2] != b"\r\n":
                    return _malformed("a chunk longer than its size says")
                self._position, self._data_end = self._data_end + 2, None
            line_end = data.find(b"\r\n", self._position)
            if line_end < 0:
                if len(data) - self._position > MAX_CHUNK_LINE:
                    return _malformed("a chunk-size or trailer line that does not end")
                return None
            line = bytes(data[self._position:line_end])
            self._position = line_end + 2
            if self._trailers:
                if not line:
                    return self._position
                if self._position - self._trailers > MAX_TRAILERS:
                    return _malformed("trailer fields that do not end")
                continue
            found = CHUNK_LINE.fullmatch(line)
            if found is None:
                return _malformed(f"the chunk-size line {line[:40]!r}, which is not a hexadecimal size with "
                                  "optional ;name=value extensions")
            length = int(found.group(1), 16)
            self._received += length
            if self._received > self.max_body:
                return _too_large(self.max_body)
            if length == 0:
                self._trailers = self._position
            else:
                self._data_end = self._position + length
                self._spans.append((self._position, self._data_end))

    def handed(self, request: bytes | bytearray, drop_expect: bool = False) -> bytes:
        """The complete request (the bytes `feed` measured) as gunicorn is to read it: a chunked
        body decoded, with a Content-Length in place of its Transfer-Encoding and its trailers
        left out; without the Expect line (`drop_expect`) once the front has answered it."""
        dropped = list(self._coding_lines) if self._chunked else []
        if drop_expect and self.expect_line:
            dropped.append(self.expect_line)
        if not dropped:
            return bytes(request)
        head, start = bytearray(), 0
        for line_start, line_end in sorted(dropped):
            head += request[start:line_start]
            start = line_end
        head += request[start:self.head_end - 2]
        if not self._chunked:
            return bytes(head) + b"\r\n" + bytes(request[self.head_end:])
        body = b"".join(bytes(request[a:b]) for a, b in self._spans)
        return bytes(head) + b"Content-Length: %d\r\n\r\n" % len(body) + body


def _malformed(what: str) -> Refusal:
    return Refusal(400, "Bad Request", f"Malformed chunked request body: {what} (RFC 9112, 7.1).")


def _too_large(limit: int) -> Refusal:
    return Refusal(413, "Content Too Large", f"The request body is larger than the limit of {limit} bytes.")
