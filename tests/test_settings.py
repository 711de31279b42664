"""One settings object: defaults, then HVA_GRAPH_* variables, then explicit overrides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hva_graph.settings import Settings


def test_defaults_serve_loopback_with_the_documented_limits():
    settings = Settings.from_env({})
    assert (settings.host, settings.port) == ("127.0.0.1", 5000)
    assert settings.query_timeout == 10.0
    assert settings.service_allowlist == ()
    assert settings.result_limit > 0 and settings.max_request_bytes > 0 and settings.max_query_length > 0


def test_environment_then_overrides():
    env = {"HVA_GRAPH_QUERY_TIMEOUT": "2.5", "HVA_GRAPH_PORT": "8080",
           "HVA_GRAPH_SERVICE_ALLOWLIST": "https://a.example/sparql https://b.example/sparql"}
    settings = Settings.from_env(env, port=9090)
    assert settings.query_timeout == 2.5
    assert settings.port == 9090
    assert settings.service_allowlist == ("https://a.example/sparql", "https://b.example/sparql")


@pytest.mark.parametrize("variable, value, complaint", [
    ("HVA_GRAPH_PORT", "eighty", "HVA_GRAPH_PORT"),
    ("HVA_GRAPH_QUERY_TIMEOUT", "-1", "query_timeout must be positive"),
    ("HVA_GRAPH_RESULT_LIMIT", "0", "result_limit must be positive"),
    ("HVA_GRAPH_SERVICE_ALLOWLIST", "ftp://x/y", "not an http(s) IRI"),
    ("HVA_GRAPH_ACCESS_LOG", "maybe", "HVA_GRAPH_ACCESS_LOG"),
    ("HVA_GRAPH_STORE", "ftp://host/sparql", "the only remote stores"),
    ("HVA_GRAPH_STORE", "", "store must be"),
])
def test_a_malformed_variable_is_an_error_naming_it(variable, value, complaint):
    with pytest.raises(ValueError, match=re.escape(complaint)):
        Settings.from_env({variable: value})


def test_given_paths_replace_the_data_folder(tmp_path):
    (tmp_path / "a.ttl").write_text("")
    (tmp_path / "b.ttl").write_text("")
    settings = Settings.from_env({}, data_paths=(tmp_path,))
    assert [p.name for p in settings.data_files] == ["a.ttl", "b.ttl"]
    assert Settings.from_env({}).data_files[0].parent == Path(settings.root) / "data"


@pytest.mark.parametrize("value, expected", [("off", False), ("0", False), ("No", False), ("on", True), ("true", True)])
def test_the_access_log_can_be_switched_off(value, expected):
    assert Settings.from_env({"HVA_GRAPH_ACCESS_LOG": value}).access_log is expected


def test_the_access_log_setting_reaches_gunicorn():
    from hva_graph.front.server import _Gunicorn

    assert _Gunicorn(Settings.from_env({"HVA_GRAPH_ACCESS_LOG": "off"}), None, None, {}).cfg.accesslog is None
    assert _Gunicorn(Settings.from_env({}), None, None, {}).cfg.accesslog == "-"


# --- where the project's files are read from and where state is written (issue 22) -------------

def test_a_clone_reads_its_own_folders_and_keeps_its_state_in_var(settings):
    clone = Path(__file__).parents[1]
    assert settings.root == clone
    assert settings.state_folder == clone / "var"
    assert settings.pid_file.parent == clone / "var" / "run"


def test_one_state_folder_holds_caches_dumps_and_pid_files(tmp_path):
    settings = Settings.from_env({"HVA_GRAPH_STATE_DIR": str(tmp_path / "state"), "HVA_GRAPH_PORT": "5123"})
    assert settings.cache_folder == tmp_path / "state" / "cache"
    assert settings.dumps_folder == tmp_path / "state" / "dumps"
    assert settings.pid_file == tmp_path / "state" / "run" / "hva-graph-5123.pid"
    moved = Settings.from_env({"HVA_GRAPH_STATE_DIR": str(tmp_path / "state"), "HVA_GRAPH_CACHE_DIR": str(tmp_path / "c")})
    assert moved.cache_folder == tmp_path / "c" and moved.dumps_folder == tmp_path / "state" / "dumps"


def test_an_installed_package_keeps_its_state_in_the_users_state_folder(tmp_path, monkeypatch):
    """Outside a clone the package's own folder may be read-only: state goes where the XDG Base
    Directory specification puts a user's state ($XDG_STATE_HOME, else ~/.local/state)."""
    import hva_graph.settings as module

    carried = tmp_path / "site-packages" / "hva_graph" / "project"
    monkeypatch.setattr(module, "packaged_root", lambda: carried)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    assert Settings.from_env({}, root=carried).state_folder == tmp_path / "xdg-state" / "hva-graph"


def test_a_root_of_data_alone_still_finds_the_browser_libraries(tmp_path, settings):
    if not (settings.root / "web" / "node_modules").is_dir():
        pytest.skip("npm has not installed web/node_modules in this clone (`make setup` without npm)")
    assert Settings.from_env({"HVA_GRAPH_ROOT": str(tmp_path)}).assets_folder == settings.root / "web" / "node_modules"
