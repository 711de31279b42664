"""Real SPARQL engines for the tests, each on loopback with its own database in a temporary folder:
Virtuoso Open Source 7 (Debian's virtuoso-opensource, as an operator installs it) and `oxigraph
serve` (the PyPI oxigraph package), read-only or writable."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import free_port

BIN = Path(sys.executable).parent
VIRTUOSO, ISQL = shutil.which("virtuoso-t"), shutil.which("isql-vt")

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {folder}
NumberOfBuffers = 5000
MaxDirtyBuffers = 3000
MaxQueryMem = 500M
ThreadsPerQuery = 1
VADInstallDir = {folder}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 8
ServerThreads = 8
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {max_seconds}
MaxQueryCostEstimationTime = 0
"""
"""The settings an operator's virtuoso.ini has, in a folder of its own; ResultSetMaxRows raised
from Virtuoso's 10,000 above the result limits the tests use (docs/operating.md: Choosing a store), and
MaxQueryExecutionTime short, so that a runaway test query stops soon after the service gave up."""


def require_virtuoso() -> None:
    """Virtuoso tests need the Debian package; in CI a missing one fails them instead of skipping."""
    if VIRTUOSO and ISQL:
        return
    message = "Virtuoso is not installed: apt-get install virtuoso-opensource (`make system-packages` does, as root)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
"""The virtuoso.ini Debian's virtuoso-opensource installs."""


def packaged_ini(folder: Path, sql_port: int, http_port: int, max_rows: int) -> str:
    """Debian's virtuoso.ini with only ResultSetMaxRows raised (README: Choosing a store), and
    where it runs moved: its files into `folder`, its ports onto loopback. Every other setting
    (MaxQueryCostEstimationTime 400 s, MaxQueryExecutionTime 60 s, gzip, threads …) is the
    package's own."""
    moved = {
        ("Database", "DatabaseFile"): f"{folder}/virtuoso.db", ("Database", "ErrorLogFile"): f"{folder}/virtuoso.log",
        ("Database", "LockFile"): f"{folder}/virtuoso.lck", ("Database", "TransactionFile"): f"{folder}/virtuoso.trx",
        ("Database", "xa_persistent_file"): f"{folder}/virtuoso.pxa",
        ("TempDatabase", "DatabaseFile"): f"{folder}/virtuoso-temp.db",
        ("TempDatabase", "TransactionFile"): f"{folder}/virtuoso-temp.trx",
        ("Parameters", "ServerPort"): f"127.0.0.1:{sql_port}", ("HTTPServer", "ServerPort"): f"127.0.0.1:{http_port}",
        ("SPARQL", "ResultSetMaxRows"): str(max_rows),
    }
    lines, section, found = [], "", set()
    for line in PACKAGED_INI.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1]
        key = stripped.split("=", 1)[0].strip() if "=" in stripped and not stripped.startswith(";") else None
        if (section, key) in moved:
            line, _ = f"{key} = {moved[section, key]}", found.add((section, key))
        lines.append(line)
    missing = set(moved) - found
    if missing:
        raise RuntimeError(f"{PACKAGED_INI} has no {sorted(missing)}: the package changed its settings")
    return "\n".join(lines) + "\n"


class Virtuoso:
    """One Virtuoso server: its database, virtuoso.ini and log in `folder`, free loopback ports.
    packaged: Debian's own virtuoso.ini (packaged_ini) instead of the tests' short limits."""

    def __init__(self, folder: Path, max_rows: int = 100_000, max_seconds: int = 3, packaged: bool = False):
        require_virtuoso()
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        self.ini = self.folder / "virtuoso.ini"
        self.ini.write_text(packaged_ini(self.folder, self.sql_port, self.http_port, max_rows) if packaged else
                            VIRTUOSO_INI.format(folder=self.folder, sql_port=self.sql_port, http_port=self.http_port,
                                                max_rows=max_rows, max_seconds=max_seconds))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Its SPARQL endpoint, as an operator gives it to `--store sparql+…`."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def start(self, timeout: float = 90.0) -> "Virtuoso":
        log = open(self.folder / "console.log", "ab")
        self.process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(self.ini)], cwd=self.folder,
                                        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        wait_for(self.url, self.process, timeout, lambda: (self.folder / "virtuoso.log").read_text(errors="replace"))
        return self

    def isql(self, *statements: str) -> str:
        """Run SQL statements as the dba (the password of a new database is dba)."""
        script = "".join(f"{statement};\n" for statement in statements)
        done = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF",
                               "PROMPT=OFF", "ERRORS=STDOUT"], input=script, capture_output=True, text=True,
                              timeout=300)
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql: {done.stdout[-2000:]}{done.stderr[-2000:]}")
        return done.stdout

    def bulk_load(self, nquads: Path) -> None:
        """Load an N-Quads file with Virtuoso's bulk loader (each quad into its own graph)."""
        folder = self.folder / "load"
        folder.mkdir(exist_ok=True)
        shutil.copy(nquads, folder / nquads.name)
        self.isql(f"ld_dir('{folder}', '{nquads.name}', 'urn:x-hva-graph:unused')", "rdf_loader_run()", "checkpoint")
        errors = self.isql("select count(*) from DB.DBA.LOAD_LIST where ll_error is not null")
        if errors.split()[-1] != "0":
            raise RuntimeError(f"the bulk load failed: {self.isql('select ll_file, ll_error from DB.DBA.LOAD_LIST')}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()  # Virtuoso's quick shutdown: its transaction log is replayed at the next start
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def wait_for(url: str, process: subprocess.Popen, timeout: float, log=lambda: "") -> None:
    """Until the SPARQL endpoint at `url` answers ASK {}; a server that exits says why."""
    deadline = time.monotonic() + timeout
    query = url + "?query=" + urllib.parse.quote("ASK {}")
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited ({process.returncode}): {log()[-3000:]}")
        try:
            with urllib.request.urlopen(query, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    process.kill()
    process.wait()
    raise RuntimeError(f"{url}: the server did not answer within {timeout:g} s: {log()[-3000:]}")


class OxigraphServer:
    """`oxigraph serve` on a database folder: read-only (as a query service) or writable (to be
    pushed to), with its union default graph, as docs/operating.md: Choosing a store says."""

    def __init__(self, location: Path, writable: bool = False, union_default_graph: bool = True):
        self.location, self.writable, self.union = Path(location), writable, union_default_graph
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def start(self) -> "OxigraphServer":
        command = [str(BIN / "oxigraph"), "serve" if self.writable else "serve-read-only", "--location",
                   str(self.location), "--bind", f"127.0.0.1:{self.port}", "--timeout-s", "30"]
        if self.union:
            command.append("--union-default-graph")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for(self.url, self.process, 30, lambda: self.process.stderr.read().decode(errors="replace"))
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stderr.close()
        self.process = None


def serve_on_loopback(handler) -> tuple:
    """A threaded HTTP server of `handler` (quiet) on a free loopback port, and its /sparql URL."""
    quiet = type(handler.__name__, (handler,), {"log_message": lambda self, *args: None})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/sparql"


class StandIn:
    """Answers every query with the same status, headers and body; remembers what it was asked."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        outer = self
        self.asked: list[dict] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                outer.asked.append(urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()))
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    if name != "Server":  # sent by send_response, as version_string() says
                        self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def version_string(self):
                return headers.get("Server", "StandIn/1.0")

        self.server, self.url = serve_on_loopback(Handler)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class CappedEngine:
    """A SPARQL engine on loopback (pyoxigraph over `graphs`, answering SPARQL XML and N-Triples,
    honouring the protocol's dataset) that silently cuts every answer at `cap` rows (and every
    graph answer at `graph_cap` triples), as an engine with a row limit does (Virtuoso's
    ResultSetMaxRows when it sends no header)."""

    def __init__(self, graphs: dict, cap: int, graph_cap: int | None = None):
        import pyoxigraph as ox

        from hva_graph.store.embedded import build_store

        store = build_store(graphs)

        def answer(fields: dict) -> bytes:
            default, named = fields.get("default-graph-uri"), fields.get("named-graph-uri")
            result = store.query(fields["query"][0], use_default_graph_as_union=default is None,
                                 default_graph=[ox.NamedNode(g) for g in default] if default else None,
                                 named_graphs=[ox.NamedNode(g) for g in named] if named else None)
            if isinstance(result, ox.QueryBoolean):
                return result.serialize(format=ox.QueryResultsFormat.XML)
            if isinstance(result, ox.QueryTriples):
                lines = result.serialize(format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
                return b"".join(lines[:graph_cap or cap])
            lines = result.serialize(format=ox.QueryResultsFormat.TSV).rstrip(b"\n").split(b"\n")[:cap + 1]
            cut = ox.parse_query_results(b"\n".join(lines) + b"\n", format=ox.QueryResultsFormat.TSV)
            return cut.serialize(format=ox.QueryResultsFormat.XML)

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                fields = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                body = answer(fields)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+xml" if body.startswith(b"<?xml")
                                 or body.startswith(b"<sparql") else "application/n-triples")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def version_string(self):
                return "CappedEngine/1.0"

        self.server, self.url = serve_on_loopback(Handler)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
