"""The HTTP front: gunicorn's threaded worker, made to read each request whole in its event loop
before a thread takes it, so that slow and idle clients cost a socket, never a thread.

gunicorn's gthread worker hands every new connection to a thread, which then reads the request
at whatever pace the client sends it: eight clients sending a byte a second held all eight
threads, and every other request (even /health) waited (benchmarks/SLOW-CLIENTS.md). Here the
event loop that accepts connections also reads them, without blocking, until framing.Frame
says the request is complete; only then does a thread parse it (from memory) and run the
application. Answers go the other way the same way: what a thread writes is queued (up to
32 MB for one answer, 256 MB for all: client_socket.py) and the event loop sends it as fast as
the client reads, so a client that reads slowly does not hold a thread either. The front also
- gives each request `request_read_timeout` seconds to arrive whole (408, then closed), and
  each answer WRITE_SECONDS to be read,
- refuses a request line, header section or body over its limit, and malformed chunked
  framing, before the application sees them (414, 431, 413, 400);
- caps the connections of one client (`connections_per_client`; a trusted proxy's are not capped);
- closes connections gracefully without waiting in the event loop (gunicorn lingers up to 2 s
  on the loop's thread for each closed connection), and
- bounds how long a thread may wait on one client's socket (60 s), where an answer is larger
  than the queue takes (large dump files).
Every answer the front gives itself is plain text with the application's security headers
(the worker class's `headers`, set by server.py).
"""

from __future__ import annotations

import errno
import html
import math
import re
import selectors
import socket
import threading
import time
from collections import Counter
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

from ..fairness.clients import client_key
from ..forwarding.trust import TrustedProxies
from .framing import Frame, Refusal
from .client_socket import OUTBOX_TOTAL, Budget, ClientSocket

WRITE_SECONDS = 300.0
"""How long a queued answer may take to be read before the connection is dropped."""
LINGER_SECONDS = 2.0
"""How long a closing connection is drained (RFC 9112, 9.6) before it is closed regardless."""
HEAD_ALLOWANCE = 256 * 1024
"""Header fields beside the request line (gunicorn limits each field and their number)."""
RECEIVE = 65536
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


class _Conn(TConn):
    def __init__(self, worker: "GuardedWorker", cfg, sock, client, server):
        super().__init__(cfg, sock, client, server)
        self.worker, self.address = worker, client_key(client[0]) if isinstance(client, tuple) else ""
        """The client it comes from (fairness/clients.py: an IPv4 address or an IPv6 /64)."""
        self.frame: Frame | None = None
        self.buffer = bytearray()
        self.deadline = 0.0
        self.complete = False
        self.counted = True
        self.continued = False
        """The front has sent this request's 100 Continue."""

    def close(self, graceful: bool = False) -> None:
        self.worker.forget(self)
        if graceful and self.worker.on_loop():
            self.worker.linger(self)
        else:
            super().close(graceful)


class GuardedWorker(ThreadWorker):
    """gthread with a reading front (see the module's docstring). server.py makes a subclass
    with the limits from the settings: max_line, max_body, read_timeout, connections_per_client."""

    limits: dict = {}
    headers: dict[str, str] = {}

    def init_process(self) -> None:
        self.trusted = TrustedProxies(self.limits.get("trusted_proxies", ()))
        self.reading: dict[_Conn, None] = {}
        self.writing: dict[_Conn, None] = {}
        self.lingering: dict[socket.socket, float] = {}
        self.budget = Budget(OUTBOX_TOTAL)
        self.per_client: Counter[str] = Counter()
        self._loop_thread = None
        super().init_process()

    def run(self) -> None:
        self._loop_thread = threading.get_ident()
        super().run()

    def on_loop(self) -> bool:
        return threading.get_ident() == self._loop_thread

    # --- connections in and out ------------------------------------------------------------

    def accept(self, listener) -> None:
        try:
            client, address = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        sock = ClientSocket(client.family, client.type, client.proto, fileno=client.detach())
        conn = _Conn(self, self.cfg, sock, address, listener.getsockname())
        cap = self.limits.get("connections_per_client", 0)
        proxy = isinstance(address, tuple) and self.trusted.trusts(address[0])
        if cap and self.per_client[conn.address] >= cap and not proxy:
            conn.counted = False
            # Idle connections are closed after the read timeout: by then this client has room.
            self._answer(conn, Refusal(429, "Too Many Requests",
                                       f"This client has {cap} connections open to this server already, "
                                       "the most it may; close some and try again."),
                         {"Retry-After": str(math.ceil(self.limits["read_timeout"]))})
            return
        self.nr_conns += 1
        self.per_client[conn.address] += 1
        self._read(conn)

    def forget(self, conn: _Conn) -> None:
        """Called once when a connection closes, however it closes."""
        self.reading.pop(conn, None)
        self.writing.pop(conn, None)
        if conn.counted:
            conn.counted = False
            self.per_client[conn.address] -= 1
            if self.per_client[conn.address] <= 0:
                del self.per_client[conn.address]

    def enqueue_req(self, conn: _Conn) -> None:
        """gunicorn calls this for every request it wants a thread for; only a complete one goes."""
        if conn.complete:
            conn.complete = False
            super().enqueue_req(conn)
        else:
            self._read(conn)

    # --- reading a request in the loop -------------------------------------------------------

    def _read(self, conn: _Conn) -> None:
        limits = self.limits
        conn.frame = Frame(limits["max_line"], limits["max_line"] + HEAD_ALLOWANCE, limits["max_body"])
        conn.buffer = bytearray(conn.parser.unreader.take_buffered() if conn.parser else b"")
        conn.deadline = time.monotonic() + limits["read_timeout"]
        conn.sock.setblocking(False)
        self.reading[conn] = None
        if (conn.buffer and self._progress(conn)) or self._receive(conn):
            return  # often the request is there already (a kept-alive connection that woke up)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _on_readable(self, conn: _Conn, sock) -> None:
        self._receive(conn)

    def _receive(self, conn: _Conn) -> bool:
        """Read what has arrived; whether the connection left the reading state."""
        try:
            data = conn.sock.recv(RECEIVE)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            data = b""
        if not data:  # the client went away (or only ever opened the connection)
            self._drop(conn)
            return True
        conn.buffer += data
        return self._progress(conn)

    def _progress(self, conn: _Conn) -> bool:
        """Whether the connection left the reading state (handed on or answered)."""
        result = conn.frame.feed(conn.buffer)
        if result is None:
            if conn.frame.wants_continue:
                conn.frame.wants_continue = False
                self._send_now(conn, CONTINUE)
                conn.continued = True
            return False
        self.reading.pop(conn, None)
        if isinstance(result, Refusal):
            self._unregister(conn)
            self._answer(conn, result)
            return True
        self._hand_over(conn, result)
        return True

    def _hand_over(self, conn: _Conn, end: int) -> None:
        """The request (its first `end` bytes) is complete: a thread parses it from memory and
        runs the application. A chunked body is handed on decoded (framing.Frame.handed), and
        an Expect line the front has answered already is left out (gunicorn would answer again)."""
        self._unregister(conn)
        conn.sock.setblocking(True)
        if not conn.initialized:
            conn.init()
        request = conn.frame.handed(conn.buffer[:end], drop_expect=conn.continued)
        conn.continued = False
        conn.parser.unreader.unread(request + bytes(conn.buffer[end:]))
        conn.buffer = bytearray()
        conn.data_ready = conn.complete = True
        conn.sock.queue_writes(self.budget)
        self.enqueue_req(conn)

    # --- writing an answer in the loop -------------------------------------------------------

    def finish_request(self, conn: _Conn, fs) -> None:
        """The thread is done: send what it queued, then carry on as gunicorn does."""
        if conn.sock.outbox:
            conn.deadline = time.monotonic() + WRITE_SECONDS
            self.writing[conn] = None
            conn.sock.setblocking(False)
            self.poller.register(conn.sock, selectors.EVENT_WRITE, partial(self._on_writable, conn, fs))
            return
        super().finish_request(conn, fs)

    def _on_writable(self, conn: _Conn, fs, sock) -> None:
        try:
            done = sock.send_queued()
        except OSError:
            done = None
        if done is False:
            return
        self.writing.pop(conn, None)
        self._unregister(conn)
        if done is None:  # the client went away
            self._drop(conn)
        else:
            super().finish_request(conn, fs)

    def _unregister(self, conn: _Conn) -> None:
        try:
            self.poller.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass

    # --- answers and endings ---------------------------------------------------------------

    def _answer(self, conn: _Conn, refusal: Refusal, headers: dict[str, str] | None = None) -> None:
        """A plain-text answer from the front itself, then the connection is closed."""
        self._send_now(conn, plain_response(refusal.status, refusal.reason, refusal.message,
                                            {**self.headers, **(headers or {})}))
        self._drop(conn, graceful=True)

    def _send_now(self, conn: _Conn, data: bytes) -> None:
        try:
            conn.sock.setblocking(False)
            conn.sock.send(data)
        except OSError:
            pass

    def _drop(self, conn: _Conn, graceful: bool = False) -> None:
        self._unregister(conn)
        if conn.counted:
            self.nr_conns -= 1
        conn.close(graceful=graceful)

    def linger(self, conn: _Conn) -> None:
        """Close after the client has read the answer: half-close, drain in the loop, then close."""
        sock = conn.sock
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            sock.close()
            return
        self.lingering[sock] = time.monotonic() + LINGER_SECONDS
        self.poller.register(sock, selectors.EVENT_READ, self._drain)

    def _drain(self, sock) -> None:
        try:
            if sock.recv(RECEIVE):
                return
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            pass
        self._end_linger(sock)

    def _end_linger(self, sock) -> None:
        self.lingering.pop(sock, None)
        try:
            self.poller.unregister(sock)
        except (KeyError, ValueError, OSError):
            pass
        sock.close()

    def murder_pending(self) -> None:
        """Each turn of the loop: requests that did not arrive in time get 408; lingering
        closes that are over are closed."""
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c in self.reading if c.deadline <= now]:
            self.reading.pop(conn, None)
            self._unregister(conn)
            self._answer(conn, Refusal(408, "Request Timeout", (
                f"The request did not arrive whole within {self.limits['read_timeout']:g} s; "
                "the connection is closed.")))
        for conn in [c for c in self.writing if c.deadline <= now]:
            self.writing.pop(conn, None)
            self._drop(conn)
        for sock in [s for s, deadline in self.lingering.items() if deadline <= now]:
            self._end_linger(sock)

    def handle_error(self, req, client, addr, exc) -> None:
        """gunicorn's own refusals (a bad header, method or version) as plain text with the
        application's headers, instead of its HTML page."""
        sent = _Capture()
        super().handle_error(req, sent, addr, exc)
        status, reason, message = sent.parsed()
        try:
            client.sendall(plain_response(status, reason, message, self.headers))
        except OSError:
            pass


class _Capture:
    """Stands in for the client socket while gunicorn writes its error page, to reword it."""

    def __init__(self):
        self.data = b""

    def gettimeout(self):
        return 0.0

    def sendall(self, data: bytes) -> None:
        self.data += data

    send = sendall

    def parsed(self) -> tuple[int, str, str]:
        head, _, page = self.data.decode("latin-1").partition("\r\n\r\n")
        status_line = head.split("\r\n", 1)[0].split(" ", 2)
        status, reason = int(status_line[1]), status_line[2] if len(status_line) > 2 else ""
        message = page.partition("</h1>")[2].partition("</body>")[0]  # the title repeats the reason
        return status, reason, " ".join(html.unescape(re.sub(r"<[^>]+>", " ", message)).split()) or reason


def plain_response(status: int, reason: str, message: str, headers: dict[str, str]) -> bytes:
    body = (message.rstrip() + "\n").encode("utf-8")
    head = [f"HTTP/1.1 {status} {reason}", "Content-Type: text/plain; charset=utf-8",
            f"Content-Length: {len(body)}", "Connection: close",
            *(f"{name}: {value}" for name, value in headers.items())]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
