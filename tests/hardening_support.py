"""What the hardening tests share: a real `hva-graph serve` started with its log in a file,
the server's process tree read from /proc, and clients that misbehave on purpose."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from conftest import free_port

BIN = Path(sys.executable).parent
ATTACKER = "127.0.0.2"
"""Misbehaving clients connect from their own loopback address, so that the cap per client
address tells them from the test's own requests (from 127.0.0.1)."""


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def master(self) -> int:
        return self.process.pid

    def worker(self) -> int | None:
        """gunicorn's worker, as its log names it ("Booting worker with pid"), while it is the
        master's child. (The master has another child while the dumps of the version it checked
        at start are being written: the lowest pid may be that one.)"""
        booted = re.findall(r"Booting worker with pid: (\d+)", self.log.read_text(errors="replace"))
        children = children_of(self.master)
        return int(booted[-1]) if booted and int(booted[-1]) in children else None

    def zygote(self) -> int | None:
        worker = self.worker()
        children = children_of(worker) if worker else []
        return children[0] if children else None

    def query_processes(self) -> list[int]:
        zygote = self.zygote()
        return children_of(zygote) if zygote else []

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(tmp_path: Path, env: dict[str, str] | None = None, args: tuple[str, ...] = (),
          timeout: float = 180.0) -> Server:
    """`hva-graph serve` on a free loopback port, answering /health, with its log in tmp_path. The
    dumps are the run's (HVA_GRAPH_DUMPS_DIR, tests/conftest.py), made once for the project's data:
    a server of other data says where its own go."""
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    environment = {**os.environ, "HVA_GRAPH_ACCESS_LOG": "off", **(env or {})}
    environment.setdefault("HVA_GRAPH_DUMPS_DIR", str(tmp_path / "dumps"))
    with open(log, "wb") as sink:
        process = subprocess.Popen([str(BIN / "hva-graph"), "serve", "--port", str(port), *args],
                                   env=environment, stdout=sink, stderr=subprocess.STDOUT)
    server = Server(process, port, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hva-graph serve exited {process.returncode}: {log.read_text()[-3000:]}")
        if health(server, timeout=2) is not None:
            return server
        time.sleep(0.2)
    server.stop()
    raise RuntimeError("hva-graph serve did not answer /health in time")


def health(server: Server, timeout: float = 5.0) -> dict | None:
    """/health's JSON (also when it is 503, degraded); None without an answer."""
    try:
        with urllib.request.urlopen(server.base + "/health", timeout=timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error)
    except (OSError, ValueError):
        return None


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return sorted(found)


def alive(pid: int) -> bool:
    """Exists and is not a zombie (a zombie uses no CPU or memory; its parent reaps it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def private_mb(pid: int) -> float:
    """What the process holds alone (not the pages it shares copy-on-write with the zygote)."""
    try:
        total = sum(int(line.split()[1]) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
                    if line.startswith(("Private_Clean:", "Private_Dirty:")))
        return total / 1024
    except (OSError, ValueError):
        return 0.0


def get(server: Server, path: str, headers: dict | None = None, timeout: float = 30.0, data: bytes | None = None):
    """(status, headers, body) of one request; errors are answers too."""
    request = urllib.request.Request(server.base + path, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def raw(port: int, data: bytes, timeout: float = 20.0, source: str = "127.0.0.1") -> tuple[bytes, float]:
    """Send bytes as they are; everything the server sends back until it closes, and how long that took."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0)) as sock:
        sock.sendall(data)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except (socket.timeout, ConnectionResetError):
            pass
    return received, time.monotonic() - started


def status_of(response: bytes) -> int | None:
    try:
        return int(response.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


class Attack:
    """Connections from ATTACKER that each send `head` and then one byte a second (or nothing,
    or read nothing), reopened whenever the server closes one, as a determined client would."""

    def __init__(self, port: int, count: int, head: bytes, drip: bool = True):
        self.port, self.head, self.drip = port, head, drip
        self.stop = threading.Event()
        self.reopened = 0
        self.sockets = [self._open() for _ in range(count)]
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _open(self) -> socket.socket | None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5, source_address=(ATTACKER, 0))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(self.head)
            sock.setblocking(False)
            return sock
        except OSError:
            return None

    def _run(self) -> None:
        while not self.stop.wait(1.0):
            for index, sock in enumerate(self.sockets):
                if sock is None or self._closed(sock):
                    if sock is not None:
                        sock.close()
                    self.sockets[index] = self._open()
                    self.reopened += 1
                elif self.drip:
                    try:
                        sock.send(b"x")
                    except OSError:
                        pass

    def _closed(self, sock: socket.socket) -> bool:
        if not self.drip and self.head.endswith(b"\r\n\r\n"):
            return False  # a reader that never reads: not even to see whether it was closed
        try:
            return sock.recv(65536) == b""
        except BlockingIOError:
            return False
        except OSError:
            return True

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        for sock in self.sockets:
            if sock is not None:
                sock.close()


def kill_all(pids: list[int]) -> None:
    """Clean up after a failed test: only processes this test saw in its own server's tree."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
