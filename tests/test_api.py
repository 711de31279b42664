"""The canned queries as an API: /openapi.json validates as OpenAPI 3.1, every query answers
through it with each value it allows, the allowed values are the data's and the defaults are the
front matter's, the list of queries is JSON, and a parameter a query does not take (or one given
twice) is a 400 naming it, on the page and on the results."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from openapi_spec_validator import validate

from dumps_support import select

ROOT = Path(__file__).parents[1]
QUERY_FILES = sorted((ROOT / "queries").glob("*.rq"))
STATUSES = "https://w3id.org/hva-graph/id/document-statuses"
THEMES = "https://w3id.org/hva-graph/id/themes"


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load("\n".join(line[3:] for line in text.splitlines() if line.startswith("#+ "))) or {}


@pytest.fixture(scope="module")
def document(app) -> dict:
    response = app.test_client().get("/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def operations(document: dict) -> dict[str, dict]:
    return {path: item["get"] for path, item in document["paths"].items() if path.endswith("/results")}


def test_the_description_is_valid_openapi_3_1(document):
    validate(document)  # raises on any violation of the OpenAPI 3.1 schema
    assert document["openapi"].startswith("3.1")


def test_every_canned_query_file_is_an_operation_with_every_parameter_of_its_front_matter(document):
    described = operations(document)
    assert set(described) == {f"/queries/{path.stem}/results" for path in QUERY_FILES}
    for path in QUERY_FILES:
        declared = front_matter(path).get("parameters") or {}
        names = {p["name"] for p in described[f"/queries/{path.stem}/results"]["parameters"]}
        assert names == set(declared) | {"format", "lang"}, path.stem
        for parameter in described[f"/queries/{path.stem}/results"]["parameters"]:
            spec = declared.get(parameter["name"])
            if spec is None:
                continue
            if "default" in spec:
                assert str(parameter["schema"]["default"]) == str(spec["default"]), (path.stem, parameter["name"])
            assert parameter["required"] is False, "every parameter has a default or may be left out"


def test_the_data_version_served_is_the_descriptions_version(client, document):
    assert document["info"]["version"] == client.get("/health").get_json()["data_version"]


def test_the_allowed_values_are_the_datas(client, document):
    statuses = {row["s"] for row in select(client, f"SELECT ?s {{ ?s <http://www.w3.org/2004/02/skos/core#inScheme> <{STATUSES}> }}")}
    themes = {row["s"] for row in select(client, f"SELECT ?s {{ ?s <http://www.w3.org/2004/02/skos/core#inScheme> <{THEMES}> }}")}
    strategies = {row["s"] for row in select(client, "SELECT ?s { ?s a <https://w3id.org/hva-graph/ontology#Strategy> }")}
    described = operations(document)
    enums = {(path, p["name"]): set(p["schema"].get("enum", ())) for path, op in described.items() for p in op["parameters"]}
    assert enums[("/queries/values/results", "strategyStatus")] == statuses and len(statuses) >= 3
    assert enums[("/queries/theme-statements/results", "theme")] == themes and len(themes) >= 8
    assert enums[("/queries/preparation-timeline/results", "strategy")] == strategies and len(strategies) == 5
    # the statements are too many to list: any statement is taken, by IRI, short name or label
    assert enums[("/queries/statement-source/results", "statement")] == set()


def _calls(document: dict):
    """(path, parameters) for every allowed value of every listed parameter, the others at their defaults."""
    for path, op in operations(document).items():
        yield path, {}
        for parameter in op["parameters"]:
            for value in parameter["schema"].get("enum", ()):
                if parameter["name"] != "format":
                    yield path, {parameter["name"]: value}


def test_every_query_answers_with_each_allowed_value(client, document):
    calls = list(_calls(document))
    assert len(calls) > 100
    failed = [(path, given, response.status_code, response.data[:200]) for path, given in calls
              if (response := client.get(path, query_string=given)).status_code != 200]
    assert failed == []


def test_every_format_answers_in_its_described_media_type(client, document):
    for path, op in operations(document).items():
        content = op["responses"]["200"]["content"]
        (formats,) = [p["schema"]["enum"] for p in op["parameters"] if p["name"] == "format"]
        assert len(formats) == len(content) >= 4
        for key, media_type in zip(formats, content):
            response = client.get(path, query_string={"format": key})
            assert response.status_code == 200 and response.mimetype == media_type, (path, key)


def test_a_default_means_the_same_as_leaving_the_parameter_out(client, document):
    for path, op in operations(document).items():
        defaults = {p["name"]: p["schema"]["default"] for p in op["parameters"]
                    if "default" in p["schema"] and p["name"] not in ("format", "lang")}
        if defaults:
            assert client.get(path, query_string=defaults).data == client.get(path).data, path


def test_the_server_address_is_the_one_asked(client, document):
    assert document["servers"] == [{"url": "http://localhost"}]


@pytest.mark.parametrize("where", ["/queries/values", "/queries/values/results"])
def test_a_parameter_the_query_does_not_take_is_a_400_naming_it(client, where):
    response = client.get(where, query_string={"strategyStatuz": "adopted"})
    assert response.status_code == 400
    assert "strategyStatuz" in response.get_data(as_text=True)
    assert "strategyStatus" in response.get_data(as_text=True), "the message says what it takes"


@pytest.mark.parametrize("where", ["/queries/theme-statements", "/queries/theme-statements/results"])
def test_a_parameter_given_twice_is_a_400_naming_it(client, where):
    response = client.get(where + "?theme=economy&theme=workforce")
    assert response.status_code == 400 and "theme" in response.get_data(as_text=True)
    assert "more than once" in response.get_data(as_text=True)


def test_the_common_parameters_are_taken_everywhere(client):
    assert client.get("/queries/values?lang=sv").status_code == 200
    assert client.get("/queries/values/results?format=csv&lang=fi").status_code == 200


def test_the_list_of_queries_is_json_with_parameters_formats_and_working_addresses(client):
    response = client.get("/queries/", headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    listed = response.get_json()
    assert [entry["name"] for entry in listed] == [path.stem for path in QUERY_FILES]
    assert client.get("/queries/?format=json").get_json() == listed
    for entry, path in zip(listed, QUERY_FILES):
        meta = front_matter(path)
        assert entry["title"] == meta["title"] and set(entry["parameters"]) == set(meta.get("parameters") or {})
        assert "csv" in entry["formats"] or "turtle" in entry["formats"]
        assert client.get(urlsplit(entry["results"]).path).status_code == 200
    assert client.get("/queries/", headers={"Accept": "text/html"}).mimetype == "text/html"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_documentation_page_names_every_query_and_links_the_description(client, lang):
    response = client.get(f"/api?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = html.unescape(response.get_data(as_text=True))
    assert 'href="/openapi.json"' in page and f'<html lang="{lang}">' in page
    for path in QUERY_FILES:
        assert f"/queries/{path.stem}/results" in page
        assert front_matter(path)["title"][lang] in page
