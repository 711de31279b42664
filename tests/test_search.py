"""The full-text search as a researcher uses it: a Finnish word in any form finds every
statement that uses it, through the canned query `full-text-search` on the real service.

Which statements a word must find is read off the data's own texts with the word list that a
person wrote from the source documents (fixtures/finnish-word-list.yaml: each query word and
the forms the sources use), not from the search's output: a statement is expected when its
verbatim text or its Finnish label holds one of the word's forms.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

WORD_LIST = yaml.safe_load((Path(__file__).parent / "fixtures" / "finnish-word-list.yaml").read_text())
HTML = {"Accept": "text/html"}
SEARCHABLE = """
PREFIX hva: <https://w3id.org/hva-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?statement ?text WHERE {
  ?statement hva:inStrategy ?strategy ; a ?kind ; rdfs:label ?en .
  ?kind rdfs:subClassOf hva:StrategyElement .
  FILTER (LANG(?en) = "en")
  { ?statement hva:verbatim ?text } UNION { ?statement rdfs:label ?text FILTER (LANG(?text) = "fi") }
}"""


@pytest.fixture(scope="module")
def words_of(store) -> dict[str, set[str]]:
    """Each statement a search can return, with the words (lower case) of its Finnish texts."""
    from helpers import rows

    found: dict[str, set[str]] = {}
    for statement, text in rows(store, SEARCHABLE):
        found.setdefault(statement, set()).update(w.lower() for w in re.findall(r"[\w-]+", text))
    return found


def search(client, word: str) -> list[dict]:
    response = client.get("/queries/full-text-search/results", query_string={"word": word, "format": "json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]["bindings"]


def found_statements(client, word: str) -> set[str]:
    return {row["statement"]["value"] for row in search(client, word)}


def holding(words_of, forms) -> set[str]:
    forms = {form.lower().rstrip("-") for form in forms}
    return {s for s, words in words_of.items() if forms & {w.rstrip("-") for w in words}}


@pytest.fixture(scope="module")
def measured(app, words_of) -> dict:
    """Per query word: the statements expected, the ones either way (`may` forms only), found."""
    client, result = app.test_client(), {}
    for entry in WORD_LIST:
        expected = holding(words_of, entry["match"])
        either = holding(words_of, entry.get("may", ())) - expected
        result[entry["query"]] = (expected, either, found_statements(client, entry["query"]))
    return result


def test_the_word_list_has_forty_words_found_in_the_statements(measured):
    assert len(measured) >= 40
    assert sum(1 for expected, _, _ in measured.values() if expected) >= 40


def test_recall_over_the_word_list_is_at_least_95_percent(measured):
    expected = sum(len(e) for e, _, _ in measured.values())
    missed = {word: sorted(e - found) for word, (e, _, found) in measured.items() if e - found}
    assert 1 - sum(map(len, missed.values())) / expected >= 0.95, missed


def test_precision_over_the_word_list_is_at_least_90_percent(measured):
    counted = {word: found - either for word, (_, either, found) in measured.items()}
    wrong = {word: sorted(counted[word] - e) for word, (e, _, _) in measured.items() if counted[word] - e}
    total = sum(map(len, counted.values()))
    assert total and 1 - sum(map(len, wrong.values())) / total >= 0.90, wrong


@pytest.mark.parametrize("word, form", [("lapsi", "lapsen"), ("talous", "talouden"), ("terveys", "terveyden"),
                                        ("osaaminen", "osaamisen"), ("asiakas", "asiakkaiden")])
def test_the_issues_examples_find_the_inflected_forms(client, word, form, words_of):
    """Each word of the issue's table found no or few statements by substring; now every one."""
    assert holding(words_of, [form]) <= found_statements(client, word)


def test_a_compound_is_found_by_its_parts(client, words_of):
    assert holding(words_of, ["mielenterveyspalveluja", "mielenterveyspalvelut"]) <= found_statements(client, "palvelu")


def test_several_words_mean_all_of_them(client):
    both = found_statements(client, "henkilöstö hyvinvointi")
    assert both and both <= found_statements(client, "henkilöstö") & found_statements(client, "hyvinvointi")
    assert both == found_statements(client, "henkilöstö") & found_statements(client, "hyvinvointi")


def test_english_words_find_english_labels_by_their_stem(client):
    rows = search(client, "responsibility")  # Snowball: responsible, responsibility, responsibly
    assert len(rows) >= 2 and all(re.search(r"\brespons", row["labelEn"]["value"], re.I) for row in rows)


def test_results_are_ranked_by_the_number_of_different_matching_words(client):
    scores = [int(row["score"]["value"]) for row in search(client, "henkilöstö")]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


def test_the_page_marks_the_words_found_in_the_verbatim_text(client):
    page = client.get("/queries/full-text-search?word=lapsi&lang=fi", headers=HTML).get_data(as_text=True)
    assert page.count("<mark>lapsen</mark>") >= 2


def test_no_hit_explains_itself_with_the_lemmas_and_offers_the_theme_search(client):
    page = client.get("/queries/full-text-search?word=lasten+avaruusalus&lang=en", headers=HTML).get_data(as_text=True)
    assert "No statement uses these words in any form" in page
    assert "lapsi" in page and "avaruusalus" in page  # the base forms searched for
    assert "/queries/theme-statements" in page


def test_every_page_has_a_search_box_that_lands_on_the_results(client):
    for path in ("/", "/queries/", "/queries/values", "/dumps/"):
        page = client.get(path, headers=HTML).get_data(as_text=True)
        form = re.search(r'<form role="search"[^>]*action="([^"]+)"', page)
        assert form and form.group(1) == "/queries/full-text-search", path
        assert 'name="word"' in page and '<label for="site-search">' in page


@pytest.mark.parametrize("word", ["", "   ", "\t\n", "...", "!?", "x" * 10_000])
def test_a_word_with_nothing_to_search_is_a_400_naming_the_parameter(client, word):
    for path in ("/queries/full-text-search", "/queries/full-text-search/results"):
        response = client.get(path, query_string={"word": word}, headers=HTML)
        assert response.status_code == 400 and response.get_data(as_text=True).startswith("word: "), word[:20]


@pytest.mark.parametrize("word, same_as", [
    ('"lapsen"', "lapsen"),
    ("{lapsen}", "lapsen"),
    ("} UNION { ?s ?p ?o", "union s p o"),
    ('lapsen"} } SELECT * WHERE { ?s ?p ?o . FILTER("', "lapsen select where s p o filter"),
    ("lapsen\nkehitys", "lapsen kehitys"),
    ("lapsen\x00", "lapsen"),
    ("%E4%E4", "E4 E4"),  # not UTF-8 when decoded: searched as the text it is
])
def test_quotes_braces_newlines_and_nul_are_searched_as_text_never_as_query(client, word, same_as):
    response = client.get("/queries/full-text-search/results", query_string={"word": word, "format": "json"})
    assert response.status_code == 200
    assert {r["statement"]["value"] for r in response.get_json()["results"]["bindings"]} == \
        found_statements(client, same_as)


def test_a_percent_encoding_that_is_not_utf8_is_never_a_500(client):
    response = client.get("/queries/full-text-search?word=%E4%E4%FF", headers=HTML)
    assert response.status_code in (200, 400)


def test_without_the_analyser_the_search_says_what_to_install_and_the_rest_serves(client, monkeypatch):
    from hva_graph.search import analyser as finnish

    def missing(text):
        raise finnish.AnalyserUnavailable("the Finnish analyser needs libvoikko and its dictionary: "
                                          "apt-get install libvoikko1 voikko-fi")

    monkeypatch.setattr(finnish, "query_words", missing)
    response = client.get("/queries/full-text-search?word=tuulivoima", headers=HTML)
    assert response.status_code == 503 and "apt-get install libvoikko1 voikko-fi" in response.get_data(as_text=True)
    assert client.get("/queries/values", headers=HTML).status_code == 200
