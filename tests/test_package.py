"""The package as a user installs it (issue 22): the sdist and the wheel built from it, as a
packager builds them; the wheel installed into a fresh virtual environment outside the clone
(what `pipx install` does); then every command run from another folder, with no HVA_GRAPH_ROOT,
the installed environment on a read-only mount and the clone hidden under an empty one (a user
and mount namespace: `unshare -r -m`), state in a temporary folder or the user's own.

Where the kernel allows no user namespaces the commands run without the mounts: the install
folder is then only made read-only by its permission bits (which root passes by), and the
check that no installed file changed is what still holds the promise.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import stat
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import dumps_written, free_port

ROOT = Path(__file__).parents[1]
pytestmark = pytest.mark.served  # builds, installs a whole environment and starts a server

HIDE = """set -e
mount --bind "$1" "$1"; mount -o remount,bind,ro "$1"
mount -t tmpfs none "$2"
shift 2; exec "$@"
"""
"""Inside `unshare -r -m`: the environment $1 read-only, the clone $2 replaced by an empty folder."""


def _namespaces_allowed() -> bool:
    try:
        return subprocess.run(["unshare", "-r", "-m", "true"], capture_output=True, timeout=30).returncode == 0
    except OSError:
        return False


@dataclass
class Installed:
    venv: Path
    work: Path
    hidden: bool

    def command(self, *args: str) -> list[str]:
        """`hva-graph ARGS` as the installed script, inside the mounts when they can be made."""
        command = [str(self.venv / "bin" / "hva-graph"), *args]
        if self.hidden:
            return ["unshare", "-r", "-m", "sh", "-c", HIDE, "sh", str(self.venv), str(ROOT), *command]
        return command

    def environment(self, **extra: str) -> dict[str, str]:
        """A user's environment: no HVA_GRAPH_* settings, a home of its own, no XDG folders."""
        return {"PATH": "/usr/bin:/bin", "HOME": str(self.work / "home"), "LANG": "C.UTF-8", **extra}

    def run(self, *args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(*args), cwd=self.work / "elsewhere", env=self.environment(**extra),
                              capture_output=True, text=True, timeout=600)


def _files(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()}


def _writable(folder: Path, on: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if on else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("package")
    dist, venv = work / "dist", work / "venv"
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)],
                           capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    wheel = next(dist.glob("hva_graph-*.whl"))
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "-c", str(ROOT / "constraints.txt"),
                          str(wheel)], capture_output=True, text=True, timeout=900)
    assert pip.returncode == 0, pip.stderr[-3000:]
    for folder in ("elsewhere", "home"):
        (work / folder).mkdir()
    _writable(venv, False)
    before = _files(venv)
    yield Installed(venv, work, _namespaces_allowed())
    after = _files(venv)
    _writable(venv, True)  # for pytest's clean-up
    assert after == before, "the installed package wrote into its own folder"


def test_the_wheel_carries_the_project_and_its_licences(installed):
    wheel = next((installed.work / "dist").glob("hva_graph-*.whl"))
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("ontology", "data", "shapes", "queries", "sources", "releases"):  # releases: the history
        for path in (ROOT / folder).rglob("*"):
            if path.is_file():
                assert f"hva_graph/project/{path.relative_to(ROOT)}" in names
    assert "hva_graph/project/web/node_modules/@zazuko/yasgui/build/yasgui.min.js" in names
    assert {"hva_graph-0.1.0.dist-info/licenses/LICENSE", "hva_graph-0.1.0.dist-info/licenses/LICENSE-DATA"} <= names


def test_python_m_hva_graph_is_the_command(installed):
    done = subprocess.run([str(installed.venv / "bin" / "python"), "-m", "hva_graph", "--help"],
                          cwd=installed.work / "elsewhere", env=installed.environment(), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: hva-graph ")
    for command in ("validate", "serve", "load", "dump", "query", "reload", "stats"):
        assert re.search(rf"^  {command} ", done.stdout, re.M), command


def test_validate_keeps_its_state_in_the_users_own_folder(installed):
    """Without --state-dir or HVA_GRAPH_STATE_DIR an installed package writes to the user's state
    folder (XDG's ~/.local/state on Linux), never beside itself."""
    done = installed.run("validate")
    assert done.returncode == 0, done.stderr
    # The two sources that do not name their county (002, 003) are warned about, nothing more.
    assert "conforms: 0 violation(s), 2 warning(s)" in done.stdout
    assert any((installed.work / "home" / ".local" / "state" / "hva-graph" / "cache").iterdir())


def test_dump_writes_the_same_bytes_as_the_clone(installed, tmp_path):
    out = installed.work / "hva-graph-all.nq"
    done = installed.run("--state-dir", str(tmp_path / "state"), "dump", "--format", "nquads", "--out", str(out))
    assert done.returncode == 0, done.stderr
    in_clone = subprocess.run([str(Path(sys.executable).with_name("hva-graph")), "dump", "--format", "nquads",
                               "--out", "-"], capture_output=True, timeout=600)
    assert in_clone.returncode == 0
    assert out.read_bytes() == in_clone.stdout
    assert (tmp_path / "state" / "cache").is_dir()


def test_query_answers_from_the_carried_data(installed, tmp_path):
    done = installed.run("query", "--format", "csv",
                         "PREFIX hva: <https://w3id.org/hva-graph/ontology#> "
                         "SELECT (COUNT(?document) AS ?documents) WHERE { ?document a hva:SourceDocument }",
                         HVA_GRAPH_STATE_DIR=str(tmp_path / "state"))
    assert done.returncode == 0, done.stderr
    assert list(csv.reader(io.StringIO(done.stdout))) == [["documents"], ["5"]]  # sources 000 … 004


def test_load_builds_a_store_that_serves_queries(installed, tmp_path):
    state, store = tmp_path / "state", tmp_path / "store"
    done = installed.run("--state-dir", str(state), "load", "--store", str(store))
    assert done.returncode == 0, done.stderr
    asked = installed.run("--state-dir", str(state), "query", "--store", str(store), "--format", "csv",
                          "PREFIX hva: <https://w3id.org/hva-graph/ontology#> "
                          "SELECT (COUNT(?s) AS ?strategies) WHERE { ?s a hva:Strategy }")
    assert asked.returncode == 0, asked.stderr
    assert list(csv.reader(io.StringIO(asked.stdout))) == [["strategies"], ["5"]]
    assert any((state / "dumps").iterdir())  # the dumps of the same data, written beside the build


class Served:
    def __init__(self, base: str):
        self.base = base

    def get(self, path: str, accept: str = "*/*") -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()

    def assets(self, path: str) -> list[str]:
        status, page = self.get(path, "text/html")
        assert status == 200
        return [url.replace("&amp;", "&") for url in re.findall(r'"(/assets/[^"]+)"', page.decode())]


@pytest.fixture(scope="module")
def served(installed, tmp_path_factory):
    state = tmp_path_factory.mktemp("served-state")
    port = free_port()
    log = (installed.work / "serve.log").open("w")
    process = subprocess.Popen(installed.command("serve", "--port", str(port)), cwd=installed.work / "elsewhere",
                               env=installed.environment(HVA_GRAPH_STATE_DIR=str(state)), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    try:
        while True:
            assert process.poll() is None, (installed.work / "serve.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "the installed server did not answer /health in time"
            try:
                with urllib.request.urlopen(base + "/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        dumps_written(base)  # made beside the server: /dumps/ answers 503 with Retry-After until then
        yield Served(base), state, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_the_served_pages_load_their_browser_libraries_from_the_package(served):
    server, _, _ = served
    assert server.get("/", "text/html")[0] == 200
    editor = server.assets("/sparql")
    chart = server.assets("/queries/counties-themes-matrix")
    assert {url.split("?")[0] for url in editor} == {"/assets/yasgui/yasgui.min.js", "/assets/yasgui/yasgui.min.css"}
    assert {url.split("?")[0] for url in chart} >= {"/assets/vega/vega.min.js", "/assets/vega-lite/vega-lite.min.js",
                                                    "/assets/vega-embed/vega-embed.min.js"}
    modules = ROOT / "web" / "node_modules"
    expected = {"yasgui": modules / "@zazuko" / "yasgui" / "build", "vega": modules / "vega" / "build",
                "vega-lite": modules / "vega-lite" / "build", "vega-embed": modules / "vega-embed" / "build"}
    for url in editor + chart:
        name, file = url.split("?")[0].split("/")[2:4]
        status, body = server.get(url)
        assert status == 200 and body == (expected[name] / file).read_bytes(), url


def test_the_served_search_finds_inflected_forms(served):
    """Competency question 16: lapsi finds the statements that write `lapsen`."""
    server, _, _ = served
    status, body = server.get("/queries/full-text-search/results?word=lapsi&format=json")
    assert status == 200
    matched = {row["matched"]["value"] for row in json.loads(body)["results"]["bindings"]}
    assert "lapsen" in ", ".join(matched)


def test_the_served_document_page_shows_the_carried_source_text(served):
    server, _, _ = served
    status, page = server.get("/id/source/004_92a1491bca2564a8.txt", "text/html")
    line = "Päijät-Hämeen hyvinvointialueen strategian valmistelu on loppusuoralla"
    assert line in (ROOT / "sources" / "004_92a1491bca2564a8.txt").read_text(encoding="utf-8")
    assert status == 200 and line in page.decode()


def test_the_served_dumps_are_written_to_the_state_folder_and_match_their_checksums(served):
    server, state, port = served
    status, body = server.get("/dumps/?format=json")
    assert status == 200
    entry = next(file for file in json.loads(body)["files"] if file["name"] == "hva-graph-all.nq")
    status, dump = server.get("/dumps/hva-graph-all.nq")
    assert status == 200 and hashlib.sha256(dump).hexdigest() == entry["sha256"]
    assert any(path.name == "hva-graph-all.nq" for path in (state / "dumps").rglob("*"))
    assert (state / "run" / f"hva-graph-{port}.pid").is_file()
