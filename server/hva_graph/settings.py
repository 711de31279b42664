"""One settings object: defaults, then the environment (HVA_GRAPH_*), then explicit overrides."""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    """Where the knowledge lives and how it is served.

    Environment variables: HVA_GRAPH_ROOT (project folder holding ontology/, data/,
    shapes/), HVA_GRAPH_SEEDS (folder of source documents, default sources/ in the project).
    """

    root: Path = PROJECT_ROOT
    seeds_dir: Path | None = None
    data_paths: tuple[Path, ...] = field(default_factory=tuple)

    host: str = "127.0.0.1"
    port: int = 5000
    access_log: bool = True
    """One line per request on standard output (gunicorn's access log); off saves CPU under load."""
    http_threads: int = 8
    """Requests served at once by the HTTP server."""
    query_workers: int = 2
    """Query processes: a runaway query is killed with its process, which is then replaced."""
    query_timeout: float = 10.0
    """Seconds a query may run before it is stopped and answered with 503."""
    result_limit: int = 10_000
    """Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in one answer; more is an explicit error."""
    max_request_bytes: int = 1_000_000
    max_query_length: int = 100_000
    """Characters of SPARQL text accepted in one query, sent by GET or POST."""
    max_answer_bytes: int = 16_000_000
    """Most bytes in one answer (beside the row limit); more is an explicit error, never a truncation."""
    query_memory_mb: int = 1024
    """Megabytes a query process may grow by while it answers one query; past it the query is stopped."""
    request_read_timeout: float = 10.0
    """Seconds a client may take to send a whole request (line, headers and body)."""
    connections_per_client: int = 64
    """Connections one client may hold open at once; 0: no cap. Connections from a trusted proxy
    are not capped (the proxy speaks for many clients)."""
    client_requests_per_second: float = 20.0
    """Requests per second one client may send that the response cache cannot answer (up to
    client_request_burst at once); past it 429 with Retry-After. 0: no limit."""
    client_request_burst: int = 100
    client_query_seconds: float = 60.0
    """Seconds of query processes' time one client may use per minute (cached answers cost none);
    once spent, 429 with Retry-After until enough has come back. 0: no budget."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For names the client;
    from anyone else the header is ignored. A client is an IPv4 address or an IPv6 /64."""
    service_allowlist: tuple[str, ...] = ()
    """Endpoints that SERVICE may call; empty (the default) refuses every SERVICE clause."""
    base_iri: str = "https://w3id.org/hva-graph/"
    """The namespace of the graph's own IRIs; the server answers for them under its own host
    (base_iri + "id/x" is served at /id/x), so IRIs never depend on where the server runs."""
    cache_dir: Path | None = None
    """Where per-data-version results (OWL RL closure, validation verdict) are kept; default var/cache."""
    dumps_dir: Path | None = None
    """Where the dump files are written, one folder per data version; default var/dumps."""
    store: str = "memory"
    """Where queries are answered: memory (loaded from the data files at start), the folder of a
    store built by `hva-graph load --store PATH`, or a remote engine, sparql+http(s)://host/path."""
    store_check_interval: float = 3600.0
    """Seconds between full checks of a disk store's files while it is served (every file read
    and compared with the SHA-256 `hva-graph load` recorded); 0: none on a schedule. A store is
    also checked before it is served, within a second of a file's change through the file
    system, and when a query process dies in a way damage could explain."""
    remote_read_timeout: float = 300.0
    """Seconds the service itself may spend reading a remote store's content (its fingerprint at
    start, a graph for the dumps); users' queries keep query_timeout."""
    remote_engine: str = "auto"
    """Which engine a remote store is (store/engines.py): auto (known by the Server header it sends),
    oxigraph, virtuoso or generic (any other SPARQL 1.1 engine)."""
    remote_graph_store: str | None = None
    """The Graph Store Protocol endpoint `hva-graph load` pushes a remote store's graphs to; default
    the engine's own (oxigraph serve: /store beside /query; Virtuoso: /sparql-graph-crud-auth)."""
    remote_update: str | None = None
    """A SPARQL Update endpoint to push through instead, for an engine without the Graph Store Protocol."""
    remote_user: str | None = field(default=None, repr=False)
    remote_password: str | None = field(default=None, repr=False)
    """Credentials for pushing to a remote store (HTTP Digest or Basic, as the engine asks): from
    HVA_GRAPH_REMOTE_USER / HVA_GRAPH_REMOTE_PASSWORD only, never from the command line."""

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
    def cache_folder(self) -> Path:
        return self.cache_dir or (self.root / "var" / "cache")

    @property
    def dumps_folder(self) -> Path:
        return self.dumps_dir or (self.root / "var" / "dumps")

    @property
    def seeds(self) -> Path:
        return self.seeds_dir or (self.root / "sources")

    @property
    def pid_file(self) -> Path:
        """Where `hva-graph serve` writes its (gunicorn master's) pid, for `hva-graph reload`."""
        return self.root / "var" / "run" / f"hva-graph-{self.port}.pid"

    @property
    def store_kind(self) -> str:
        """memory, disk or remote: which kind of store the `store` setting names."""
        return store_kind(self.store)

    @property
    def data_files(self) -> tuple[Path, ...]:
        """The data files to load: the given paths (files or folders), else data/."""
        return expand_paths(self.data_paths or (self.data_dir,))

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Settings":
        """Defaults, then HVA_GRAPH_<FIELD> variables, then explicit overrides.

        A malformed variable is a ValueError naming it, not a silently ignored setting.
        """
        env = os.environ if env is None else env
        values: dict = {}
        for f in dataclasses.fields(cls):
            raw = env.get("HVA_GRAPH_" + f.name.upper())
            if raw is None or f.name == "data_paths":
                continue
            try:
                values[f.name] = _convert(f.name, raw)
            except ValueError as error:
                raise ValueError(f"HVA_GRAPH_{f.name.upper()}={raw!r}: {error}") from None
        if env.get("HVA_GRAPH_SEEDS"):
            values["seeds_dir"] = Path(env["HVA_GRAPH_SEEDS"]).resolve()
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = dataclasses.replace(cls(), **values)
        settings.check()
        return settings

    def check(self) -> None:
        positive = ("port", "http_threads", "query_workers", "result_limit", "max_request_bytes",
                    "max_query_length", "max_answer_bytes", "query_memory_mb")
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)}")
        for name in ("client_requests_per_second", "client_query_seconds"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be 0 (no limit) or positive, not {getattr(self, name)}")
        if self.client_request_burst < 1:
            raise ValueError(f"client_request_burst must be positive, not {self.client_request_burst}")
        for proxy in self.trusted_proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise ValueError(f"trusted_proxies holds {proxy!r}, which is no IP address or network") from None
        if self.connections_per_client < 0:
            raise ValueError(f"connections_per_client must be 0 (no cap) or positive, not {self.connections_per_client}")
        if self.store_check_interval < 0:
            raise ValueError(f"store_check_interval must be 0 (none on a schedule) or positive, not {self.store_check_interval}")
        for name in ("query_timeout", "remote_read_timeout", "request_read_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)}")
        check_store(self.store)
        if self.remote_engine not in REMOTE_ENGINES:
            raise ValueError(f"remote_engine must be one of {', '.join(REMOTE_ENGINES)}, not {self.remote_engine!r}")
        for name in ("remote_graph_store", "remote_update"):
            if getattr(self, name) is not None:
                check_http_url(name, getattr(self, name))
        if not self.base_iri.startswith(("http://", "https://")) or not self.base_iri.endswith(("/", "#")):
            raise ValueError(f"base_iri must be an http(s) IRI ending in / or #, not {self.base_iri!r}")
        for iri in self.service_allowlist:
            if not iri.startswith(("http://", "https://")):
                raise ValueError(f"service_allowlist holds {iri!r}, which is not an http(s) IRI")


def _boolean(raw: str) -> bool:
    if raw.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if raw.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected on or off (1/0, true/false, yes/no)")


_CONVERTERS = {
    "access_log": _boolean,
    "root": lambda raw: Path(raw).resolve(),
    "seeds_dir": lambda raw: Path(raw).resolve(),
    "cache_dir": lambda raw: Path(raw).resolve(),
    "dumps_dir": lambda raw: Path(raw).resolve(),
    "host": str,
    "base_iri": str,
    "port": int,
    "http_threads": int,
    "query_workers": int,
    "query_timeout": float,
    "remote_read_timeout": float,
    "store_check_interval": float,
    "store": str,
    "remote_engine": lambda raw: raw.strip().lower(),
    "remote_graph_store": str,
    "remote_update": str,
    "remote_user": str,
    "remote_password": str,
    "result_limit": int,
    "max_request_bytes": int,
    "max_query_length": int,
    "max_answer_bytes": int,
    "query_memory_mb": int,
    "request_read_timeout": float,
    "connections_per_client": int,
    "client_requests_per_second": float,
    "client_request_burst": int,
    "client_query_seconds": float,
    "trusted_proxies": lambda raw: tuple(raw.split()),
    "service_allowlist": lambda raw: tuple(raw.split()),
}


def _convert(name: str, raw: str):
    return _CONVERTERS[name](raw)


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


MEMORY = "memory"
REMOTE_ENGINES = ("auto", "oxigraph", "virtuoso", "generic")
REMOTE_SCHEMES = ("sparql+http://", "sparql+https://")


def store_kind(spec: str) -> str:
    """memory, disk or remote, for a `store` setting (checked by check_store)."""
    if spec == MEMORY:
        return "memory"
    if spec.startswith(REMOTE_SCHEMES):
        return "remote"
    return "disk"


def check_store(spec: str) -> None:
    """Raise ValueError for a `store` setting that is none of the three kinds."""
    if not spec:
        raise ValueError("store must be 'memory', a folder built by `hva-graph load`, or sparql+http(s)://…")
    if store_kind(spec) == "remote":
        endpoint_url(spec)
    elif "://" in spec:
        raise ValueError(f"store {spec!r}: the only remote stores are sparql+http://… and sparql+https://…")


def endpoint_url(spec: str) -> str:
    """The http(s) URL of a `sparql+http(s)://host[:port]/path` store setting."""
    if not spec.startswith(REMOTE_SCHEMES):
        raise ValueError(f"a remote store is sparql+http://host[:port]/path or sparql+https://…, not {spec!r}")
    url = spec[len("sparql+"):]
    check_http_url("store", url, shown=spec)
    return url


def check_http_url(name: str, url: str, shown: str | None = None) -> None:
    """Raise ValueError unless `url` is http(s) with a host and a valid port, and carries no
    fragment or credentials (those come from the environment, never from an address)."""
    parts = urllib.parse.urlsplit(url)
    shown = shown or url
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{name} {shown!r} is not an http(s) address")
    if not parts.hostname or parts.fragment or parts.username or parts.password:
        raise ValueError(f"{shown!r} is not a usable endpoint address (host required; no fragment or credentials)")
    try:
        parts.port
    except ValueError:
        raise ValueError(f"{shown!r} has an invalid port") from None
