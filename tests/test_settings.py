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
