"""One settings object: defaults, then the environment (HVA_GRAPH_*), then explicit overrides."""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The clone this package runs from, when it runs from one (an editable install)."""
PACKAGED = "project"
"""The folder inside the package where the wheel carries the project's files (setup.py puts
them there: ontology/, data/, shapes/, queries/, sources/ and web/node_modules/)."""


@cache
def packaged_root() -> Path | None:
    """The project's files as the installed package carries them, or None (a clone's editable
    install carries none: its own folders are read)."""
    folder = files(__package__) / PACKAGED
    # An installed wheel is a folder on disk; the pages and the stores need real paths.
    return Path(str(folder)) if isinstance(folder, Path) and folder.is_dir() else None


def default_root() -> Path:
    """Where the ontology, data, shapes, queries and sources are read from: the clone when the
    package runs from one (its folders win), else the copy the package carries."""
    if (PROJECT_ROOT / "ontology" / "hva.ttl").is_file():
        return PROJECT_ROOT
    return packaged_root() or PROJECT_ROOT  # neither: loading names the missing file


@dataclass(frozen=True)
class Settings:
    """Where the knowledge lives and how it is served.

    Environment variables: HVA_GRAPH_ROOT (project folder holding ontology/, data/,
    shapes/), HVA_GRAPH_SEEDS (folder of source documents, default sources/ in the project).
    """

    root: Path = field(default_factory=default_root)
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
    service_allowlist: tuple[str, ...] = ()
    """Endpoints that SERVICE may call; empty (the default) refuses every SERVICE clause."""
    base_iri: str = "https://w3id.org/hva-graph/"
    """The namespace of the graph's own IRIs; the server answers for them under its own host
    (base_iri + "id/x" is served at /id/x), so IRIs never depend on where the server runs."""
    state_dir: Path | None = None
    """The one folder the service writes to: its caches, dumps and pid files. Default: var/ in a
    project folder (a clone, or HVA_GRAPH_ROOT), else the user's state folder (platformdirs:
    ~/.local/state/hva-graph on Linux), so an installed package may stay read-only."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses and networks (IPv4, IPv6, CIDR) of the reverse proxies whose Forwarded and
    X-Forwarded-Proto, -Host, -Prefix, -For headers count; from anyone else they are dropped.
    They also say who a client is for the fair shares and the connection cap (a trusted proxy's
    connections are not capped). Empty (the default): none count."""
    allowed_hosts: tuple[str, ...] = ()
    """The host names (Host, or a trusted proxy's forwarded host) absolute URLs may be made from;
    a request for another is refused with 400. Empty (the default): the host the server listens on,
    localhost, 127.0.0.1 and ::1."""
    public_base_url: str | None = None
    """The public address of the service (https://example.org/hva/): when set, every absolute URL is
    made from it, whatever a request's Host or forwarding headers say."""
    cache_dir: Path | None = None
    """Where per-data-version results (OWL RL closure, validation verdict) are kept; default cache/ in the state folder."""
    dumps_dir: Path | None = None
    """Where the dump files are written, one folder per data version; default dumps/ in the state folder."""
    releases_dir: Path | None = None
    """The releases made by `hva-graph release` (records, descriptions, diffs); default releases/
    in the project, so a clone has the history."""
    release_dumps_dir: Path | None = None
    """Where each release's dump files are kept once built or checked; default releases/ in the state folder."""
    release_dumps_kept: int = 3
    """The dumps of this many newest releases are downloadable; older ones are named in the history
    with their digests (and can be rebuilt from the diffs: `hva-graph release --dumps NUMBER`)."""
    feed_page_size: int = 20
    """Releases per page of the change feed (/releases/feed): a full page never changes again."""
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
    def state_folder(self) -> Path:
        if self.state_dir is not None:
            return self.state_dir
        if self.root == packaged_root():
            return Path(platformdirs.user_state_dir("hva-graph", appauthor=False))
        return self.root / "var"

    @property
    def cache_folder(self) -> Path:
        return self.cache_dir or (self.state_folder / "cache")

    @property
    def dumps_folder(self) -> Path:
        return self.dumps_dir or (self.state_folder / "dumps")

    @property
    def assets_folder(self) -> Path:
        """The browser libraries npm installed (web/node_modules): the root's, else those of the
        clone or package this runs from (a root of data files alone has none)."""
        folders = [root / "web" / "node_modules" for root in (self.root, default_root())]
        return next((folder for folder in folders if folder.is_dir()), folders[0])

    @property
    def releases_folder(self) -> Path:
        return self.releases_dir or (self.root / "releases")

    @property
    def release_dumps_folder(self) -> Path:
        return self.release_dumps_dir or (self.state_folder / "releases")

    @property
    def seeds(self) -> Path:
        return self.seeds_dir or (self.root / "sources")

    @property
    def pid_file(self) -> Path:
        """Where `hva-graph serve` writes its (gunicorn master's) pid, for `hva-graph reload`."""
        return self.state_folder / "run" / f"hva-graph-{self.port}.pid"

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
                    "max_query_length", "max_answer_bytes", "query_memory_mb", "feed_page_size")
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)}")
        if self.release_dumps_kept < 0:
            raise ValueError(f"release_dumps_kept must be 0 or more, not {self.release_dumps_kept}")
        for name in ("client_requests_per_second", "client_query_seconds"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be 0 (no limit) or positive, not {getattr(self, name)}")
        if self.client_request_burst < 1:
            raise ValueError(f"client_request_burst must be positive, not {self.client_request_burst}")
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
        check_networks(self.trusted_proxies)
        check_hosts(self.allowed_hosts)
        if self.public_base_url is not None:
            check_base_url(self.public_base_url)
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
    "state_dir": lambda raw: Path(raw).resolve(),
    "cache_dir": lambda raw: Path(raw).resolve(),
    "dumps_dir": lambda raw: Path(raw).resolve(),
    "releases_dir": lambda raw: Path(raw).resolve(),
    "release_dumps_dir": lambda raw: Path(raw).resolve(),
    "release_dumps_kept": int,
    "feed_page_size": int,
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
    "service_allowlist": lambda raw: tuple(raw.split()),
    "trusted_proxies": lambda raw: check_networks(tuple(raw.replace(",", " ").split())),
    "allowed_hosts": lambda raw: check_hosts(tuple(raw.replace(",", " ").split())),
    "public_base_url": lambda raw: check_base_url(raw.strip()) if raw.strip() else None,
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


HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?"
                  r"|\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9A-Fa-f]*:[0-9A-Fa-f:.]+\]?)(?::\d{1,5})?")
"""A host as a Host header, a forwarding header or a setting names it: a name, an IPv4 address or an
IPv6 address (bracketed when a port follows), with an optional port."""

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


def check_networks(entries: tuple[str, ...]) -> tuple[str, ...]:
    """The entries, if each is an IP address or a network (CIDR); else ValueError naming it."""
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(f"{entry!r} is neither an IP address nor a network (192.0.2.0/24, 2001:db8::/32)") from None
    return entries


def check_hosts(hosts: tuple[str, ...]) -> tuple[str, ...]:
    for host in hosts:
        if not HOST.fullmatch(host):
            raise ValueError(f"{host!r} is not a host name or address (with an optional port)")
    return hosts


def check_base_url(url: str) -> str:
    """Raise ValueError unless `url` is an http(s) address with a host, a plain path, and no query,
    fragment or credentials: what every absolute URL of the service is made from."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not HOST.fullmatch(parts.netloc):
        raise ValueError(f"public_base_url {url!r} is not an http(s) address with a host")
    if parts.query or parts.fragment or "@" in parts.netloc or not re.fullmatch(r"(/[A-Za-z0-9._~-]+)*/?", parts.path):
        raise ValueError(f"public_base_url {url!r} may hold only a scheme, a host, a port and a plain path")
    return url
