"""Behind a reverse proxy: forwarding headers count only from the trusted proxies (addresses and
networks, IPv4 and IPv6), are checked, and set the scheme, host and path prefix of every absolute
URL; a public base URL wins over all of them; a Host that is not allowed is a 400, and never
reaches a URL or the response cache. client_address is the proxy-given client only behind a
trusted proxy. (The same through a real nginx with TLS: tests/test_nginx.py.)"""

from __future__ import annotations

import dataclasses
import json

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from test_caching import response_cache
from hva_graph.forwarding.public import PublicAddress, allowed_host_names, client_address
from hva_graph.settings import Settings
from hva_graph.web.app import create_app

DATASET = URIRef("https://w3id.org/hva-graph/dataset")


@pytest.fixture(scope="module")
def make(settings, service):
    """A client of the app with some settings changed (the same service underneath)."""
    def client(**changed):
        return create_app({"TESTING": True, "SETTINGS": dataclasses.replace(settings, **changed),
                           "SERVICE": service}).test_client()
    return client


def endpoint(client, **kwargs) -> str:
    response = client.get("/.well-known/void", **kwargs)
    assert response.status_code == 200, response.data
    return str(Graph().parse(data=response.data, format="turtle").value(DATASET, VOID.sparqlEndpoint))


FORGED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example", "X-Forwarded-Prefix": "/evil",
          "Forwarded": "proto=https;host=evil.example"}


def test_by_default_no_forwarding_header_counts(client):
    assert endpoint(client, headers=FORGED) == "http://localhost/sparql"


def test_a_host_that_is_not_allowed_is_refused_and_never_kept(app, client):
    response = client.get("/.well-known/void", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" in response.get_data(as_text=True) and "HVA_GRAPH_ALLOWED_HOSTS" in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert not any("evil.example" in str(key) for key in response_cache(app).answers)


def test_the_allowed_hosts_are_the_listening_address_and_localhost_by_default():
    assert allowed_host_names("192.0.2.10", ()) == {"192.0.2.10", "localhost", "127.0.0.1", "::1"}
    assert allowed_host_names("0.0.0.0", ("Data.Example:443",)) == {"data.example"}


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:5000", "[::1]:5000"])
def test_local_names_are_answered(client, host):
    assert client.get("/ontology", headers={"Host": host, "Accept": "text/turtle"}).status_code == 200


def test_health_answers_whatever_the_host_for_load_balancers_and_reload(client):
    assert client.get("/health", headers={"Host": "10.0.0.7:5000"}).status_code == 200


def test_a_trusted_proxys_scheme_host_and_prefix_make_every_absolute_url(make):
    client = make(trusted_proxies=("127.0.0.1",), allowed_hosts=("data.example",))
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "data.example", "X-Forwarded-Prefix": "/hva"}
    assert endpoint(client, headers=proxied) == "https://data.example/hva/sparql"
    api = client.get("/openapi.json", headers=proxied).get_json()
    assert api["servers"] == [{"url": "https://data.example/hva"}]
    listed = client.get("/queries/?format=json", headers=proxied).get_json()
    assert listed[0]["results"].startswith("https://data.example/hva/queries/")
    robots = client.get("/robots.txt", headers=proxied).get_data(as_text=True)
    assert "Sitemap: https://data.example/hva/sitemap.xml" in robots and "Disallow: /hva/sparql" in robots
    sitemap = client.get("/sitemap.xml", headers=proxied).get_data(as_text=True)
    assert "https://data.example/hva/id/strategy/" in sitemap and "http://" not in sitemap.replace(
        "http://www.sitemaps.org", "").replace("http://www.w3.org", "")


def test_a_page_behind_a_prefix_links_inside_it(make):
    client = make(trusted_proxies=("127.0.0.1",))
    page = client.get("/id/strategy/etela-karjala-2023-2025", headers={"X-Forwarded-Prefix": "/hva", "Accept": "text/html"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'href="/hva/id/strategy/etela-karjala-2023-2025/' in text and 'href="/id/' not in text
    assert 'href="/hva/static/' in text or "/hva/static/" in text


def test_the_forwarded_header_counts_as_well(make):
    client = make(trusted_proxies=("127.0.0.1",), allowed_hosts=("data.example",))
    headers = {"Forwarded": 'for=198.51.100.17;proto=https;host="data.example"'}
    assert endpoint(client, headers=headers) == "https://data.example/sparql"


@pytest.mark.parametrize("peer,trusted", [
    ("10.1.2.3", True), ("10.255.0.1", True), ("192.0.2.1", False),
    ("2001:db8::5", True), ("2001:db9::5", False), ("::ffff:10.1.2.3", True)])
def test_proxies_are_trusted_by_address_and_network_in_ipv4_and_ipv6(make, peer, trusted):
    client = make(trusted_proxies=("10.0.0.0/8", "2001:db8::/32"))
    expected = "https://localhost/sparql" if trusted else "http://localhost/sparql"
    assert endpoint(client, headers={"X-Forwarded-Proto": "https"}, environ_base={"REMOTE_ADDR": peer}) == expected


@pytest.mark.parametrize("header,value", [
    ("X-Forwarded-Proto", "ftp"), ("X-Forwarded-Prefix", "/a/../b"), ("X-Forwarded-Prefix", "/a?x=1"),
    ("X-Forwarded-Prefix", "hva"), ("X-Forwarded-Prefix", "//evil.example"), ("X-Forwarded-Prefix", "/a%2fb"),
    ("X-Forwarded-Host", "evil example"), ("X-Forwarded-Host", "data.example/path"), ("Forwarded", "proto")])
def test_a_malformed_value_from_a_trusted_proxy_is_a_400_naming_its_header(make, header, value):
    client = make(trusted_proxies=("127.0.0.1",))
    response = client.get("/ontology", headers={header: value})
    assert response.status_code == 400 and header in response.get_data(as_text=True)


def test_a_forwarded_host_must_be_allowed_too(make):
    client = make(trusted_proxies=("127.0.0.1",), allowed_hosts=("data.example",))
    assert client.get("/ontology", headers={"X-Forwarded-Host": "evil.example"}).status_code == 400


def test_forwarded_and_x_forwarded_that_disagree_are_refused(make):
    client = make(trusted_proxies=("127.0.0.1",))
    response = client.get("/ontology", headers={"Forwarded": "proto=http", "X-Forwarded-Proto": "https"})
    assert response.status_code == 400 and "Forwarded" in response.get_data(as_text=True)


def test_a_public_base_url_makes_every_absolute_url_whatever_the_request_says(make):
    client = make(public_base_url="https://data.example/hva/", trusted_proxies=("127.0.0.1",))
    assert endpoint(client, headers={"Host": "anything.example", **FORGED}) == "https://data.example/hva/sparql"
    assert client.get("/openapi.json").get_json()["servers"] == [{"url": "https://data.example/hva"}]


def _seen(trusted: tuple[str, ...], peer: str, headers: dict[str, str]) -> dict:
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        start_response("204 No Content", [])
        return [b""]

    layer = PublicAddress(app, trusted, allowed_host_names("127.0.0.1", ()), None, {})
    environ = {"REMOTE_ADDR": peer, "HTTP_HOST": "localhost", "wsgi.url_scheme": "http", "SCRIPT_NAME": "",
               **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}}
    layer(environ, lambda status, headers: None)
    return seen


def test_the_client_address_is_the_proxy_given_one_only_behind_a_trusted_proxy():
    chain = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7, 10.0.0.2"}
    assert client_address(_seen((), "10.0.0.1", chain)) == "10.0.0.1"
    # walked back past every trusted proxy to the first address that is not one
    assert client_address(_seen(("10.0.0.0/8",), "10.0.0.1", chain)) == "198.51.100.7"
    assert client_address(_seen(("10.0.0.0/8",), "10.0.0.1", {"Forwarded": 'for="[2001:db8::7]:4711", for=10.0.0.2'})) \
        == "2001:db8::7"
    assert client_address(_seen(("10.0.0.0/8",), "192.0.2.44", chain)) == "192.0.2.44"


def test_no_forwarding_header_reaches_the_app_once_read():
    seen = _seen(("10.0.0.0/8",), "10.0.0.1", {"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"})
    assert seen["wsgi.url_scheme"] == "https"
    assert not any(key.startswith(("HTTP_X_FORWARDED", "HTTP_FORWARDED")) for key in seen)


@pytest.mark.parametrize("name,value,expected", [
    ("TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32 192.0.2.1", ("10.0.0.0/8", "2001:db8::/32", "192.0.2.1")),
    ("ALLOWED_HOSTS", "data.example,www.data.example", ("data.example", "www.data.example")),
    ("PUBLIC_BASE_URL", "https://data.example/hva/", "https://data.example/hva/")])
def test_the_settings_are_read_from_the_environment(name, value, expected):
    settings = Settings.from_env({"HVA_GRAPH_" + name: value})
    assert getattr(settings, name.lower()) == expected


@pytest.mark.parametrize("name,value", [
    ("TRUSTED_PROXIES", "10.0.0.0/33"), ("TRUSTED_PROXIES", "proxy.example"), ("ALLOWED_HOSTS", "a b/c"),
    ("PUBLIC_BASE_URL", "ftp://data.example/"), ("PUBLIC_BASE_URL", "https://data.example/?x=1"),
    ("PUBLIC_BASE_URL", "https://user@data.example/")])
def test_a_malformed_setting_is_refused_naming_the_variable(name, value):
    with pytest.raises(ValueError, match=f"HVA_GRAPH_{name}"):
        Settings.from_env({"HVA_GRAPH_" + name: value})


def test_json_answers_carry_no_forged_address(client):
    body = client.get("/dumps/?format=json", headers=FORGED).get_data(as_text=True)
    assert "evil" not in body and json.loads(body)["sparql_endpoint"] == "http://localhost/sparql"
