"""Dates in a Finnish text as structured dates with their precision, by the patterns of the rule
that checks them (shapes/dates-in-labels-violation.rq): one set of rules, not two. Expected
values follow data/README.md (spring March–May, autumn September–November, a deadline has an end
only, Midsummer Eve is the Friday between 19 and 25 June)."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from hva_graph.curation import dates

D = datetime.date
RULE = Path(__file__).parents[1] / "shapes" / "dates-in-labels-violation.rq"


@pytest.mark.parametrize("text, expected", [
    ("21.3.2022 Aluehallitus käynnisti", (D(2022, 3, 21), D(2022, 3, 21), "day", "21.3.2022")),
    ("17.-18.5.2022 Aluevaltuuston strategiaseminaari", (D(2022, 5, 17), D(2022, 5, 18), "day", "17.-18.5.2022")),
    ("17.–18.5.2022 seminaari", (D(2022, 5, 17), D(2022, 5, 18), "day", "17.–18.5.2022")),
    ("hyväksytty aluevaltuustossa joulukuussa 2022.", (D(2022, 12, 1), D(2022, 12, 31), "month", "joulukuussa 2022")),
    ("toteutettiin huhtikuun aikana 2023.", (D(2023, 4, 1), D(2023, 4, 30), "month", "huhtikuun aikana 2023")),
    ("käynnisti valmistelun keväällä 2021", (D(2021, 3, 1), D(2021, 5, 31), "season", "keväällä 2021")),
    ("syksyllä 2022 työpajat", (D(2022, 9, 1), D(2022, 11, 30), "season", "syksyllä 2022")),
    ("Osallistamiskeino kevät ja alkukesä 2022", (D(2022, 3, 1), D(2022, 6, 30), "season", "kevät ja alkukesä 2022")),
    ("päättää strategiasta vuoden 2022 loppuun mennessä", (None, D(2022, 12, 31), "deadline", "2022 loppuun mennessä")),
    ("lausunnot pyydetään viimeistään 15.8.2022", (None, D(2022, 8, 15), "deadline", "viimeistään 15.8.2022")),
    ("hyväksyy ennen juhannusta 2022", (None, D(2022, 6, 23), "deadline", "ennen juhannusta 2022")),
    # issue 20: "asti" (and "saakka") after a date gives the time by which, not when it began
    ("Luonnos on lausunnoilla 30.5.2022 asti.", (None, D(2022, 5, 30), "deadline", "30.5.2022 asti")),
    ("Kysely on avoinna 15.3.2023 saakka", (None, D(2023, 3, 15), "deadline", "15.3.2023 saakka")),
    ("voimassa vuoden 2025 loppuun asti", (None, D(2025, 12, 31), "deadline", "2025 loppuun asti")),
    ("Vaiheet strategiavalmistelussa 2021-2023", (D(2021, 1, 1), D(2023, 12, 31), "year", "2021-2023")),
    ("Hyvinvointialuestrategia vuosille 2023-26", (D(2023, 1, 1), D(2026, 12, 31), "year", "2023-26")),
    ("palvelustrategia valmistellaan vuoden 2023 aikana", (D(2023, 1, 1), D(2023, 12, 31), "year", "2023")),
    ("kyselyt touko–kesäkuussa 2022", (D(2022, 5, 1), D(2022, 6, 30), "month", "touko–kesäkuussa 2022")),
    ("työpajat syys-lokakuussa 2023", (D(2023, 9, 1), D(2023, 10, 31), "month", "syys-lokakuussa 2023")),
])
def test_a_date_expression_is_structured_with_its_precision(text, expected):
    (found,) = dates.find(text)
    assert (found.start, found.end, found.precision, found.cue) == expected


@pytest.mark.parametrize("text, year, expected", [
    ("kokoontuu kesäkuussa", 2022, (D(2022, 6, 1), D(2022, 6, 30), "month")),
    ("viimeistään 15.8.", 2024, (None, D(2024, 8, 15), "deadline")),
    ("hyväksyy strategian ennen juhannusta.", 2022, (None, D(2022, 6, 23), "deadline")),
])
def test_a_date_without_its_year_takes_the_year_the_text_gives_before_it(text, year, expected):
    (found,) = dates.find(text, context_year=year)
    assert (found.start, found.end, found.precision) == expected


def test_a_winter_over_two_years_is_the_one_that_ends_in_the_second():
    """"talvella 2022–2023" is December 2022 to February 2023; "talvella 2023" alone the winter that
    ends in 2023, as the rule's table reads a season that crosses the year's end."""
    found = [w for w in dates.find("seminaarit talvella 2022–2023") if w.precision == "season"]
    assert [(w.start, w.end) for w in found] == [(D(2022, 12, 1), D(2023, 2, 28))]
    (alone,) = dates.find("seminaari talvella 2023")
    assert (alone.start, alone.end) == (D(2022, 12, 1), D(2023, 2, 28))


def test_a_date_without_a_year_anywhere_is_no_date():
    assert dates.find("kokoontuu kesäkuussa") == []


@pytest.mark.parametrize("text", ["Laki 612/2021: 29 §", "n=1 204", "5 työryhmää", "3.6. kello 12"])
def test_what_is_no_date_gives_none(text):
    assert [w for w in dates.find(text) if w.precision != "day"] == [] and dates.find(text) == []


def test_midsummer_eve_is_the_friday_between_19_and_25_june():
    assert [dates.midsummer_eve(y) for y in (2021, 2022, 2023, 2024)] == [
        D(2021, 6, 25), D(2022, 6, 24), D(2023, 6, 23), D(2024, 6, 21)]


def test_the_drafter_reads_its_patterns_from_the_rule_itself():
    found = dates.patterns()
    words = {w.word.strip(): (w.first, w.last, w.precision) for w in found.words}
    assert words["joulukuu"] == (12, 12, "month") and words["kevät"] == (3, 5, "season")
    assert words["juhannu"] == (6, 6, "day")
    assert "mennessä" in found.deadlines and "viimeistään" in found.deadlines
    assert found.day == "[0-9]{1,2}\\.[0-9]{1,2}\\.20[0-9]{2}"


def test_a_rule_without_the_precision_of_its_date_words_stops_the_drafter(tmp_path):
    changed = tmp_path / "dates-in-labels-violation.rq"
    shutil.copy(RULE, changed)
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("?last ?precision)", "?last)").replace(" hva:MonthPrecision)", ")")
                       .replace(" hva:SeasonPrecision)", ")").replace(" hva:DayPrecision)", ")"), encoding="utf-8")
    with pytest.raises(dates.RuleChanged):
        dates.patterns(changed)
