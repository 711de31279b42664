"""Where does an HTTP/1.1 request end? The front's hand-written framing (front/framing.py)
against h11, the well-kept sans-I/O HTTP/1.1 library, on correctness and on speed (FRAMING.md).

Correctness: every chunk-size line form of RFC 9112's grammar (7.1: chunk-size = 1*HEXDIG,
chunk-ext = *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] )), valid and not,
plus the framing cases of tests/test_hardening.py. A framer is right on a case when it accepts
exactly what the grammar accepts (and gunicorn, which reads the same bytes after the front, reads
without raising). Speed: microseconds to frame typical requests, fed whole and in 1 KB pieces.

    .venv/bin/python benchmarks/framing.py [--repeats 2000]
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import time

import h11

from hva_graph.front.framing import Frame, Refusal

HEAD = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:5000\r\nUser-Agent: bench\r\nAccept: application/sparql-results+json\r\n"
        b"Content-Type: application/sparql-query\r\n")
TOKEN = rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
QUOTED = rb'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t -~\x80-\xff])*"'
CHUNK_LINE = re.compile(rb"[0-9A-Fa-f]+(?:[ \t]*;[ \t]*" + TOKEN + rb"(?:[ \t]*=[ \t]*(?:" + TOKEN + rb"|" + QUOTED + rb"))?)*")
"""RFC 9112 7.1's chunk-size line, written from the grammar (the reference of the cases)."""

CHUNK_LINES = [b"6", b"06", b"A", b"a", b"6;x", b"6 ;x", b"6\t;x", b"6; x", b"6;x=y", b"6;x = y", b'6;x="a b"',
               b'6;x="a\\"b"', b"6;x;y=z", b"6 ", b" 6", b"6\t", b"6;", b"6;=x", b"6;x=", b"6 6", b"0x6", b"+6",
               b"-6", b"", b"g", b"6;x=y z", b'6;x="unterminated', b"6;x\x00", b"6;\xff", b"\xff6"]
"""Valid and invalid chunk-size lines for a chunk of 6 bytes (the nine whitespace forms of issue 24
among them)."""


def chunked(line: bytes) -> bytes:
    """A request whose one chunk has as many bytes as the line's size says (else 6)."""
    size = re.match(rb"[0-9A-Fa-f]+", line)
    data = b"ASK {}".ljust(int(size.group(), 16) if size else 6)
    return HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + line + b"\r\n" + data + b"\r\n0\r\n\r\n"


class H11Frame:
    """The same question answered by h11: the request's length once complete, a Refusal, or None."""

    def __init__(self, max_head: int, max_body: int):
        self.connection = h11.Connection(h11.SERVER, max_incomplete_event_size=max_head)
        self.max_body, self.fed, self.body = max_body, 0, 0

    def feed(self, data: bytes | bytearray):
        self.connection.receive_data(bytes(data[self.fed:]))
        self.fed = len(data)
        while True:
            try:
                event = self.connection.next_event()
            except h11.RemoteProtocolError as error:
                return Refusal(error.error_status_hint, "Bad Request", str(error))
            if event is h11.NEED_DATA:
                return None
            if isinstance(event, h11.Data):
                self.body += len(event.data)
                if self.body > self.max_body:
                    return Refusal(413, "Content Too Large", "body too large")
            if isinstance(event, h11.EndOfMessage):
                return self.fed - len(self.connection.trailing_data[0])


def gunicorn_reads(data: bytes) -> bool:
    """Whether gunicorn 27's parser reads the request and its whole body without raising."""
    from gunicorn.config import Config
    from gunicorn.http.parser import RequestParser

    class Source:
        def __init__(self, payload):
            self.stream = io.BytesIO(payload)

        def recv(self, size):
            return self.stream.read(size)

    try:
        request = next(iter(RequestParser(Config(), Source(data), ("127.0.0.1", 1))))
        while request.body.read(8192):
            pass
        return True
    except Exception:
        return False


def correctness() -> list[dict]:
    rows = []
    for line in CHUNK_LINES:
        data = chunked(line)
        valid = CHUNK_LINE.fullmatch(line) is not None
        hand = Frame(8192, 65536, 1 << 20).feed(data)
        h11_result = H11Frame(65536, 1 << 20).feed(data)
        rows.append({"line": line, "grammar": valid, "gunicorn": gunicorn_reads(data),
                     "hand": not isinstance(hand, Refusal) and hand is not None,
                     "h11": not isinstance(h11_result, Refusal) and h11_result is not None})
    return rows


def requests() -> dict[str, bytes]:
    query = b"SELECT ?s WHERE { ?s a <https://w3id.org/hva-graph/ontology#Value> } LIMIT 10"
    form = b"query=" + query.replace(b" ", b"+") * 20
    return {
        "GET with a query": b"GET /sparql?query=" + query.replace(b" ", b"%20") + b" HTTP/1.1\r\nHost: x\r\n"
                            b"Accept: text/csv\r\nUser-Agent: bench\r\n\r\n",
        "POST form, 2 KB": HEAD.replace(b"sparql-query", b"x-www-form-urlencoded")
                           + b"Content-Length: %d\r\n\r\n" % len(form) + form,
        "POST chunked, 3 chunks": HEAD + b"Transfer-Encoding: chunked\r\n\r\n"
                                  + b"".join(b"%x\r\n%s\r\n" % (len(query), query) for _ in range(3)) + b"0\r\n\r\n",
    }


def time_one(make, data: bytes, step: int, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        frame, received = make(), bytearray()
        for start in range(0, len(data), step):
            received += data[start:start + step]
            if frame.feed(received) is not None:
                break
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def speed(repeats: int) -> list[dict]:
    rows = []
    for name, data in requests().items():
        for step in (len(data), 1024):
            hand = time_one(lambda: Frame(1 << 20, (1 << 20) + 262144, 1 << 20), data, step, repeats)
            other = time_one(lambda: H11Frame((1 << 20) + 262144, 1 << 20), data, step, repeats)
            rows.append({"request": name, "pieces": "whole" if step == len(data) else "1 KB",
                         "hand µs": round(hand, 1), "h11 µs": round(other, 1), "h11 / hand": round(other / hand, 1)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=2000)
    arguments = parser.parse_args()
    print(f"h11 {h11.__version__}")
    print("| chunk-size line | RFC 9112 | gunicorn reads | hand-written | h11 |\n|---|---|---|---|---|")
    wrong = {"hand": 0, "h11": 0}
    for row in correctness():
        for who in wrong:
            wrong[who] += row[who] != row["grammar"]
        print(f"| `{row['line']!r}` | {'valid' if row['grammar'] else 'invalid'} | {row['gunicorn']} | "
              f"{row['hand']} | {row['h11']} |")
    print(f"\ndisagreements with the grammar: hand-written {wrong['hand']}, h11 {wrong['h11']} "
          f"of {len(CHUNK_LINES)}\n")
    print("| request | fed | hand-written µs | h11 µs | h11 / hand |\n|---|---|---:|---:|---:|")
    for row in speed(arguments.repeats):
        print(f"| {row['request']} | {row['pieces']} | {row['hand µs']} | {row['h11 µs']} | {row['h11 / hand']} |")


if __name__ == "__main__":
    main()
