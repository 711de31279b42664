"""The query editor at /sparql for browsers, and the plain HTML page its fallback form gets.

Read as HTML with Flask's test client (a real browser comes in other tests). Expected cell
values come from the source texts (sources/001: Etelä-Karjala's four values)."""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from hva_graph.namespaces import PREFIXES
from hva_graph.canned.files import load_queries

HTML = {"Accept": "text/html"}
# What a browser sends when it posts a form or follows a link.
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
EK = "https://w3id.org/hva-graph/id/strategy/etela-karjala-2023-2025"
EK_VALUES = ["Mie turvaan.", "Mie uskallan.", "Mie vastaan.", "Mie välitän."]
HVA = "PREFIX hva: <https://w3id.org/hva-graph/ontology#>\n"


class Page(HTMLParser):
    """What a reader and a browser get from a page: resources, links, forms, table cells."""

    def __init__(self, html: str):
        super().__init__()
        self.html = html
        self.lang = None
        self.resources: list[str] = []  # what the browser fetches by itself
        self.links: list[str] = []
        self.forms: list[dict] = []
        self.textareas: dict[str, str] = {}
        self.scripts: dict[str, str] = {}  # inline scripts by id
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self._open: list[str] = []
        self._text: list[str] | None = None
        self._id = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.resources.append(attrs["href"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            self.forms.append({**attrs, "fields": [], "buttons": []})
        if tag in ("input", "button") and self.forms:
            kind = "buttons" if tag == "button" or attrs.get("type") == "submit" else "fields"
            self.forms[-1][kind].append(attrs)
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th", "textarea", "script"):
            self._open.append(tag)
            self._text, self._id = [], attrs.get("id") or attrs.get("name")

    def handle_endtag(self, tag):
        if self._open and tag == self._open[-1]:
            self._open.pop()
            text = "".join(self._text or [])
            if tag == "th":
                self.headers.append(text.strip())
                self.rows[-1].append(text.strip())
            elif tag == "td":
                self.rows[-1].append(re.sub(r"\s+", " ", text).strip())
            elif tag == "textarea":
                text = text[1:] if text.startswith("\n") else text  # as browsers read it
                self.textareas[self._id] = text
                if self.forms:
                    self.forms[-1]["fields"].append({"name": self._id, "value": text})
            elif tag == "script" and self._id:
                self.scripts[self._id] = text
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    @property
    def body_rows(self) -> list[list[str]]:
        return [row for row in self.rows if row and row != self.headers]


def editor(client, url="/sparql") -> Page:
    response = client.get(url, headers=HTML)
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "text/html"
    return Page(response.get_data(as_text=True))


def post_form(client, query: str, **fields):
    return client.post("/sparql", data={"query": query, **fields}, headers=BROWSER)


def results(client, query: str) -> Page:
    response = post_form(client, query)
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "text/html"
    return Page(response.get_data(as_text=True))


# --- the editor -------------------------------------------------------------

def test_editor_loads_yasgui_only_from_this_server(client):
    page = editor(client)
    assert page.lang == "en"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page.html
    assert any(urlsplit(src).path == "/assets/yasgui/yasgui.min.js" for src in page.resources)
    assert any(urlsplit(href).path == "/assets/yasgui/yasgui.min.css" for href in page.resources)
    assert all(resource.startswith(("/", "data:")) and not resource.startswith("//")
               for resource in page.resources), page.resources


def test_editor_has_one_tab_per_canned_query_on_this_endpoint(client, settings):
    canned = list(load_queries(settings.root / "queries").values())
    assert canned
    page = editor(client)
    config = json.loads(page.scripts["editor-config"])
    assert [tab["name"] for tab in config["tabs"]] == [q.title["en"] for q in canned]
    assert [tab["query"] for tab in config["tabs"]] == [q.sparql for q in canned]
    assert config["endpoint"] == "/sparql"
    assert config["prefixes"] == PREFIXES
    for query in canned:  # and readable without JavaScript
        assert query.title["en"] in page.html


def test_editor_falls_back_to_a_plain_form(client, settings):
    first = next(iter(load_queries(settings.root / "queries").values()))
    page = editor(client)
    (form,) = [f for f in page.forms if any(field.get("name") == "query" for field in f["fields"])]
    assert form["method"].lower() == "post" and form["action"] == "/sparql"
    assert page.textareas["query"] == first.sparql
    assert form["buttons"], "a submit button"
    assert 'id="plain-editor"' in page.html and 'id="yasgui"' in page.html


def test_editor_prefills_the_form_with_the_chosen_canned_query(client, settings):
    values = load_queries(settings.root / "queries")["values"]
    assert editor(client, "/sparql?edit=values").textareas["query"] == values.sparql
    assert "/sparql?edit=values" in " ".join(editor(client).links).replace("&amp;", "&")


def test_editor_names_no_other_host(client):
    page = editor(client)
    # The query texts (form and tab data) hold namespace IRIs: SPARQL, never fetched. The rest
    # of the page may name only this server.
    rest = re.sub(r'<textarea.*?</textarea>|<script type="application/json".*?</script>', "", page.html, flags=re.S)
    assert re.findall(r"https?://(?!localhost[/:])[^\s\"'<>]*", rest) == []
    for url in page.resources + page.links + [f["action"] for f in page.forms]:
        assert not urlsplit(url).netloc, url


def test_an_html_accept_does_not_turn_machine_clients_into_browsers(client):
    query = "SELECT ?x WHERE { VALUES ?x { 1 } }"
    for accept, media_type in ((None, "application/sparql-results+json"),
                               ("*/*", "application/sparql-results+json"),
                               ("text/*", "text/csv"),
                               ("application/sparql-results+json, text/html", "application/sparql-results+json"),
                               ("text/html;q=0.5, application/sparql-results+json", "application/sparql-results+json"),
                               ("text/html", "text/html")):
        response = client.post("/sparql", data={"query": query}, headers={"Accept": accept} if accept else {})
        assert response.mimetype == media_type, accept
    construct = "CONSTRUCT { <urn:a> <urn:b> 1 } WHERE {}"
    assert client.post("/sparql", data={"query": construct}, headers={"Accept": "*/*"}).mimetype == "text/turtle"
    assert client.post("/sparql", data={"query": construct}).mimetype == "text/turtle"
    assert client.get("/sparql", headers={"Accept": "*/*"}).mimetype == "text/turtle"
    assert client.get("/sparql?" + "format=html&query=ASK%7B%7D", headers={"Accept": "*/*"}).mimetype == "text/html"


# --- the assets -------------------------------------------------------------

def _yasgui_installed(settings):
    build = settings.root / "web" / "node_modules" / "@zazuko" / "yasgui" / "build"
    if build.is_dir():
        return build
    message = f"YASGUI is not installed at {build}: `make setup` runs `npm ci --prefix web`"
    if os.environ.get("CI") or shutil.which("npm"):
        pytest.fail(message)
    pytest.skip(message + ", and npm is not on this machine")


def test_yasgui_is_served_locally_with_long_caching(client, settings):
    _yasgui_installed(settings)
    page = editor(client)
    script = next(src for src in page.resources if src.startswith("/assets/yasgui/yasgui.min.js"))
    response = client.get(script)
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    assert b"Yasgui" in response.data
    assert response.cache_control.max_age >= 365 * 24 * 3600 and response.cache_control.immutable
    version = json.loads((settings.root / "web" / "package.json").read_text())["dependencies"]["@zazuko/yasgui"]
    assert parse_qs(urlsplit(script).query)["v"] == [version], "the URL changes with the pinned version"
    css = client.get(next(href for href in page.resources if href.startswith("/assets/yasgui/yasgui.min.css")))
    assert css.status_code == 200 and css.mimetype == "text/css"
    # A stylesheet that imported fonts or images from elsewhere would make the page fetch them.
    assert not re.search(rb"@import|url\(\s*['\"]?(https?:)?//", css.data)


def test_asset_route_serves_nothing_else(client):
    assert client.get("/assets/yasgui/../../package.json").status_code == 404
    assert client.get("/assets/yasgui/%2e%2e/package.json").status_code == 404
    assert client.get("/assets/no-such-package/index.js").status_code == 404
    assert client.get("/assets/yasgui/no-such-file.js").status_code == 404


# --- HTML results of the form ----------------------------------------------

def test_form_post_shows_a_table_of_the_values(client, settings):
    query = load_queries(settings.root / "queries")["values"].sparql
    response = post_form(client, query)
    assert response.mimetype == "text/html"
    page = Page(response.get_data(as_text=True))
    assert {"?strategy", "?ordinal", "?value"} <= set(page.headers), "a column per variable"
    strategy, ordinal, label = (page.headers.index(name) for name in ("?strategy", "?ordinal", "?value"))
    rows = page.body_rows
    assert str(len(rows)) == response.headers["X-Result-Count"]
    assert f"<strong>{len(rows)}</strong>" in page.html, "the count is shown"
    ek = [row for row in rows if row[strategy] == EK]
    assert [row[label] for row in ek] == [value + " @fi" for value in EK_VALUES]
    assert [row[ordinal] for row in ek] == [f"{n} ^^xsd:integer" for n in (1, 2, 3, 4)]
    assert '<span class="literal" lang="fi">Mie turvaan.</span>' in page.html
    assert "/id/strategy/etela-karjala-2023-2025" in page.links, "the graph's own IRIs open locally"
    assert page.textareas["query"] == query, "the query is there to edit and run again"


def test_html_results_link_the_same_results_in_other_formats(client):
    query = "SELECT ?value WHERE { ?v <https://w3id.org/hva-graph/ontology#inStrategy> <%s> ; " \
            "<https://w3id.org/hva-graph/ontology#ordinal> 1 ; a <https://w3id.org/hva-graph/ontology#Value> ; " \
            "<http://www.w3.org/2000/01/rdf-schema#label> ?value . FILTER (LANG(?value) = 'fi') }" % EK
    page = results(client, query)
    formats = {parse_qs(urlsplit(link).query).get("format", [None])[0]: link for link in page.links
               if "query" in parse_qs(urlsplit(link).query)}
    assert {"json", "csv", "tsv"} <= set(formats)
    assert all(parse_qs(urlsplit(link).query)["query"] == [query] for link in formats.values())
    csv = client.get(formats["csv"], headers=BROWSER)
    assert csv.mimetype == "text/csv" and csv.get_data(as_text=True).splitlines() == ["value", "Mie turvaan."]
    assert client.get(formats["json"], headers=BROWSER).mimetype == "application/sparql-results+json"
    again = client.get(formats[None], headers=BROWSER)  # the link to this page
    assert again.mimetype == "text/html" and "Mie turvaan." in again.get_data(as_text=True)


def test_a_long_query_gets_buttons_instead_of_links(client):
    query = "# " + "x" * 3000 + "\nSELECT ?n WHERE { VALUES ?n { 1 2 } }"
    page = results(client, query)
    assert not any("format=" in link for link in page.links)
    (form,) = [f for f in page.forms if any(b.get("name") == "format" for b in f["buttons"])]
    assert {b["value"] for b in form["buttons"]} >= {"json", "csv", "tsv"}
    assert {"name": "query", "value": query, "type": "hidden"}.items() <= \
        next(f for f in form["fields"] if f.get("name") == "query").items()
    response = client.post("/sparql", data={"query": query, "format": "csv"}, headers=BROWSER)
    assert response.mimetype == "text/csv" and response.get_data(as_text=True).split() == ["n", "1", "2"]


def test_ask_renders_its_answer(client):
    yes = results(client, HVA + "ASK { ?v a hva:Value ; hva:inStrategy <%s> }" % EK)
    assert "ASK: <strong>true</strong>" in yes.html
    no = results(client, HVA + "ASK { <%s> a hva:Value }" % EK)
    assert "ASK: <strong>false</strong>" in no.html
    assert any("format=json" in link for link in yes.links)


def test_construct_renders_its_triples(client):
    page = results(client, HVA + """CONSTRUCT { ?v hva:ordinal ?n ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }
        WHERE { ?v a hva:Value ; hva:inStrategy <%s> ; hva:ordinal ?n ;
                   <http://www.w3.org/2000/01/rdf-schema#label> ?label . FILTER (LANG(?label) = "fi") }""" % EK)
    assert page.headers == ["subject", "predicate", "object"]
    labels = sorted(row[2] for row in page.body_rows if row[1] == "rdfs:label")
    assert labels == sorted(value + " @fi" for value in EK_VALUES)
    assert len(page.body_rows) == 8
    formats = {parse_qs(urlsplit(link).query).get("format", [None])[0] for link in page.links}
    assert {"turtle", "ntriples", "jsonld"} <= formats


def test_markup_in_the_data_is_shown_as_text(client):
    query = 'SELECT ?x ?iri WHERE { VALUES (?x ?iri) { ("<script>alert(1)</script>" <javascript:alert(2)>) } }'
    response = post_form(client, query)
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = Page(html)
    assert page.body_rows[0][0] == "<script>alert(1)</script>"
    assert not any(link.lower().startswith("javascript:") for link in page.links)
    assert page.textareas["query"] == query
