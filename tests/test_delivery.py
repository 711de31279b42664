"""How pages travel and are found: gzip for pages and precompressed static files (only where
the client takes it, with Vary and an ETag of their own), HTML error pages for a browser's
navigation while API clients keep plain text, schema.org Dataset JSON-LD on the home and
downloads pages, sitemap.xml and robots.txt."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

HTML = {"Accept": "text/html"}
NAVIGATION = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
              "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
STATIC = Path(__file__).parents[1] / "server" / "hva_graph" / "web" / "static"


# --- compression --------------------------------------------------------------

def test_pages_are_gzipped_for_clients_that_take_it(client):
    plain = client.get("/queries/values?lang=en", headers=HTML)
    packed = client.get("/queries/values?lang=en", headers={**HTML, "Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 3
    assert packed.headers.get("ETag") != plain.headers.get("ETag") or not plain.headers.get("ETag")
    assert "Accept-Encoding" in plain.headers["Vary"], "caches must keep the two apart"


def test_identity_only_clients_never_get_gzip(client):
    for accept in ("identity", "gzip;q=0", ""):
        response = client.get("/?lang=en", headers={**HTML, "Accept-Encoding": accept})
        assert "Content-Encoding" not in response.headers and response.data.startswith(b"<!doctype html>"), accept


@pytest.mark.parametrize("url, source", [("/static/site.css", STATIC / "site.css"), ("/static/editor.js", STATIC / "editor.js")])
def test_static_files_are_sent_precompressed(client, settings, url, source):
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == source.read_bytes()
    kept = list((settings.cache_folder / "compressed").glob(f"*{source.suffix}.gz"))
    assert any(path.read_bytes() == packed.data for path in kept), "compressed once, then sent as a file"
    plain = client.get(url)
    assert plain.data == source.read_bytes() and "Content-Encoding" not in plain.headers
    assert plain.headers["ETag"] != packed.headers["ETag"]
    assert "Accept-Encoding" in plain.headers["Vary"] and "Accept-Encoding" in packed.headers["Vary"]
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304


def test_npm_assets_are_sent_precompressed(client, settings):
    build = settings.root / "web" / "node_modules" / "vega-embed" / "build" / "vega-embed.min.js"
    if not build.is_file():
        pytest.fail("vega-embed is not installed: `make setup` runs `npm ci --prefix web`")
    packed = client.get("/assets/vega-embed/vega-embed.min.js", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.data) == build.read_bytes()
    assert packed.mimetype in ("text/javascript", "application/javascript")


def test_gzip_dumps_stay_downloads_not_encodings(client):
    listing = client.get("/dumps/?format=json").json
    name = next(entry["name"] for entry in listing["files"] if entry["name"].endswith(".ttl.gz"))
    response = client.get(f"/dumps/{name}", headers={"Accept-Encoding": "gzip"})
    assert response.mimetype == "application/gzip" and "Content-Encoding" not in response.headers
    turtle = client.get("/dumps/hva-graph-all.ttl", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in turtle.headers, "a dump is a file: its bytes and checksum are the manifest's"


# --- error pages ---------------------------------------------------------------

@pytest.mark.parametrize("url, status, lang, heading", [
    ("/id/strategy/nowhere?lang=fi", 404, "fi", "Sivua ei löydy"),
    ("/queries/theme-statements?theme=no-such-theme&lang=sv", 400, "sv", "Felaktig begäran"),
    ("/no/such/page?lang=en", 404, "en", "Not found"),
])
def test_a_browser_gets_an_error_page_in_its_language_with_a_way_on(client, url, status, lang, heading):
    response = client.get(url, headers=NAVIGATION)
    assert response.status_code == status and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert re.search(rf"<title>{heading} \({status}\) — hva-graph</title>", html)
    assert 'aria-label="' in html and f'href="/queries/?lang={lang}"' in html, "the site's navigation"
    plain = client.get(url, headers=HTML)
    assert plain.mimetype == "text/plain" and plain.status_code == status
    assert plain.get_data(as_text=True).strip() in html.replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")


def test_plain_http_browsers_are_told_apart_by_upgrade_insecure_requests(client):
    browser = {"Accept": NAVIGATION["Accept"], "Upgrade-Insecure-Requests": "1"}
    assert client.get("/id/strategy/nowhere", headers=browser).mimetype == "text/html"
    fetching = {**browser, "Sec-Fetch-Mode": "cors"}
    assert client.get("/id/strategy/nowhere", headers=fetching).mimetype == "text/plain", "a script's fetch"


def test_the_api_keeps_its_plain_text_errors_even_for_a_navigation(client):
    response = client.get("/sparql?query=SELECT", headers={**NAVIGATION, "Accept": "application/sparql-results+json"})
    assert response.status_code == 400 and response.mimetype == "text/plain"


# --- being found ------------------------------------------------------------------

def _jsonld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


@pytest.mark.parametrize("url", ["/?lang=en", "/dumps/?lang=fi"])
def test_home_and_downloads_describe_the_dataset_in_schema_org(client, url):
    dataset = _jsonld(client.get(url, headers=HTML).get_data(as_text=True))
    assert dataset["@context"] == "https://schema.org/" and dataset["@type"] == "Dataset"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["name"] and dataset["description"] and dataset["url"] == "http://localhost/"
    downloads = {entry["contentUrl"]: entry for entry in dataset["distribution"]}
    assert "http://localhost/dumps/hva-graph-all.ttl" in downloads
    for address, entry in downloads.items():
        assert entry["@type"] == "DataDownload" and entry["encodingFormat"]
        if url.startswith("/dumps/"):
            response = client.head(address.replace("http://localhost", ""))
            assert response.status_code == 200 and f"{response.content_length} B" == entry["contentSize"]


def test_the_json_ld_is_json_ld(client):
    pyld = pytest.importorskip("pyld")
    dataset = _jsonld(client.get("/?lang=en", headers=HTML).get_data(as_text=True))
    dataset["@context"] = {"@vocab": "https://schema.org/"}  # offline: schema.org's context is not fetched
    expanded = pyld.jsonld.expand(dataset)
    assert expanded[0]["@type"] == ["https://schema.org/Dataset"]


def test_sitemap_lists_every_strategy_in_every_language(client, store):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ElementTree.fromstring(response.data)
    sitemap = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [entry.find(f"{sitemap}loc").text for entry in root.findall(f"{sitemap}url")]
    strategies = [s["s"].value for s in store.query(
        "SELECT ?s WHERE { ?s a <https://w3id.org/hva-graph/ontology#Strategy> }", use_default_graph_as_union=True)]
    assert len(strategies) == 5
    for strategy in strategies:
        for lang in ("fi", "sv", "en"):
            assert strategy.replace("https://w3id.org/hva-graph", "http://localhost") + f"?lang={lang}" in locations
    assert "http://localhost/queries/values?lang=sv" in locations
    first = root.find(f"{sitemap}url")
    alternates = {link.get("hreflang") for link in first.findall("{http://www.w3.org/1999/xhtml}link")}
    assert alternates == {"fi", "sv", "en"}
    assert len(locations) == len(set(locations))


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_off_the_endpoint(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in text.splitlines()
    assert "Disallow: /sparql" in text.splitlines() and "User-agent: *" in text.splitlines()
