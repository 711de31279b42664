"""Pages for researchers, read as a user reads them: what they show and where they link.
Expected contents come from the sources (sources/), not from the pages' own code."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlparse

import pytest

HTML = {"Accept": "text/html"}
EK_VALUE_1 = "/id/strategy/etela-karjala-2023-2025/value/1"


class _Text(HTMLParser):
    """Visible text and links of a page, without its markup."""

    def __init__(self):
        super().__init__()
        self.parts, self.links, self.assets, self.html_lang = [], [], [], None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag in ("script", "style"):
            self._skip += 1
            if attrs.get("src"):
                self.assets.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon"):
            self.assets.append(attrs.get("href", ""))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self):
        return re.sub(r"\s+", " ", " ".join(self.parts))


def read(client, url, **headers) -> _Text:
    response = client.get(url, headers={**HTML, **headers})
    assert response.status_code == 200, response.data[:500]
    assert response.content_type == "text/html; charset=utf-8"
    page = _Text()
    page.feed(response.get_data(as_text=True))
    return page


def test_home_page_names_the_sources_and_links_everything(client):
    page = read(client, "/?lang=en")
    for strategy in ("North Karelia wellbeing services county strategy 2023–2026",
                     "South Karelia wellbeing services county strategy 2023–2025",
                     "Päijät-Häme wellbeing services county strategy 2023–2025"):
        assert strategy in page.text
    assert page.text.count("unidentified wellbeing services county") >= 2
    for target in ("/queries/", "/sparql", "/dumps/", "/ontology", "/.well-known/void"):
        assert any(link.split("?")[0] == target for link in page.links), target
    assert page.html_lang == "en"


def test_pages_are_in_finnish_when_asked(client):
    page = read(client, "/?lang=fi")
    assert page.html_lang == "fi"
    assert "Hyvinvointialueiden strategiat linkitettynä datana" in page.text
    assert "Pohjois-Karjalan hyvinvointialuestrategia 2023–2026" in page.text
    assert read(client, "/", **{"Accept-Language": "fi-FI,fi;q=0.9"}).html_lang == "fi"


def test_query_index_groups_queries_by_competency_question(client):
    page = read(client, "/queries/?lang=en")
    for number in range(1, 13):
        assert f"{number}. " in page.text
    assert "Which wellbeing services counties have no strategy in the graph yet." in page.text
    assert "/queries/counties-without-strategy?lang=en" in page.links


def test_query_page_shows_question_sparql_results_and_links(client):
    page = read(client, "/queries/values?lang=en")
    assert "The values of every strategy with their descriptions" in page.text
    assert "SELECT ?lang ?strategy ?strategyName ?ordinal ?statement ?statementName ?value" in page.text
    for value in ("Mie turvaan.", "Mie uskallan.", "Mie vastaan.", "Mie välitän.", "Asiakaslähtöisyys"):
        assert value in page.text
    assert "South Karelia wellbeing services county strategy 2023–2025" in page.text, "IRIs shown by label"
    downloads = [link for link in page.links if "/queries/values/results" in link]
    assert {parse_qs(urlparse(link).query)["format"][0] for link in downloads} >= {"csv", "json"}
    assert any(link.startswith("/sparql#") for link in page.links), "a link opens the query in the editor"


def test_labels_fall_back_to_the_other_language(client):
    page = read(client, "/queries/values?lang=fi")
    assert "Etelä-Karjalan hyvinvointialueen strategia 2023–2025" in page.text


def test_permalink_reproduces_the_view_with_its_parameters(client):
    page = read(client, "/queries/full-text-search?word=lapsen&lang=en")
    permalink = next(link for link in page.links if "word=lapsen" in link and "/queries/full-text-search" in link)
    again = read(client, urlparse(permalink)._replace(scheme="", netloc="").geturl())
    assert "päätöksenteko lapsen edun mukaista" in again.text
    assert "Tarjoamme tarpeenmukaiset palvelut" not in again.text


def test_a_bad_parameter_is_a_400_that_names_it(client):
    response = client.get("/queries/theme-statements?theme=https://w3id.org/hva-graph/id/theme/no-such-theme", headers=HTML)
    assert response.status_code == 400
    assert response.get_data(as_text=True).startswith("theme: ")
    response = client.get("/queries/statements-in-english?language=klingon", headers=HTML)
    assert response.status_code == 400 and "language: " in response.get_data(as_text=True)


def test_downloads_of_results(client):
    response = client.get("/queries/values/results?format=csv")
    assert response.status_code == 200 and response.content_type == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Mie turvaan." in response.get_data(as_text=True)
    response = client.get("/queries/values/results", headers={"Accept": "application/sparql-results+json"})
    assert response.json["head"]["vars"][:4] == ["lang", "strategy", "strategyName", "ordinal"]


@pytest.mark.parametrize("path", ["/queries/values/results", "/sparql?query=SELECT%20*%20WHERE%20%7B%7D"])
def test_a_result_download_nobody_can_accept_explains_itself_as_406(client, path):
    """The same 406 from a canned query's download as from /sparql: what was asked, what exists."""
    response = client.get(path, headers={"Accept": "image/png"})
    assert response.status_code == 406
    text = response.get_data(as_text=True)
    assert "image/png" in text and "Available: application/sparql-results+json, application/sparql-results+xml, " \
        "text/csv, text/tab-separated-values" in text
    assert "Accept" in response.headers["Vary"]


def test_chart_pages_carry_a_vega_lite_spec_and_local_scripts_only(client):
    response = client.get("/queries/counties-themes-matrix?lang=en", headers=HTML)
    html = response.get_data(as_text=True)
    assert 'id="chart"' in html and "vega-lite" in html
    page = _Text()
    page.feed(html)
    assert page.assets and all(src.startswith(("/", "data:")) for src in page.assets)


def test_statement_page_shows_verbatim_translation_strategy_county_themes_and_passage(client):
    page = read(client, "/id/strategy/pohjois-karjala-2023-2026/value/1?lang=en")
    assert "Asiakslähtöisyys" in page.text, "verbatim text keeps the source's typo"
    assert "Customer orientation" in page.text
    assert "North Karelia wellbeing services county strategy 2023–2026" in page.text
    assert "Wellbeing Services County of North Karelia" in page.text
    assert "curated" in page.text and "inferred" in page.text
    assert "Source 000" in page.text


def test_statement_page_shows_the_exact_passage_in_its_document(client, seeds):
    response = client.get(EK_VALUE_1 + "?lang=en", headers=HTML)
    html = response.get_data(as_text=True)
    assert "<mark>Mie turvaan.</mark>" in html
    assert "Toimintaamme ohjaavat arvot" in html, "the passage is shown in its context"


@pytest.mark.parametrize("accept, media_type", [
    ("text/html", "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
    ("application/xhtml+xml, text/html;q=0.9, */*;q=0.8", "text/html"),
])
def test_resource_content_negotiation(client, accept, media_type):
    response = client.get(EK_VALUE_1, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("path", ["/id/organisation/helsinki", "/id/theme/workforce", "/ontology",
                                  "/id/source/001_1ea51d137e0ea09d.txt", "/graph/annotations",
                                  "/id/strategy/paijat-hame-2023-2025"])
def test_every_kind_of_iri_dereferences_as_html_and_turtle(client, path):
    assert client.get(path, headers=HTML).status_code == 200
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    from rdflib import Graph
    assert len(Graph().parse(data=response.get_data(as_text=True), format="turtle")) > 0


def test_resource_rdf_is_about_the_canonical_iri_whatever_the_host(settings, service):
    import dataclasses
    from rdflib import Graph, URIRef
    from hva_graph.web.app import create_app
    elsewhere = dataclasses.replace(settings, allowed_hosts=("another.example",))
    client = create_app({"TESTING": True, "SETTINGS": elsewhere, "SERVICE": service}).test_client()
    response = client.get(EK_VALUE_1, headers={"Accept": "text/turtle"}, base_url="http://another.example:8080")
    assert response.status_code == 200
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    iri = URIRef("https://w3id.org/hva-graph/id/strategy/etela-karjala-2023-2025/value/1")
    assert (iri, None, None) in graph
    assert not any("another.example" in str(term) for triple in graph for term in triple)


def test_unknown_resource_is_404_and_unacceptable_type_is_406(client):
    assert client.get("/id/strategy/nowhere", headers=HTML).status_code == 404
    assert client.get(EK_VALUE_1, headers={"Accept": "image/png"}).status_code == 406


def test_ontology_page_documents_every_class_in_both_languages(client):
    page = read(client, "/ontology?lang=en")
    for term, fi, en in (("hva:ServicePromise", "Palvelulupaus", "Service promise"),
                         ("hva:Precondition", "Edellytys", "Precondition"),
                         ("hva:inStrategy", "strategiassa", "in strategy")):
        assert term in page.text and fi in page.text and en in page.text


def test_pages_work_on_a_phone_and_have_no_external_assets(client):
    for path in ("/", "/queries/", "/queries/preparation-timeline", EK_VALUE_1, "/ontology"):
        html = client.get(path, headers=HTML).get_data(as_text=True)
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        page = _Text()
        page.feed(html)
        assert all(not asset.startswith(("http://", "https://", "//")) for asset in page.assets), path
