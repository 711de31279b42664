"""Shared fixtures, the parts of the suite (markers and xdist groups) and what is made once per
run: the project's knowledge and its check, the servers, engines and browser (docs/testing.md)."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph

from broken_fixtures import BASE, References, base_files
from hva_graph.knowledge.checked import checked_data, load_knowledge
from hva_graph.knowledge.model import Knowledge
from hva_graph.knowledge.validation import load_shapes
from hva_graph.settings import Settings
from hva_graph.store.embedded import build_store


class BufferedClient(FlaskClient):
    """A test client that reads every answer whole and closes it, as an HTTP server does (a file
    that send_file opened is closed then, not left to the garbage collector)."""

    def open(self, *args, buffered: bool = True, **kwargs):
        return super().open(*args, buffered=buffered, **kwargs)


Flask.test_client_class = BufferedClient

# --- the parts of the suite (docs/testing.md) -------------------------------------------------

PARTS = ("browser", "engines", "served", "rules")
"""What a test needs besides this process, as pytest markers (pyproject.toml); a test with none
of them runs in-process. `make quick` runs those: -m "not served and not engines and not browser
and not rules"."""

HEAVY = {
    # fixture: (part, the xdist group whose one worker makes it, or None: each test its own).
    # The first that a test uses names its group: the browser's tests have a live server of
    # their own, so that they and the real clients' run side by side (two of the longest groups).
    "browser": ("browser", "browser"), "page": ("browser", "browser"),
    "curate": ("served", "browser"),  # the review page's own server (test_curate_browser.py)
    "live_server": ("served", "live-server"),
    "hardened": ("served", "hardened"), "bounded": ("served", "bounded"),
    "built_store": ("served", "built-store"),
    # one build of the wheel and sdist at a time: two builds of one clone share its build folders
    "installed": ("served", "package"),
    # module fixtures of one test file each, made once rather than on every worker that runs one
    "two": ("served", "releases"),  # test_releases.py: two releases made, and servers over them
    "limited": ("served", "fair-shares"),
    "packaged": ("engines", "virtuoso-packaged"), "without_estimate": ("engines", "virtuoso-packaged"),
    "disk_path": ("served", "disk"), "disk_settings": ("served", "disk"), "disk_service": ("served", "disk"),
    "oxigraph_location": ("engines", "oxigraph"), "engine": ("engines", "oxigraph"),
    "oxigraph_service": ("engines", "oxigraph"),
    "virtuoso": ("engines", "virtuoso"), "virtuoso_service": ("engines", "virtuoso"),
    "strict_virtuoso": ("engines", "strict-virtuoso"),
    "empty_oxigraph": ("engines", None),
    "report": ("rules", "real-data-report"), "fast_real": ("rules", "real-data-report"),
    "reference_closure": ("rules", "real-data-report"),
    "checked_once": ("rules", "checked-once"),
    "valid_base": ("rules", None), "references": ("rules", None),
}
"""Fixtures that start a real server, engine, store build or browser, or compute a whole-graph
reference: a test using one is in that part of the suite. A test sharing a fixture that other
tests only read runs on the one worker that holds it (--dist loadgroup), so each is made once."""

BY_PARAMETER = {
    # parametrised fixtures (and parameters) whose value names what the test starts
    "backend": {"disk": ("served", "disk"), "oxigraph": ("engines", "oxigraph"), "virtuoso": ("engines", "virtuoso")},
    "remote_service": {"oxigraph": ("engines", "oxigraph"), "virtuoso": ("engines", "virtuoso")},
    "which": {"disk": ("served", "disk"), "oxigraph": ("engines", "oxigraph"), "virtuoso": ("engines", "virtuoso")},
    "writable": {"oxigraph": ("engines", "push-oxigraph"), "virtuoso": ("engines", "push-virtuoso")},
}


def needs(item) -> tuple[set[str], str | None]:
    """The parts a collected test belongs to, and the xdist group it must run in (or None)."""
    parts, group = {m.name for m in item.iter_markers() if m.name in PARTS}, None
    params = getattr(getattr(item, "callspec", None), "params", {})
    found = [BY_PARAMETER[name][value] for name, value in params.items()
             if name in BY_PARAMETER and value in BY_PARAMETER[name]]
    names = set(getattr(item, "fixturenames", ()))
    found += [value for key, value in HEAVY.items() if key in names]
    for part, shared in found:
        parts.add(part)
        group = group or shared
    if "valid_base" in item.fixturenames and "fixture" in params:
        group = f"rules-{params['fixture'].stem}"  # its reference validation, made once for both files
    return parts, group


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (--dist loadgroup)
def pytest_collection_modifyitems(items) -> None:
    for item in items:
        parts, group = needs(item)
        for part in parts - {m.name for m in item.iter_markers()}:
            item.add_marker(part)
        if parts & {"served", "engines", "browser"}:
            item.add_marker(pytest.mark.slow)
        if group and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(group))


LONGEST_FIRST = ("browser", "package", "releases", "virtuoso-packaged", "curation-checking", "push-virtuoso", "virtuoso", "checked-once", "disk", "push-oxigraph",
                 "live-server", "oxigraph", "hardened", "built-store", "real-data-report", "strict-virtuoso", "bounded")
"""The groups in the order of their running time (docs/testing.md), longest first: each worker
takes the next one when it is free, so a long group started last cannot keep the run waiting.
Everything else follows in the order collected (make test passes --no-loadscope-reorder, which
would order groups by their number of tests instead)."""


class LongestFirst:
    @pytest.hookimpl(trylast=True)  # after pytest's own ordering by fixture
    def pytest_collection_modifyitems(self, items) -> None:
        rank = {name: place for place, name in enumerate(LONGEST_FIRST)}

        def place(item) -> int:
            mark = item.get_closest_marker("xdist_group")
            return rank.get(mark.args[0], len(rank)) if mark else len(rank)

        items.sort(key=place)


# --- one folder per run for the caches and dumps ---------------------------------------------

RUN_FOLDER = pytest.StashKey[Path]()
RUN_FOLDER_INPUT = "hva_graph_run_folder"


def pytest_configure(config) -> None:
    """Every process of a run (xdist workers, the servers the tests start) shares one cache and
    one dumps folder of its own, never the project's var/: results are computed once per run
    (cache files are written atomically, dumps under a lock) and a run is a fresh clone's."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:  # an xdist worker (a serial run keeps pytest's order, module by module)
        config.pluginmanager.register(LongestFirst(), "hva-graph-longest-first")
        folder = Path(workerinput[RUN_FOLDER_INPUT])
    else:
        folder = Path(tempfile.mkdtemp(prefix="hva-graph-tests-"))
        config.stash[RUN_FOLDER] = folder
    os.environ.setdefault("HVA_GRAPH_CACHE_DIR", str(folder / "cache"))
    os.environ.setdefault("HVA_GRAPH_DUMPS_DIR", str(folder / "dumps"))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    node.workerinput[RUN_FOLDER_INPUT] = str(node.config.stash[RUN_FOLDER])


def pytest_unconfigure(config) -> None:
    folder = config.stash.get(RUN_FOLDER, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def once_per_run(name: str):
    """Held by one process of the run at a time: what the first computes (into the run's cache),
    the others then read instead of computing it at the same moment."""
    folder = Path(os.environ["HVA_GRAPH_CACHE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The defaults, but without per-client allowances: every in-process test is one client (the
    test client's 127.0.0.1) asking as fast as it can. The allowances are tested against a real
    server (test_fair_shares.py), and every served test runs with them as they are by default."""
    return Settings.from_env(client_requests_per_second=0, client_query_seconds=0)


@pytest.fixture(scope="session")
def knowledge(settings) -> Knowledge:
    with once_per_run("knowledge"):  # the OWL RL closure and the search index, computed by one worker
        return load_knowledge(settings)


@pytest.fixture(scope="session")
def union(knowledge) -> Graph:
    """All named graphs merged, as rdflib sees them (for pyshacl and graph checks)."""
    return knowledge.union()


@pytest.fixture(scope="session")
def store(knowledge):
    """The knowledge in pyoxigraph, queried with the union of graphs as default graph."""
    return build_store(knowledge.graphs)


@pytest.fixture(scope="session")
def checked_project(settings, knowledge) -> None:
    """The project's data through the gate once for the run (its closure and verdict in the run's
    cache), before a server, a store build or a command is started: each then finds it checked, as
    after `hva-graph validate`, instead of all of them checking it at the same moment."""
    with once_per_run("checked"):
        checked_data(settings)


@pytest.fixture(scope="session")
def shapes(settings) -> Graph:
    return load_shapes(settings)


@pytest.fixture(scope="session")
def report(knowledge, shapes):
    """The SHACL report of the real data, made once for every test that reads it."""
    from hva_graph.knowledge.validation import validate_knowledge

    return validate_knowledge(knowledge, shapes)


@pytest.fixture(scope="session")
def valid_base(settings, tmp_path_factory) -> Knowledge:
    """The valid base of the broken fixtures with the shared vocabularies and its OWL RL closure,
    loaded once through the same path as real data files."""
    folder = tmp_path_factory.mktemp("valid-base")
    data = folder / "candidate.ttl"
    data.write_bytes(BASE.read_bytes())
    return load_knowledge(Settings.from_env(data_paths=base_files(settings, data), cache_dir=folder / "cache"))


@pytest.fixture(scope="session")
def references(request, settings, valid_base, shapes) -> References:
    """Each broken fixture's knowledge and reference report (pyshacl over the whole graph), made
    once for test_validation.py and test_scale.py, and kept in pytest's cache folder."""
    cache = getattr(request.config, "cache", None)
    return References(settings, valid_base, shapes, cache.mkdir("hva-graph-references") if cache else None)


@pytest.fixture(scope="session")
def seeds(settings) -> Path:
    """The source documents, as shipped in the project's sources/ folder (HVA_GRAPH_SEEDS overrides).

    They are part of the project, so a missing folder is a failure, never a skip."""
    if not settings.seeds.is_dir():
        pytest.fail(f"source documents not found at {settings.seeds} (they ship in sources/)")
    return settings.seeds


@pytest.fixture(scope="session")
def service(settings, knowledge):
    """The project's data behind the query processes, as `hva-graph serve` has it."""
    from hva_graph.service import Service

    service = Service.from_knowledge(settings, knowledge)
    yield service
    service.close()


@pytest.fixture(scope="session")
def app(settings, service):
    from hva_graph.web.app import create_app

    return ready(create_app({"TESTING": True, "SETTINGS": settings, "SERVICE": service}))


def ready(app):
    """The app once its dumps are written: the server makes them beside it and answers 503 until
    then (or serves the previous version's), which the tests of the dumps' contents do not test."""
    from hva_graph.web.site import site_of

    site_of(app).dumps_maker.wait(600)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env_overrides: dict[str, str] | None = None, timeout: float = 120.0):
    """Start the real `hva-graph serve` on a free loopback port; returns (process, base URL)."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    env = {**os.environ, **(env_overrides or {})}
    command = [str(Path(sys.executable).with_name("hva-graph")), "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hva-graph serve exited: {process.stderr.read().decode()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("hva-graph serve did not answer /health in time")


def stop_server(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except Exception:
        process.kill()
        process.wait()
    if process.stderr is not None:
        process.stderr.close()


def dumps_written(base: str, timeout: float = 600.0) -> None:
    """Wait until a real server's /dumps/ answers 200 (503 while they are being written)."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/dumps/?format=json", timeout=30):
                return
        except urllib.error.HTTPError as error:
            if error.code != 503 or time.monotonic() > deadline:
                raise
        time.sleep(0.5)


@pytest.fixture(scope="session")
def live_server(checked_project):
    """The real server (gunicorn) on a free loopback port, with a 3 s query time limit, once its
    dumps are published (until then /dumps/ answers 503 with Retry-After, which the browser's
    tests would meet)."""
    process, base = start_server({"HVA_GRAPH_QUERY_TIMEOUT": "3"})
    dumps_written(base)
    yield base
    stop_server(process)


# --- the real browser -------------------------------------------------------------------------

ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"
"""Screenshots the browser tests save for a person to look at."""
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright, one for the run (each test opens its own context)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; `make test` installs it with apt-get in CI")
        pytest.skip("Debian chromium is not installed (make test installs it when run as root)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def watched_page(context, origin: str, expected_failure=lambda request: False):
    """A page of `context` that records in `page.problems` what would go wrong for a person: console
    errors, script errors, failed requests (but those `expected_failure` says a page makes on
    purpose) and every request that leaves `origin` (no CDN, nothing fetched on a reader's behalf)."""
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("requestfailed", lambda request: None if expected_failure(request)
            else page.problems.append(f"failed: {request.url} {request.failure}"))
    page.on("request", lambda request: None if request.url.startswith((origin, "data:"))
            else page.problems.append(f"left the machine: {request.url}"))
    return page


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = watched_page(context, live_server)
    yield page
    context.close()
