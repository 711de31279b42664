"""`hva-graph validate` exit codes and report, as a curator meets them; the conventions every
command keeps (exit statuses, messages, --quiet / --verbose, progress on a terminal)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import socket
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import free_port
from hva_graph.cli import main

ROOT = Path(__file__).parents[1]


@pytest.fixture
def data_copy(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    return copy


@pytest.mark.served  # runs `hva-graph validate` in its own process
def test_validate_exits_0_on_the_real_data_with_the_installed_command(checked_project):
    command = Path(sys.executable).with_name("hva-graph")
    result = subprocess.run([str(command), "validate"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms: 0 violation(s), 2 warning(s)" in result.stdout


def test_validate_exits_1_on_a_broken_copy_and_names_node_path_shape_and_message(data_copy):
    source = data_copy / "source-002.ttl"
    text = source.read_text(encoding="utf-8")
    broken = text.replace('dcat:startDate "2023-01-01"^^xsd:date', 'dcat:startDate "2026-01-01"^^xsd:date')
    assert broken != text
    source.write_text(broken, encoding="utf-8")

    result = CliRunner().invoke(main, ["validate", str(data_copy)])

    assert result.exit_code == 1, result.output
    assert "Violation: A period has exactly one start date (xsd:date), not after its end date." in result.output
    assert "focus node: <https://w3id.org/hva-graph/id/strategy/unidentified-002-2023-2025/period>" in result.output
    assert "path:       dcat:startDate" in result.output
    assert "shape:      hvash:PeriodShape / dcat:startDate" in result.output


def test_validate_checks_a_single_candidate_file(tmp_path):
    candidate = ROOT / "tests" / "fixtures" / "minimal-valid.ttl"
    vocabularies = [str(ROOT / "data" / name) for name in ("organisations.ttl", "themes.ttl", "stakeholder-groups.ttl",
                                                                  "document-statuses.ttl", "decision-kinds.ttl")]
    result = CliRunner().invoke(main, ["validate", str(candidate), *vocabularies])
    assert result.exit_code == 0, result.output


def test_validate_exits_2_on_a_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nowhere.ttl")])
    assert result.exit_code == 2
    assert "nowhere.ttl: no such file" in result.output


def test_validate_exits_2_on_unparsable_turtle_naming_file_and_line(data_copy):
    source = data_copy / "source-001.ttl"
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[40] = lines[40] + ' "unterminated'
    source.write_text("\n".join(lines), encoding="utf-8")

    result = CliRunner().invoke(main, ["validate", str(data_copy)])

    assert result.exit_code == 2
    assert f"{source}:41: Turtle syntax error" in result.output


def test_validate_exits_2_on_a_file_that_is_not_utf8(data_copy):
    (data_copy / "latin1.ttl").write_bytes('<http://a> <http://b> "Päijät-Häme" .\n'.encode("latin-1"))
    result = CliRunner().invoke(main, ["validate", str(data_copy)])
    assert result.exit_code == 2
    assert "latin1.ttl:1: not UTF-8" in result.output


def test_validate_exits_1_on_a_date_in_a_label_that_no_structured_date_carries(data_copy):
    """The SPARQL rules (shapes/*-violation.rq) are part of the verdict, as the shapes are."""
    source = data_copy / "source-004.ttl"
    text = source.read_text(encoding="utf-8")
    broken = text.replace("käynnisti strategian valmistelun keväällä 2021", "käynnisti strategian valmistelun syksyllä 2021")
    assert broken != text
    source.write_text(broken, encoding="utf-8")

    result = CliRunner().invoke(main, ["validate", str(data_copy)])

    assert result.exit_code == 1, result.output
    assert "focus node: <https://w3id.org/hva-graph/id/strategy/paijat-hame-2023-2025/event/1>" in result.output
    assert "shape:      rule dates-in-labels" in result.output
    assert "syksy" in result.output


# --- the conventions every command keeps (issue 22) ----------------------------------------------

BIN = Path(sys.executable).parent


def hva_graph(*args: str, **env: str) -> subprocess.CompletedProcess:
    """The installed command, as an operator runs it (its own process: logging and progress are its own)."""
    return subprocess.run([str(BIN / "hva-graph"), *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **env})


def test_the_help_documents_distinct_exit_statuses():
    text = " ".join(CliRunner().invoke(main, ["--help"]).output.split())
    statuses = re.search(r"Exit status, for every command: (.*)", text).group(1)
    assert "0 done" in statuses
    assert "1 refused: the data violates its shapes, a query was refused" in statuses
    assert "2 bad usage" in statuses
    assert "3 the server could not start" in statuses and "port is in use" in statuses


def test_a_busy_port_exits_3_naming_it_and_is_no_data_violation():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 3, result.output
    assert f"cannot listen on 127.0.0.1:{port}: the port is in use" in result.output
    assert "conform" not in result.output and "violat" not in result.output


def test_a_state_folder_that_cannot_be_written_exits_3_naming_it(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = CliRunner().invoke(main, ["--state-dir", str(blocker / "state"), "serve", "--port", str(free_port())])
    assert result.exit_code == 3, result.output
    assert f"cannot write the state folder {blocker / 'state'}" in result.output and "--state-dir" in result.output


@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }",
                                    "LOAD <http://example.org/data.ttl>", "CLEAR ALL"])
def test_an_update_is_refused_as_read_only_not_as_a_syntax_error(update):
    result = CliRunner().invoke(main, ["query", update])
    assert result.exit_code == 1, result.output
    assert "read-only" in result.output and "syntax" not in result.output


def test_a_missing_output_folder_is_named_not_a_temporary_file(tmp_path):
    out = tmp_path / "missing" / "all.ttl"
    result = CliRunner().invoke(main, ["dump", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"there is no folder {tmp_path / 'missing'}" in result.output
    assert ".tmp-" not in result.output and not (tmp_path / "missing").exists()


def test_dump_help_lists_every_graph_of_the_data():
    """One named graph per data file and the ontology (data/README.md), and the two derived ones
    (what OWL RL infers, the search index)."""
    expected = {path.stem for path in (ROOT / "data").glob("*.ttl")} | {"ontology", "inferred", "search"}
    text = re.sub(r"-\s+", "-", " ".join(CliRunner().invoke(main, ["dump", "--help"]).output.split()))
    listed = re.search(r"one named graph \(([^)]*)\)", text).group(1)
    assert {name.strip() for name in listed.split(",")} == expected


def test_quiet_leaves_only_errors_and_the_answer(tmp_path):
    out = tmp_path / "themes.nt"
    loud = hva_graph("dump", "--graph", "themes", "--format", "ntriples", "--out", str(out))
    assert loud.returncode == 0 and f"{out}: " in loud.stderr and "sha256" in loud.stderr
    quiet = hva_graph("--quiet", "dump", "--graph", "themes", "--format", "ntriples", "--out", str(out))
    assert quiet.returncode == 0 and quiet.stderr == "" and out.stat().st_size > 0
    failed = hva_graph("-q", "dump", "--out", str(tmp_path / "missing" / "x.ttl"))
    assert failed.returncode == 2 and "there is no folder" in failed.stderr


def test_verbose_says_how_long_each_phase_took(tmp_path):
    done = hva_graph("--verbose", "dump", "--graph", "themes", "--out", str(tmp_path / "themes.ttl"),
                     HVA_GRAPH_CACHE_DIR=str(tmp_path / "cache"))
    assert done.returncode == 0, done.stderr
    data_files = len(list((ROOT / "data").glob("*.ttl"))) + 1  # and the ontology
    assert re.search(rf"reading: {data_files} files in \d+\.\d s", done.stderr)
    for phase in ("inferring", "validating", "indexing", "writing the dump"):
        assert re.search(rf"{phase}: \d+ \w+ in \d+\.\d s", done.stderr), phase


def test_quiet_and_verbose_exclude_each_other():
    assert CliRunner().invoke(main, ["--quiet", "--verbose", "validate"]).exit_code == 2


def _on_a_terminal(*args: str, **env: str) -> tuple[int, str]:
    """Run the command with standard error on a pseudo-terminal 120 columns wide; (status, what
    the terminal showed)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen([str(BIN / "hva-graph"), *args], stdout=subprocess.DEVNULL, stderr=follower,
                               env={**os.environ, **env})
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the command closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=600), shown.decode("utf-8", "replace")


@pytest.mark.served  # builds a store
def test_every_long_phase_shows_progress_on_a_terminal_and_none_into_a_pipe(tmp_path):
    env = {"HVA_GRAPH_CACHE_DIR": str(tmp_path / "cache"), "HVA_GRAPH_DUMPS_DIR": str(tmp_path / "dumps")}
    status, shown = _on_a_terminal("load", "--store", str(tmp_path / "store"), **env)
    assert status == 0, shown
    for phase in ("reading", "inferring", "validating", "indexing", "loading the store", "writing dumps"):
        assert re.search(rf"{phase}: 100%\|", shown), phase
    piped = hva_graph("load", "--store", str(tmp_path / "again"), "--no-dumps", **env)
    assert piped.returncode == 0 and "%|" not in piped.stderr
