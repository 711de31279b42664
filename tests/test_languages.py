"""Finnish, Swedish and English throughout: every interface string, column name and property
name in all three; the reader's choice of language sticks across links; what exists in one
language only says so. Expected names come from the data files and the act that founded the
counties (the Swedish county names), not from the pages' code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, URIRef

from hva_graph.namespaces import HVA

from hva_graph.canned.files import QueryFileError, load_query, load_questions
from hva_graph.web.messages import LANGUAGES, CatalogueError, _leaves, catalogue

ROOT = Path(__file__).parents[1]
TEMPLATES = ROOT / "server" / "hva_graph" / "web" / "templates"
HTML = {"Accept": "text/html"}


def test_every_message_is_in_finnish_swedish_and_english():
    messages, terms = catalogue()
    assert len(messages) > 150 and len(terms) > 60
    for key, texts in messages.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key
    for iri, texts in terms.items():  # reused vocabularies in all three, the ontology's terms in Swedish
        assert set(texts) == (set(LANGUAGES) if not iri.startswith(str(HVA)) else {"sv"}), iri


def test_a_message_missing_a_language_is_refused_naming_its_key():
    with pytest.raises(CatalogueError, match=r"query\.show needs exactly fi, sv and en.*'sv'"):
        _leaves({"query": {"show": {"fi": "Näytä", "en": "Show"}}})


def test_every_message_a_template_uses_exists_and_no_template_translates_inline():
    messages, _ = catalogue()
    used, prefixes = set(), set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"lang\s*==\s*'(fi|en)'\s*else|if fi\b|\bfi = lang", text), template.name
        used |= set(re.findall(r"\bt\('([a-z_.0-9]+)'\s*[,)]", text))
        prefixes |= set(re.findall(r"\bt\('([a-z_.]+)' ~", text))
    assert used and used <= set(messages), sorted(used - set(messages))
    for prefix in prefixes:  # keys made by the page ("resource." ~ origin …) have all their endings
        assert any(key.startswith(prefix) for key in messages), prefix


def test_every_query_title_description_column_and_parameter_is_in_three_languages(settings):
    from hva_graph.canned.files import load_queries

    for query in load_queries(settings.root / "queries").values():
        for texts in (query.title, query.description, *query.columns.values(),
                      *(spec["label"] for spec in query.parameters.values() if "label" in spec),
                      *([query.absent] if query.absent else []), *([query.empty] if query.empty else [])):
            assert all(texts.get(lang) for lang in LANGUAGES), (query.name, texts)
    questions = load_questions(settings.root / "queries")
    assert all(set(text) == set(LANGUAGES) for text in questions.values())


def test_a_result_variable_without_a_column_name_is_refused(tmp_path):
    path = tmp_path / "unnamed.rq"
    path.write_text('#+ title: {fi: "T", sv: "T", en: "T"}\n#+ description: {fi: "D", sv: "D", en: "D"}\n'
                    '#+ columns:\n#+   a: {fi: "A", sv: "A", en: "A"}\n'
                    "SELECT ?a (COUNT(?x) AS ?count) WHERE { ?a ?p ?x } GROUP BY ?a\n", encoding="utf-8")
    with pytest.raises(QueryFileError, match=r"\?count needs a column name in fi, sv and en"):
        load_query(path)
    path.write_text(path.read_text().replace('#+   a: {fi: "A", sv: "A", en: "A"}',
                                             '#+   a: {fi: "A", sv: "A", en: "A"}\n#+   count: {fi: "N", en: "N"}'))
    with pytest.raises(QueryFileError, match=r"\?count"):
        load_query(path)


def test_every_query_names_exactly_the_variables_its_answer_has(client, settings):
    from hva_graph.canned.files import load_queries

    for name, query in load_queries(settings.root / "queries").items():
        answer = client.get(f"/queries/{name}/results", headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200, name
        assert set(answer.json["head"]["vars"]) <= set(query.columns), (name, answer.json["head"]["vars"])


def test_every_term_the_pages_name_has_a_name_in_each_language(union):
    """Properties, classes, statuses, themes, decision kinds and stakeholder groups: from the data
    (rdfs:label) or, for reused vocabularies, from the catalogue."""
    _, terms = catalogue()
    shown = set(union.predicates()) | set(union.objects(None, RDF.type))
    for scheme in ("themes", "document-statuses", "decision-kinds", "stakeholder-groups"):
        shown |= set(union.subjects(SKOS.inScheme, URIRef(f"https://w3id.org/hva-graph/id/{scheme}")))
    shown = {term for term in shown if isinstance(term, URIRef) and not str(term).startswith("https://w3id.org/hva-graph/graph/")}
    missing = []
    for term in sorted(shown):
        languages = {label.language for label in union.objects(term, RDFS.label)} | set(terms.get(str(term), {}))
        if not set(LANGUAGES) <= languages:
            missing.append((str(term), sorted(languages - {None})))
    assert missing == []


@pytest.mark.parametrize("slug, swedish_short, swedish_full", [
    ("paijat-hame", "Päijänne-Tavastland", "Päijänne-Tavastlands välfärdsområde"),
    ("pohjois-karjala", "Norra Karelen", "Norra Karelens välfärdsområde"),
    ("etela-karjala", "Södra Karelen", "Södra Karelens välfärdsområde"),
])
def test_swedish_pages_name_counties_by_their_official_swedish_names(client, slug, swedish_short, swedish_full):
    page = client.get(f"/id/organisation/{slug}?lang=sv", headers=HTML).get_data(as_text=True)
    assert f"<h1>{swedish_full}</h1>" in page
    grid = client.get("/queries/values?lang=sv", headers=HTML).get_data(as_text=True)
    assert re.search(rf'<th scope="col"><a [^>]*>{re.escape(swedish_short)}</a>', grid), swedish_short


def test_the_choice_of_language_sticks_by_link_and_by_cookie(client):
    first = client.get("/queries/?lang=sv", headers=HTML)
    assert '<html lang="sv">' in first.get_data(as_text=True)
    assert "lang=sv" in first.headers["Set-Cookie"] and "SameSite=Lax" in first.headers["Set-Cookie"]
    # every link but the language menu's own (which names its language with hreflang)
    links = re.findall(r'<a href="(/[^"#]*)"(?![^>]*hreflang)', first.get_data(as_text=True))
    pages = [link for link in links if link.startswith(("/queries/", "/sparql", "/dumps/", "/ontology", "/accessibility"))]
    assert pages and all("lang=sv" in link for link in pages), [link for link in pages if "lang=sv" not in link]
    # A typed address, or a link that carries no lang=: the cookie keeps the reader's choice.
    again = client.get("/dumps/", headers=HTML)
    assert '<html lang="sv">' in again.get_data(as_text=True)
    assert "Cookie" in again.headers["Vary"]


def test_pages_cached_for_one_language_are_never_served_in_another(app):
    english, swedish = app.test_client(), app.test_client()
    swedish.get("/?lang=sv", headers=HTML)
    assert '<html lang="en">' in english.get("/", headers={**HTML, "Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="sv">' in swedish.get("/", headers={**HTML, "Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in english.get("/", headers={**HTML, "Accept-Language": "en"}).get_data(as_text=True)


def test_finnish_only_text_is_marked_on_english_and_swedish_pages(client):
    """Value descriptions exist in Finnish only (data/source-004.ttl has no English description)."""
    for lang, note in (("en", "Description (in Finnish only)"), ("sv", "Beskrivning (endast på finska)")):
        page = client.get(f"/queries/values?lang={lang}", headers=HTML).get_data(as_text=True)
        assert f"<th scope=\"col\">{note}</th>" in page
        assert '<span lang="fi">Luottamus on hyvinvointialueen toiminnan perusta.' in page
    statement = client.get("/id/strategy/etela-karjala-2023-2025/value/1?lang=en", headers=HTML).get_data(as_text=True)
    assert '<blockquote lang="fi">Mie turvaan.</blockquote>' in statement and "(in Finnish only)" in statement
    finnish = client.get("/queries/values?lang=fi", headers=HTML).get_data(as_text=True)
    assert "vain suomeksi" not in finnish and "(in Finnish only)" not in finnish
