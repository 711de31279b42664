"""The names pages show for IRIs (web/labels.py): in the reader's language, with the fallbacks a
Swedish or English reader expects, short names where the data has them, and asked for per
page: never a query that reads every label of the graph. Expected names are read off
data/organisations.ttl and data/source-000.ttl."""

from __future__ import annotations

import pytest

from hva_graph.web.labels import LabelIndex

ID = "https://w3id.org/hva-graph/id/"
NORTH_KARELIA = ID + "organisation/pohjois-karjala"
STRATEGY_000 = ID + "strategy/pohjois-karjala-2023-2026"
BOARD_000 = ID + "organisation/pohjois-karjala/body/aluehallitus"


class Recording:
    """The service, with the text of every query the index asks (through its runner)."""

    def __init__(self, service):
        self.service, self.asked = service, []
        self.runner = self

    @property
    def version(self):
        return self.service.version

    def run(self, job, timeout=None):
        self.asked.append(job.query)
        return self.service.runner.run(job, timeout)


@pytest.fixture
def recorded(service):
    recording = Recording(service)
    return recording, LabelIndex(recording)


def test_a_page_asks_the_names_of_its_own_iris_in_one_query_and_then_none(recorded):
    recording, labels = recorded
    labels.prefetch([NORTH_KARELIA, BOARD_000, "not an IRI"])
    assert len(recording.asked) == 1
    assert "VALUES ?iri" in recording.asked[0] and f"<{NORTH_KARELIA}>" in recording.asked[0]
    assert labels.get(NORTH_KARELIA, "fi") == "Pohjois-Karjalan hyvinvointialue"
    assert labels.get(NORTH_KARELIA, "sv") == "Norra Karelens välfärdsområde"
    assert labels.get(BOARD_000, "en") == "County executive"
    assert len(recording.asked) == 1  # answered from what the page asked for


def test_no_query_of_the_index_reads_every_label(recorded):
    recording, labels = recorded
    labels.get(NORTH_KARELIA, "fi")
    labels.name(STRATEGY_000, "fi", short=True)
    assert recording.asked
    for query in recording.asked:
        assert "VALUES ?iri" in query or "hva-graph/ontology#Strategy" in query  # one row per strategy


def test_a_swedish_reader_gets_the_english_translation_before_the_finnish_original(recorded):
    _, labels = recorded
    found = labels.name(BOARD_000, "sv")  # "Aluehallitus"@fi, "County executive"@en: no Swedish
    assert (found.text, found.lang) == ("County executive", "en")


def test_short_names_from_altlabel_and_a_strategy_by_its_organiser(recorded):
    _, labels = recorded
    assert labels.name(NORTH_KARELIA, "fi", short=True).text == "Pohjois-Karjala"
    assert labels.name(NORTH_KARELIA, "en", short=True).text == "North Karelia"
    assert labels.name(STRATEGY_000, "fi", short=True).text == "Pohjois-Karjala"
    assert labels.name(STRATEGY_000, "fi").text == "Pohjois-Karjalan hyvinvointialuestrategia 2023–2026"


def test_a_new_data_version_forgets_the_old_names(recorded, monkeypatch):
    recording, labels = recorded
    labels.get(NORTH_KARELIA, "fi")
    asked = len(recording.asked)
    monkeypatch.setattr(Recording, "version", property(lambda self: "another version"))
    labels.get(NORTH_KARELIA, "fi")
    assert len(recording.asked) == asked + 1
