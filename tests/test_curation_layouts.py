"""Layouts and phrasings of other counties' strategy texts that the drafter reads (issue 21, after the
blind texts): each a small text written for one general rule, none of them a blind text's wording,
with what a curator would draft from it — passages, classes, parents, tiers, dates, kinds, groups and
counts read off the text by data/README.md. Chrome of each kind never reaches a draft."""

from __future__ import annotations

import datetime
from pathlib import Path

from curation_support import pdf_from_text
from rdflib.namespace import RDFS

from hva_graph.curation import chrome, measure
from hva_graph.curation.draft import Drafting, draft_text
from hva_graph.curation.reading import read_source

D = datetime.date


VALUES = "\n\nArvot\n\n  • Rohkeus\n  • Avoimuus\n  • Luottamus\n"
"""Three statements more for a small copied text (the drafter refuses a text of fewer than three; a PDF's
pages give their own)."""


def draft(folder: Path, name: str, text: str, as_pdf: bool = False) -> Drafting:
    path = folder / name
    path.write_text(text if name.endswith(".html") or as_pdf else text.rstrip("\n") + VALUES, encoding="utf-8")
    if as_pdf:
        path = pdf_from_text(text, folder / (path.stem + ".pdf"))
    return draft_text(read_source(path), "950")


def statements(drafting: Drafting) -> dict[str, object]:
    """The drafted statements by their passage's words (whitespace as one space)."""
    text = drafting.source.text
    return {" ".join(text[s.span[0]:s.span[1]].split()): s for s in drafting.statements}


def quote(drafting: Drafting, statement) -> str | None:
    return None if statement is None else " ".join(drafting.source.text[slice(*statement.span)].split())


def when(statement) -> tuple:
    return (statement.when.start, statement.when.end, statement.when.precision) if statement.when else None


# --- chrome ---------------------------------------------------------------------------------------

CHROME = ["Siirry sisältöön", "Valikko", "Haku", "Suomeksi", "På svenska", "Sámegillii", "In English", "Tulosta",
          "‹ Takaisin edelliselle sivulle", "Sivu päivitetty 2.2.2024", "Oliko sivusta apua?", "Kyllä", "Ei",
          "Seuraa meitä", "Instagram", "Kuva: Hyvinvointialueen kuvapankki", "Hätänumero 112", "© Hyvinvointialue"]


def test_page_furniture_of_every_kind_never_reaches_a_draft(tmp_path):
    text = "\n".join(CHROME[:9]) + """

Hyvinvointialuestrategia 2024–2027

Aluevaltuusto hyväksyi strategian 12.12.2023.

Arvot

  • Rohkeus
  • Avoimuus

""" + "\n".join(CHROME[9:]) + "\n"
    drafting = draft(tmp_path, "sivu.txt", text)
    assert measure.chrome_in(drafting.graph, chrome.debris_pattern(), CHROME) == []
    assert {"Rohkeus", "Avoimuus", "Aluevaltuusto hyväksyi strategian 12.12.2023."} <= set(statements(drafting))


def test_page_numbers_and_running_headers_of_a_pdf_are_left_out(tmp_path):
    bodies = [f"{topic} ovat asukkaiden tärkein asia, ja niitä kehitetään yhdessä asukkaiden ja henkilöstön kanssa. "
              * 3 for topic in ("Palvelut", "Terveys", "Turvallisuus", "Talous")]
    pages = ["Hyvinvointialuestrategia 2024–2027\n\nVisio\n\n" + bodies[0] + VALUES + "\nSivu 1 (4)"] + [
        f"Hyvinvointialue | Strategia\nOsa {n}\n\n{bodies[n - 1]}\n\nSivu {n} (4)" for n in (2, 3, 4)]
    drafting = draft(tmp_path, "strategia.txt", "\f".join(pages) + "\n\fHyvinvointialue | Strategia\n", as_pdf=True)
    assert "Sivu 2 (4)" not in drafting.source.text and "Hyvinvointialue | Strategia" not in drafting.source.text
    assert drafting.source.text.count("ovat asukkaiden tärkein asia") == 12
    assert measure.chrome_in(drafting.graph, chrome.debris_pattern(), ["Sivu ", "| Strategia"]) == []


# --- structure: hierarchy without "1. / 1.1" --------------------------------------------------------


def test_goals_indented_by_a_tab_under_their_priorities_are_theirs(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Painopisteet ja tavoitteet

Hyvinvoinnin edistäminen
\tLiikkuminen lisääntyy.
\tYksinäisyys vähenee.
Sujuvat palvelut
\tHoitoon pääsee ajallaan.
""")
    found = statements(drafting)
    assert found["Hyvinvoinnin edistäminen"].kind == "Priority" and found["Sujuvat palvelut"].kind == "Priority"
    assert {q: quote(drafting, found[q].parent) for q in ("Liikkuminen lisääntyy.", "Yksinäisyys vähenee.",
                                                          "Hoitoon pääsee ajallaan.")} == {
        "Liikkuminen lisääntyy.": "Hyvinvoinnin edistäminen", "Yksinäisyys vähenee.": "Hyvinvoinnin edistäminen",
        "Hoitoon pääsee ajallaan.": "Sujuvat palvelut"}
    assert found["Liikkuminen lisääntyy."].kind == "StrategicGoal"
    assert quote(drafting, found["Liikkuminen lisääntyy."].tier) == "tavoitteet"


def test_a_goal_numbered_by_its_noun_is_its_name_with_that_ordinal_and_its_bullets_are_under_it(tmp_path):
    drafting = draft(tmp_path, "pdf.txt", """Hyvinvointialuestrategia 2024–2027

3 Strategiset tavoitteet ja menestystekijät

Tavoite 1. Asukkaat voivat hyvin
• Liikkuminen lisääntyy
Tavoite 2: Talous on tasapainossa
• Menot sopeutetaan tuloihin
""")
    found = statements(drafting)
    assert "Tavoite 1. Asukkaat voivat hyvin" not in found and "3 Strategiset tavoitteet" not in found
    goal = found["Asukkaat voivat hyvin"]
    assert goal.kind == "StrategicGoal" and goal.source_number == 1 and found["Talous on tasapainossa"].source_number == 2
    factor = found["Menot sopeutetaan tuloihin"]
    assert factor.kind == "CriticalSuccessFactor" and quote(drafting, factor.parent) == "Talous on tasapainossa"
    assert quote(drafting, goal.tier) == "Strategiset tavoitteet" and quote(drafting, factor.tier) == "menestystekijät"


def test_an_accordions_priorities_with_their_own_goal_lists(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Kaupunkistrategia 2025–2029</h1>
        <h2>Painopisteet</h2>
        <details><summary>Painopiste 1: Lapset voivat hyvin</summary><h3>Tavoitteet</h3>
        <ul><li>Perheet saavat tukea.</li></ul></details>
        <details><summary>Painopiste 2: Arki on turvallista</summary><h3>Tavoitteet</h3>
        <ul><li>Apu tulee ajoissa.</li><li>Kotona asuminen onnistuu.</li></ul></details>
        <h2>Arvot</h2><dl><dt>Rohkeus</dt><dd>Kokeilemme uutta.</dd><dt>Avoimuus</dt><dd>Kerromme päätöksistä.</dd></dl>
        <aside><h2>Lupaus kaupunkilaisille</h2><p>Vastaamme yhteydenottoihin päivän sisällä.</p></aside>
        </main><aside><p>Jaa sivu</p></aside></body></html>""")
    found = statements(drafting)
    assert found["Lapset voivat hyvin"].kind == "Priority" and found["Arki on turvallista"].source_number == 2
    assert {q: quote(drafting, found[q].parent) for q in ("Perheet saavat tukea.", "Apu tulee ajoissa.")} == {
        "Perheet saavat tukea.": "Lapset voivat hyvin", "Apu tulee ajoissa.": "Arki on turvallista"}
    tiers = [s for s in drafting.statements if s.kind == "Tier"]
    assert [(quote(drafting, t), t.level) for t in tiers] == [("Painopisteet", 1), ("Tavoitteet", 2)]
    assert found["Rohkeus Kokeilemme uutta."].kind == "Value" and found["Avoimuus Kerromme päätöksistä."].kind == "Value"
    assert found["Vastaamme yhteydenottoihin päivän sisällä."].kind == "ServicePromise"


def test_a_second_list_under_its_own_heading_is_a_tier_of_its_own(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Painopisteet

  • Ennaltaehkäisy
  • Saavutettavuus

Kärkihankkeet

  • Digitaaliset palvelut
""")
    found = statements(drafting)
    assert quote(drafting, found["Ennaltaehkäisy"].tier) == "Painopisteet"
    assert quote(drafting, found["Digitaaliset palvelut"].tier) == "Kärkihankkeet"


def test_a_heading_as_high_as_a_tier_sections_own_opens_a_section_of_its_own(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2024–2027</h1>
        <h2>Strategiset tavoitteet</h2><ul><li>Asukkaat voivat hyvin</li></ul>
        <h2>Päätöksenteko</h2><p>Aluevaltuusto hyväksyi strategian 11.12.2023.</p></main></body></html>""")
    found = statements(drafting)
    decision = found["Aluevaltuusto hyväksyi strategian 11.12.2023."]
    assert decision.kind == "Decision" and decision.decision_kind == "adopts"
    assert not any(q.startswith("Päätöksenteko") for q in found)


def test_a_copied_list_without_bullets_and_a_timeline_of_date_led_lines(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Arvot

Rohkeus
Avoimuus
Välittäminen

Aikataulu

14.3.2023 Aluehallitus käynnisti strategiatyön.
toukokuussa 2023 asukaskysely (n=912)
11.12.2023 Aluevaltuusto hyväksyi strategian.
""")
    found = statements(drafting)
    assert [found[v].kind for v in ("Rohkeus", "Avoimuus", "Välittäminen")] == ["Value"] * 3
    started = found["14.3.2023 Aluehallitus käynnisti strategiatyön."]
    assert (started.decision_kind, when(started)) == ("starts-preparation", (D(2023, 3, 14), D(2023, 3, 14), "day"))
    survey = found["toukokuussa 2023 asukaskysely (n=912)"]
    assert (survey.kind, survey.groups, survey.count) == ("Survey", ["residents"], 912)
    assert found["11.12.2023 Aluevaltuusto hyväksyi strategian."].decision_kind == "adopts"


def test_a_pdfs_numbered_sections_and_words_broken_at_line_ends(tmp_path):
    drafting = draft(tmp_path, "strategia.txt", """Hyvinvointialuestrategia 2024–2027

Strategia on hyvinvointialueen tärkein johtamisen väline, joka ohjaa toimintaa, taloutta ja palvelujen
kehittämistä koko strategiakauden ajan ja jonka toteutumista seurataan vuosittain aluevaltuustossa.

2.1 Visio
Asukkaat voivat hyvin ja saavat avun ajoissa.

2.2 Arvot
Luottamus: Toimimme avoimesti.
Rohkeus: Kokeilemme uusia ratkaisuja.

Lausuntoja pyydetään järjestöiltä viimeistään
31.1.2024. Aluevaltuusto päättää strategiasta helmikuussa 2024.

Sivu 1 (2)
\fStrategia
Lopuksi""", as_pdf=True)
    found = statements(drafting)
    assert found["Asukkaat voivat hyvin ja saavat avun ajoissa."].kind == "Vision"
    assert found["Luottamus: Toimimme avoimesti."].kind == "Value"
    request = found["Lausuntoja pyydetään järjestöiltä viimeistään 31.1.2024."]
    assert (request.kind, when(request)) == ("RequestForStatements", (None, D(2024, 1, 31), "deadline"))
    assert found["Aluevaltuusto päättää strategiasta helmikuussa 2024."].decision_kind == "decides"


def test_a_word_hyphenated_at_a_lines_end_is_read_and_labelled_as_one(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Strategiaa täydentävät palvelustrategia ja henkilöstö-
ohjelma.
""")
    labels = {str(o) for o in drafting.graph.objects(None, RDFS.label)}
    assert "Henkilöstöohjelma" in labels
    assert any(s.kind == "StaffProgramme" for s in drafting.statements)


# --- phrasings ------------------------------------------------------------------------------------


def test_two_decisions_in_one_sentence_are_two_and_the_second_has_the_first_ones_body(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Aluevaltuusto käsitteli strategiaa 13.11.2023 ja hyväksyi sen 11.12.2023.
""")
    found = statements(drafting)
    handled, adopted = found["Aluevaltuusto käsitteli strategiaa 13.11.2023"], found["hyväksyi sen 11.12.2023."]
    assert (handled.decision_kind, adopted.decision_kind) == ("handles", "adopts")
    assert adopted.bodies == ["aluevaltuusto"] and when(adopted) == (D(2023, 12, 11), D(2023, 12, 11), "day")
    statuses = {str(o).rsplit("/", 1)[-1] for o in drafting.graph.objects(None, measure.SCHEMA.creativeWorkStatus)}
    assert "adopted" in statuses


def test_events_in_other_words(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Strategian valmistelu käynnistyi aluehallituksen päätöksellä syksyllä 2022. Työ alkoi tammikuussa 2023
johtoryhmän työpajalla. Hyvinvointialueen strategia valmistellaan vuoden 2023 aikana. Palvelustrategia
valmistellaan syksyllä 2024.
""")
    found = statements(drafting)
    started = found["Strategian valmistelu käynnistyi aluehallituksen päätöksellä syksyllä 2022."]
    assert (started.kind, started.decision_kind, started.bodies) == ("Decision", "starts-preparation", ["aluehallitus"])
    assert found["Työ alkoi tammikuussa 2023 johtoryhmän työpajalla."].kind in ("PreparationEvent", "Consultation")
    plan = found["Hyvinvointialueen strategia valmistellaan vuoden 2023 aikana."]
    assert (plan.kind, when(plan)) == ("Explanation", (D(2023, 1, 1), D(2023, 12, 31), "year"))
    assert found["Palvelustrategia valmistellaan syksyllä 2024."].kind == "PreparationEvent"


def test_consultations_their_groups_and_their_counts_as_the_text_gives_them(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Asukaskyselyyn vastasi 1 204 asukasta, ja henkilöstön työpajoihin osallistui noin 300 työntekijää.
Syksyllä 2023 järjestettiin työpajat järjestöille ja yrityksille. Keväällä 2023 toteutettiin kyselyt
henkilöstölle ja asukkaille. Valmisteluun osallistettiin laajasti. Kaupunkilaiset pääsivät kommentoimaan
luonnosta 1.–15.10.2023 (N=640).
""")
    found = statements(drafting)
    survey = found["Asukaskyselyyn vastasi 1 204 asukasta"]
    assert (survey.kind, survey.groups, survey.count) == ("Survey", ["residents"], 1204)
    workshops = found["henkilöstön työpajoihin osallistui noin 300 työntekijää."]
    assert (workshops.kind, workshops.groups, workshops.count) == ("Consultation", ["staff"], None)
    joint = found["Syksyllä 2023 järjestettiin työpajat järjestöille ja yrityksille."]
    assert joint.kind == "Consultation" and set(joint.groups) == {"organisations", "companies"}
    assert {found["henkilöstölle"].kind, found["asukkaille"].kind} == {"Survey"}
    assert when(found["asukkaille"]) == (D(2023, 3, 1), D(2023, 5, 31), "season")
    assert found["Valmisteluun osallistettiin laajasti."].kind == "Explanation"
    comments = found["Kaupunkilaiset pääsivät kommentoimaan luonnosta 1.–15.10.2023 (N=640)."]
    assert (comments.kind, comments.groups, comments.count) == ("Consultation", ["residents"], 640)


def test_a_sentence_that_states_the_law_is_the_requirement_citation_and_all(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Lainsäädäntö edellyttää, että hyvinvointialueella on strategia (Laki hyvinvointialueesta 611/2021, 41 §).
""")
    found = statements(drafting)
    sentence = "Lainsäädäntö edellyttää, että hyvinvointialueella on strategia (Laki hyvinvointialueesta 611/2021, 41 §)."
    assert found[sentence].kind == "LegalRequirement"
    assert not any(s.kind == "LegalRequirement" for q, s in found.items() if q != sentence)


def test_follow_up_promises_missions_and_plans_by_what_they_say(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Visiomme: Asukkaat voivat hyvin koko elämänsä ajan.

Henkilöstölupaus

Meillä on hyvä tehdä työtä.

Mitä strategiassa määritellään

  • Määritellään arvot ja visio
  • Asetetaan tavoitteet

Seuranta

Strategian toteutumista seurataan mittareilla. Strategia toimeenpannaan talousarviossa.
""")
    found = statements(drafting)
    assert found["Asukkaat voivat hyvin koko elämänsä ajan."].kind == "Vision"
    assert found["Meillä on hyvä tehdä työtä."].kind == "EmployerPromise"
    assert found["Mitä strategiassa määritellään"].kind == "PreparationPlan"
    step = found["Määritellään arvot ja visio"]
    assert step.kind == "PreparationStep" and quote(drafting, step.parent) == "Mitä strategiassa määritellään"
    assert found["Strategian toteutumista seurataan mittareilla."].kind == "FollowUpArrangement"
    assert found["Strategia toimeenpannaan talousarviossa."].kind == "Explanation"


# --- tables ---------------------------------------------------------------------------------------


def test_tables_of_participation_of_a_timeline_and_of_goals(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2024–2027</h1>
        <h2>Osallistaminen</h2><table><tr><th>Ryhmä</th><th>Tapa</th><th>Ajankohta</th></tr>
        <tr><td>Asukkaat</td><td>Verkkokysely</td><td>syyskuussa 2023</td></tr></table>
        <h2>Aikataulu</h2><table><tr><th>Päivämäärä</th><th>Vaihe</th></tr>
        <tr><td>3.4.2023</td><td>Aluehallitus käynnisti valmistelun</td></tr>
        <tr><td>11.12.2023</td><td>Aluevaltuusto hyväksyi strategian</td></tr></table>
        <h2>Strategiset tavoitteet</h2><table><tr><th>Tavoite</th><th>Mittari</th></tr>
        <tr><td>Asukkaat voivat hyvin</td><td>Hyvinvointikertomus</td></tr></table></main></body></html>""")
    found = statements(drafting)
    survey = found["Verkkokysely"]
    assert (survey.groups, when(survey)) == (["residents"], (D(2023, 9, 1), D(2023, 9, 30), "month"))
    start = next(s for q, s in found.items() if q.startswith("3.4.2023"))
    assert (start.decision_kind, when(start)) == ("starts-preparation", (D(2023, 4, 3), D(2023, 4, 3), "day"))
    goal = found["Asukkaat voivat hyvin"]
    assert goal.kind == "StrategicGoal" and quote(drafting, goal.tier) == "Strategiset tavoitteet"


def test_a_line_over_items_indented_under_it_heads_them_whatever_stands_above_it(tmp_path):
    drafting = draft(tmp_path, "sivu.txt", """Hyvinvointialuestrategia 2024–2027

Painopisteet
Kärki 1 – Hyvinvointi kasvaa
\tLiikkuminen lisääntyy
""")
    assert measure.selectors_exact(drafting.graph, drafting.source.text).share == 1.0
    found = statements(drafting)
    assert found["Hyvinvointi kasvaa"].kind == "Priority"
    assert quote(drafting, found["Liikkuminen lisääntyy"].parent) == "Hyvinvointi kasvaa"


def test_a_pages_navigation_marks_its_own_lines_only(tmp_path):
    """Spaces the page writes before its line breaks are left out of the text: the spans it marks as
    navigation move with them, so a table of contents never takes the heading after it along."""
    drafting = draft(tmp_path, "sivu.html", """<html><body><header><p>Hyvinvointialue </p><p>Valikko </p></header>
        <main><h1>Hyvinvointialuestrategia 2024–2027 </h1><p>Strategia ohjaa toimintaa. </p>
        <nav class="toc"><h2>Sisällys </h2><ol><li>Visio </li><li>Arvot </li></ol></nav>
        <h2>Visio </h2><p>Asukkaat voivat hyvin. </p>
        <h2>Arvot </h2><ul><li>Rohkeus </li><li>Avoimuus </li></ul></main></body></html>""")
    found = statements(drafting)
    assert found["Asukkaat voivat hyvin."].kind == "Vision"
    assert {found["Rohkeus"].kind, found["Avoimuus"].kind} == {"Value"}
    assert measure.chrome_in(drafting.graph, chrome.debris_pattern(), ["Sisällys", "Valikko"]) == []


def test_a_minutes_paragraph_is_no_law_and_items_numbered_1_are_items(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Vantaan ja Keravan hyvinvointialueen strategia 2023–2025

Aluevaltuusto hyväksyi strategian 13.12.2022 (§ 112).

Strategian kolme kärkeä

1) Hyvinvointia yhdessä
2) Toimivat palvelut
""")
    found = statements(drafting)
    assert found["Aluevaltuusto hyväksyi strategian 13.12.2022 (§ 112)."].decision_kind == "adopts"
    assert not any(s.kind == "LegalRequirement" for s in drafting.statements)
    assert [found[p].source_number for p in ("Hyvinvointia yhdessä", "Toimivat palvelut")] == [1, 2]
    assert drafting.rules.strategy_span == (0, len("Vantaan ja Keravan hyvinvointialueen strategia 2023–2025"))


def test_a_list_headed_tavoitteet_under_each_aims_name_is_the_tier_below(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Strategiset päämäärät

Terve ja hyvinvoiva asukas
Tavoitteet:
- Ylipaino vähenee.
- Mielen hyvinvointi vahvistuu.

Kestävä talous
Tavoitteet:
- Talous on tasapainossa.

Näin strategia syntyi

Lokakuussa 2023 järjestettiin asukastilaisuuksia, ja asukaskyselyyn vastasi 3 015 henkilöä.
""")
    found = statements(drafting)
    assert quote(drafting, found["Ylipaino vähenee."].parent) == "Terve ja hyvinvoiva asukas"
    assert quote(drafting, found["Talous on tasapainossa."].parent) == "Kestävä talous"
    tiers = [(quote(drafting, s), s.level) for s in drafting.statements if s.kind == "Tier"]
    assert tiers == [("Strategiset päämäärät", 1), ("Tavoitteet", 2)]
    event = found["Lokakuussa 2023 järjestettiin asukastilaisuuksia"]
    assert event.kind == "Seminar" and when(event) == (D(2023, 10, 1), D(2023, 10, 31), "month")
    assert found["asukaskyselyyn vastasi 3 015 henkilöä."].count == 3015


def test_a_values_name_as_its_paragraphs_first_sentence(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2024–2027</h1>
        <p>Aluevaltuusto hyväksyi strategian 11.12.2023.</p><h2>Arvot</h2>
        <p><strong>Rohkeus.</strong> Uskallamme kokeilla uutta.</p><p><strong>Luottamus.</strong> Pidämme lupauksemme.</p>
        <p>Arvot ohjaavat jokaisen työtä.</p></main></body></html>""")
    found = statements(drafting)
    assert found["Rohkeus. Uskallamme kokeilla uutta."].kind == "Value"
    assert drafting.source.text[slice(*found["Luottamus. Pidämme lupauksemme."].name_span)] == "Luottamus"
    assert found["Arvot ohjaavat jokaisen työtä."].kind == "Explanation"


# --- general fixes after the final blind set's first run (benchmarks/CURATION.md), each on a text of
# --- its own wording

def test_a_copied_timeline_one_dated_thing_a_line_under_a_heading_that_tells_how_it_was_prepared(tmp_path):
    """Lines that each say one dated thing are a timeline whose bullets the copy lost; a heading that
    tells, in the past, how the strategy came about ("Näin strategia laadittiin") heads it."""
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Näin strategia laadittiin

Aluehallitus aloitti strategiatyön päätöksellään 6.2.2023.
Nuorten kysely maaliskuussa 2023 (n = 1 402)
Yrittäjien ja seurakuntien foorumi huhtikuussa 2023
Aluevaltuuston iltakoulu 16.5.2023
Aluehallitus lähetti luonnoksen lausunnoille 12.6.2023.
""")
    found = statements(drafting)
    survey = found["Nuorten kysely maaliskuussa 2023 (n = 1 402)"]
    assert survey.kind == "Survey" and survey.count == 1402 and survey.groups == ["residents"]
    assert when(survey) == (D(2023, 3, 1), D(2023, 3, 31), "month")
    assert "Yrittäjien ja seurakuntien foorumi huhtikuussa 2023" in found
    sent = found["Aluehallitus lähetti luonnoksen lausunnoille 12.6.2023."]
    assert (sent.kind, sent.decision_kind, sent.bodies) == ("Decision", "sends-draft-for-comments", ["aluehallitus"])


def test_a_comment_round_addressed_to_the_reader_asks_the_residents(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Voit vastata strategiakyselyyn 15.1.2024 saakka.
""")
    found = statements(drafting)
    survey = found["Voit vastata strategiakyselyyn 15.1.2024 saakka."]
    assert survey.groups == ["residents"] and survey.cues["groups"].rule == "the-page-s-reader"
    assert when(survey) == (None, D(2024, 1, 15), "deadline")


def test_a_timelines_workshop_that_names_no_one_is_work_on_the_strategy_and_a_round_out_for_comments_a_hearing(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2024–2027</h1>
        <h2>Aikataulu</h2><ul>
        <li>Syyskuu 2023 Arvoja ja tavoitteita työstetään johtoryhmän työpajoissa.</li>
        <li>Loka–marraskuu 2023 Luonnos on kommentoitavana.</li></ul>
        <h2>Arvot</h2><ul><li>Rohkeus</li><li>Avoimuus</li></ul></main></body></html>""")
    found = statements(drafting)
    worked = found["Syyskuu 2023 Arvoja ja tavoitteita työstetään johtoryhmän työpajoissa."]
    out = found["Loka–marraskuu 2023 Luonnos on kommentoitavana."]
    assert worked.kind == "PreparationEvent" and out.kind == "Hearing"


def test_one_request_for_statements_over_two_clauses_of_one_sentence(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Lausuntopyyntö lähetetään kunnille ja järjestöille, ja lausunnot pyydetään palauttamaan viimeistään 31.10.2023.
""")
    requests = [s for s in drafting.statements if s.kind == "RequestForStatements"]
    assert len(requests) == 1 and when(requests[0]) == (None, D(2023, 10, 31), "deadline")
    assert "organisations" in requests[0].groups


def test_the_count_in_a_participation_tables_means_cell_is_its_count(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2024–2027</h1>
        <table><tr><th>Ryhmä</th><th>Keino</th></tr>
        <tr><td>Henkilöstö</td><td>Työhyvinvointikysely (n=4&nbsp;210)</td></tr></table>
        <h2>Arvot</h2><ul><li>Rohkeus</li><li>Avoimuus</li><li>Luottamus</li></ul></main></body></html>""")
    survey = next(s for s in drafting.statements if s.kind == "Survey")
    assert survey.count == 4210 and survey.groups == ["staff"]


def test_the_city_strategy_a_divisions_strategy_is_derived_from_is_a_document_and_not_its_adoption(tmp_path):
    """A division's strategy names the city strategy the city council adopted: that adoption is not
    this strategy's, so its status stays what the text shows (not stated here)."""
    drafting = draft(tmp_path, "kopio.txt", """Kasvatuksen ja koulutuksen toimialan strategia 2024–2027

Toimialan tavoitteet perustuvat kaupunkistrategiaan, jonka kaupunginvaltuusto hyväksyi 14.12.2022.
""")
    found = statements(drafting)
    assert found["kaupunkistrategiaan"].kind == "RelatedDocument"
    strategy = next(drafting.graph.subjects(measure.RDF.type, measure.HVA.Strategy))
    assert str(drafting.graph.value(strategy, measure.SCHEMA.creativeWorkStatus)).endswith("/not-stated")


def test_a_council_said_to_handle_the_strategy_at_the_end_of_a_timeline_handles_it(tmp_path):
    """"Aluevaltuusto käsittelee strategiaa 11.12.2023." says handling, which is what is recorded; only
    a last step naming the council and the strategy with no verb shows its decision (data/README.md)."""
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Valmistelun vaiheet

  • 6.11.2023 Aluehallitus hyväksyi strategialuonnoksen
  • 11.12.2023 Aluevaltuusto käsittelee strategiaa
""")
    last = statements(drafting)["11.12.2023 Aluevaltuusto käsittelee strategiaa"]
    assert (last.decision_kind, last.status) == ("handles", "Planned")


def test_a_table_of_contents_leaders_and_a_postal_address_are_chrome(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Sisältö
1 Lähtökohdat .................................... 2
2 Tavoitteet ..................................... 4

Aluevaltuusto hyväksyi strategian 11.12.2023.

Kirjaamo, PL 43, 40101 Jyväskylä
""")
    texts = " ".join(drafting.source.text[slice(*s.span)] for s in drafting.statements)
    assert "....." not in texts and "PL 43" not in texts


def test_numbered_goals_each_over_a_tier_word_and_its_lines(tmp_path):
    """"Tavoite 1: …" / "Kärkihankkeet" / one line each: the goal, the tier named by the word alone,
    and its items, though the copy lost every bullet and blank line."""
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Strategiset päämäärät

Päämäärä 1: Lapset ja nuoret voivat hyvin
Kärkihankkeet
Koulujen hyvinvointitiimit
Nuorten matalan kynnyksen palvelut

Päämäärä 2: Ikääntyneet asuvat kotona turvallisesti
Kärkihankkeet
Kotihoidon etäpalvelut
""")
    found = statements(drafting)
    goal = found["Lapset ja nuoret voivat hyvin"]
    assert goal.kind == "StrategicGoal" and goal.source_number == 1
    spearhead = found["Koulujen hyvinvointitiimit"]
    assert spearhead.kind == "Priority" and quote(drafting, spearhead.parent) == "Lapset ja nuoret voivat hyvin"
    assert quote(drafting, spearhead.tier) == "Kärkihankkeet" and spearhead.tier.level == 2
    assert quote(drafting, found["Kotihoidon etäpalvelut"].parent) == "Ikääntyneet asuvat kotona turvallisesti"


def test_values_listed_in_one_sentence_are_values(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2024–2027</h1>
        <p>Aluevaltuusto hyväksyi strategian 11.12.2023.</p><h2>Arvomme</h2>
        <p>Arvojamme ovat luottamus, oikeudenmukaisuus ja uudistuminen.</p>
        <h2>Visio</h2><p>Hyvä elämä kuuluu kaikille.</p></main></body></html>""")
    values = [quote(drafting, s) for s in drafting.statements if s.kind == "Value"]
    assert values == ["luottamus", "oikeudenmukaisuus", "uudistuminen"]


def test_measures_listed_under_a_follow_up_sentence_are_its_parts(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Seuranta

Strategian toteutumista mitataan seuraavilla mittareilla:
Päivystyskäyntien määrä
Asiakastyytyväisyys
""")
    found = statements(drafting)
    lead = found["Strategian toteutumista mitataan seuraavilla mittareilla:"]
    for name in ("Päivystyskäyntien määrä", "Asiakastyytyväisyys"):
        assert found[name].kind == "FollowUpArrangement" and found[name].parent is lead


def test_success_factors_one_sentence_a_line_under_their_heading(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Strategiset tavoitteet

  • Palvelut ovat saatavilla.

Onnistumisen edellytykset

Johto tukee muutosta.
Henkilöstö osallistuu kehittämiseen.
""")
    found = statements(drafting)
    for line in ("Johto tukee muutosta.", "Henkilöstö osallistuu kehittämiseen."):
        assert found[line].kind == "Precondition" and quote(drafting, found[line].tier) == "Onnistumisen edellytykset"
        assert found[line].tier.level == 2


def test_a_line_of_a_documents_name_and_its_years_is_the_document(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2024–2027

Strategiaa täydentävät asiakirjat

Palvelustrategia 2024–2027
Talousarvio 2024
""")
    found = statements(drafting)
    assert found["Palvelustrategia 2024–2027"].kind == "ServiceStrategy"
    assert found["Talousarvio 2024"].kind == "FinancialDocument"
    assert when(found["Talousarvio 2024"]) == (D(2024, 1, 1), D(2024, 12, 31), "year")


def test_a_divisions_strategy_named_over_a_compound_in_parts(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Kulttuuri- ja vapaa-aikatoimialan strategia 2024–2027

Aluevaltuusto hyväksyi strategian 11.12.2023.
""")
    start, end = drafting.rules.strategy_span
    assert drafting.source.text[start:end] == "Kulttuuri- ja vapaa-aikatoimialan strategia 2024–2027"


def test_a_goals_table_with_numbered_goals_and_their_measures(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2024–2027</h1>
        <h2>Tavoitteet</h2><table><tr><th>Tavoite</th><th>Indikaattorit</th></tr>
        <tr><td>1. Kotona asuminen tukee hyvinvointia</td><td><ul><li>Kotihoidon asiakkaiden osuus</li>
        <li>Kaatumisten määrä</li></ul></td></tr>
        <tr><td>2. Henkilöstö pysyy</td><td>Vaihtuvuus</td></tr></table></main></body></html>""")
    found = statements(drafting)
    goal = found["Kotona asuminen tukee hyvinvointia"]
    assert goal.kind == "StrategicGoal" and goal.source_number == 1
    assert found["Kaatumisten määrä"].kind == "FollowUpArrangement" and found["Kaatumisten määrä"].parent is goal
    assert found["Vaihtuvuus"].parent is found["Henkilöstö pysyy"]


def test_a_list_of_promises_is_a_promise_an_item(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2024–2027</h1>
        <h2>Palvelulupaus</h2><ul><li>Vastaamme yhteydenottoon samana päivänä.</li>
        <li>Kerromme, mitä seuraavaksi tapahtuu.</li></ul>
        <h2>Arvot</h2><ul><li>Rohkeus</li></ul></main></body></html>""")
    found = statements(drafting)
    assert found["Vastaamme yhteydenottoon samana päivänä."].kind == "ServicePromise"
    assert found["Kerromme, mitä seuraavaksi tapahtuu."].kind == "ServicePromise"


def test_a_documents_name_a_dash_and_what_happened_to_it(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2024–2027</h1>
        <p>Aluevaltuusto hyväksyi strategian 11.12.2023.</p><h2>Muut asiakirjat</h2>
        <ul><li><a href="/ohjelma">Henkilöstöohjelma</a> – aluehallitus hyväksyi 8.4.2024</li></ul>
        <h2>Arvot</h2><ul><li>Rohkeus</li></ul></main></body></html>""")
    found = statements(drafting)
    approved = found["aluehallitus hyväksyi 8.4.2024"]
    assert approved.kind == "Decision" and approved.concerns == [found["Henkilöstöohjelma"]]
    assert approved.event_phase == "ImplementationEvent", "April 2024 is after the adoption of 11.12.2023"


# --- after the third blind set: structure first -----------------------------------------------------


def test_a_pdfs_footer_that_differs_only_by_its_page_number_is_chrome_and_the_next_page_starts_afresh(tmp_path):
    pages = ["Hyvinvointialuestrategia 2025–2028\n\nStrategia kuvaa, miten alueen palvelut järjestetään. Se ohjaa "
             "kaikkea toimintaa ja taloutta koko valtuustokauden ajan.\n\nValmisteluversio 3.2.2025 · s. 1 (3)",
             "Perustehtävä\nJärjestämme asukkaille turvalliset palvelut koko alueella.\nArvot\n"
             "• Rohkeus\n• Reiluus\n\nValmisteluversio 3.2.2025 · s. 2 (3)",
             "Visio\nJokainen saa apua ajoissa.\n\nValmisteluversio 3.2.2025 · s. 3 (3)"]
    drafting = draft(tmp_path, "luonnos.txt", "\f".join(pages), as_pdf=True)
    assert "Valmisteluversio" not in drafting.source.text and "s. 2 (3)" not in drafting.source.text
    found = statements(drafting)
    assert found["Järjestämme asukkaille turvalliset palvelut koko alueella."].kind == "Mission"
    assert found["Jokainen saa apua ajoissa."].kind == "Vision"
    assert {"Rohkeus", "Reiluus"} <= {q for q, s in found.items() if s.kind == "Value"}


def test_a_line_repeated_in_the_body_of_every_page_is_no_running_line(tmp_path):
    pages = [f"Tavoite {n}. {goal}\nPainopisteet:\n• {first}\n• {second}\n\nsivu {n}/3" for n, goal, first, second in (
        (1, "Lapset voivat hyvin", "Perhekeskukset", "Koulukuraattorit"),
        (2, "Hoitoon pääsee ajallaan", "Etävastaanotot", "Ajanvarauksen uudistus"),
        (3, "Talous tasapainottuu", "Tilojen karsinta", "Hankintojen yhdistäminen"))]
    pages[0] = "Hyvinvointialuestrategia 2025–2028\n\nStrategiset tavoitteet ja painopisteet\n\n" + pages[0]
    drafting = draft(tmp_path, "tavoitteet.txt", "\f".join(pages), as_pdf=True)
    assert drafting.source.text.count("Painopisteet:") == 3
    found = statements(drafting)
    assert quote(drafting, found["Etävastaanotot"].parent) == "Hoitoon pääsee ajallaan"
    assert found["Etävastaanotot"].kind == "Priority" and found["Hoitoon pääsee ajallaan"].kind == "StrategicGoal"


def test_a_pdfs_timeline_keeps_each_dated_line_a_line_of_its_own(tmp_path):
    text = """Hyvinvointialuestrategia 2025–2028

Valmistelun vaiheet

13.1.2025           aluehallitus käynnisti strategiatyön koko alueella yhdessä kuntien kanssa
helmikuussa 2025   henkilöstön työpajat kaikilla toimialoilla (n = 412)
22.4.2025           aluevaltuusto päättää strategiasta

Arvot

• Rohkeus
"""
    drafting = draft(tmp_path, "aikataulu.txt", text, as_pdf=True)
    found = statements(drafting)
    started = next(s for q, s in found.items() if q.startswith("13.1.2025"))
    assert quote(drafting, started).endswith("yhdessä kuntien kanssa") and started.decision_kind == "starts-preparation"
    workshops = next(s for q, s in found.items() if q.startswith("helmikuussa 2025"))
    assert workshops.kind == "Consultation" and workshops.count == 412 and workshops.groups == ["staff"]


def test_lettered_items_with_dashed_items_under_each_are_two_levels(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Päämäärät ja tavoitteet

A  Ihmiset voivat hyvin
– Yksinäisyys vähenee.
– Liikkuminen lisääntyy.
B  Talous kestää
– Menot pysyvät kehyksessä.
""")
    found = statements(drafting)
    assert "A  Ihmiset voivat hyvin" not in found and found["Ihmiset voivat hyvin"].kind == "StrategicGoal"
    assert quote(drafting, found["Yksinäisyys vähenee."].parent) == "Ihmiset voivat hyvin"
    assert quote(drafting, found["Menot pysyvät kehyksessä."].parent) == "Talous kestää"
    assert quote(drafting, found["Talous kestää"].tier) == "Päämäärät"
    assert quote(drafting, found["Menot pysyvät kehyksessä."].tier) == "tavoitteet"
    assert found["Talous kestää"].source_number == 2, "B is the second"


def test_a_capital_letter_before_a_word_on_one_line_is_no_list(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Arvot

Rohkeus ja reiluus
C Rohkeus tarkoittaa uskallusta kokeilla.
""")
    found = statements(drafting)
    assert any(q.endswith("C Rohkeus tarkoittaa uskallusta kokeilla.") for q in found)
    assert "Rohkeus tarkoittaa uskallusta kokeilla." not in found


def test_values_as_a_name_over_its_sentence_though_the_copy_lost_the_blank_lines(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Arvomme

Rohkeus
Uskallamme kokeilla uutta ja oppia virheistä.
Reiluus
Kohtelemme jokaista samalla tavalla.
Yhdessä tekeminen
Sovimme asioista yhdessä asukkaiden kanssa.
""")
    values = {q: s for q, s in statements(drafting).items() if s.kind == "Value"}
    assert set(values) >= {"Rohkeus Uskallamme kokeilla uutta ja oppia virheistä.",
                           "Reiluus Kohtelemme jokaista samalla tavalla.",
                           "Yhdessä tekeminen Sovimme asioista yhdessä asukkaiden kanssa."}
    name = values["Reiluus Kohtelemme jokaista samalla tavalla."].name_span
    assert drafting.source.text[slice(*name)] == "Reiluus"


def test_named_values_a_pdf_ran_together_are_one_value_a_sentence(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Arvot

Rohkeus: Uskallamme kokeilla uutta. Reiluus: Kohtelemme jokaista samalla tavalla. Avoimuus: Kerromme, miten päätämme.
""")
    values = {q for q, s in statements(drafting).items() if s.kind == "Value"}
    assert values >= {"Rohkeus: Uskallamme kokeilla uutta.", "Reiluus: Kohtelemme jokaista samalla tavalla.",
                      "Avoimuus: Kerromme, miten päätämme."}


def test_lines_indented_alike_after_a_blank_line_are_a_list(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Palvelulupauksemme

\tVastaamme viestiisi kahden arkipäivän kuluessa.
\tKerromme, kuka hoitaa asiaasi.
""")
    found = statements(drafting)
    assert found["Vastaamme viestiisi kahden arkipäivän kuluessa."].kind == "ServicePromise"
    assert found["Kerromme, kuka hoitaa asiaasi."].kind == "ServicePromise"


def test_an_indented_paragraph_wrapped_over_lines_is_no_list(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Johdanto

  Strategia on alueen tärkein ohjausasiakirja, ja se kertoo
  miten palvelut järjestetään koko alueella.
""")
    assert "Strategia on alueen tärkein ohjausasiakirja, ja se kertoo miten palvelut järjestetään koko alueella." \
        in statements(drafting)


def test_a_tier_word_over_a_list_under_each_statement_makes_them_its_children_on_one_tier(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Tavoitteet ja painopisteet

1 Lapset ja nuoret voivat hyvin
Tuemme perheitä ajoissa.
Painopisteet:
\tKoulujen hyvinvointityö
\tHarrastamisen tuki
2 Palvelut ovat lähellä
Palvelemme myös verkossa.
Painopisteet:
\tLiikkuvat palvelut
""")
    found = statements(drafting)
    first = found["Lapset ja nuoret voivat hyvin Tuemme perheitä ajoissa."]
    second = found["Palvelut ovat lähellä Palvelemme myös verkossa."]
    assert first.kind == second.kind == "StrategicGoal"
    assert found["Harrastamisen tuki"].parent is first and found["Liikkuvat palvelut"].parent is second
    assert found["Harrastamisen tuki"].kind == "Priority"
    assert found["Harrastamisen tuki"].tier is found["Liikkuvat palvelut"].tier is not None
    assert found["Harrastamisen tuki"].tier is not first.tier
    assert "Painopisteet" not in found and "2 Palvelut ovat lähellä" not in found


def test_a_list_announced_by_a_colon_ends_where_its_lines_stop_standing_alike(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Seuranta

Strategian toteutumista seurataan näillä mittareilla:
\tHoitoon pääsy
\tAsiakastyytyväisyys
Raportointi aluevaltuustolle kahdesti vuodessa
""")
    found = statements(drafting)
    lead = found["Strategian toteutumista seurataan näillä mittareilla:"]
    assert found["Asiakastyytyväisyys"].parent is lead
    assert not any(s.parent is lead for q, s in found.items() if q.startswith("Raportointi"))


def test_a_goal_cells_name_and_sentence_over_a_line_break_and_its_measures_in_the_next_cell(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2025–2028</h1>
        <h2>Tavoitteet ja mittarit</h2><table><thead><tr><th>Tavoite</th><th>Mittari</th></tr></thead><tbody>
        <tr><td><b>Arki sujuu kotona</b><br>Ikääntyneet asuvat kotonaan turvallisesti.</td>
        <td><ul><li>Kotona asuvien 75 vuotta täyttäneiden osuus</li><li>Omaishoidon tuen saajat</li></ul></td></tr>
        <tr><td><b>Talous kestää</b><br>Menot pysyvät kehyksessä.</td><td>Vuosikate</td></tr>
        </tbody></table></main></body></html>""")
    found = statements(drafting)
    goal = found["Arki sujuu kotona Ikääntyneet asuvat kotonaan turvallisesti."]
    assert goal.kind == "StrategicGoal" and quote(drafting, goal.tier) == "Tavoitteet"
    measure_ = found["Omaishoidon tuen saajat"]
    assert measure_.kind == "FollowUpArrangement" and measure_.parent is goal
    assert found["Vuosikate"].parent is found["Talous kestää Menot pysyvät kehyksessä."]


def test_priorities_as_headings_inside_a_numbered_list_with_their_goals_in_a_list_inside(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2025–2028</h1>
        <h2>Painopisteet ja tavoitteet</h2><ol>
        <li><h3>Turvallinen arki</h3><ol><li>Kaatumiset vähenevät.</li><li>Lähisuhdeväkivalta vähenee.</li></ol></li>
        <li><h3>Sujuva hoito</h3><ol><li>Jonot lyhenevät.</li></ol></li></ol>
        <h2>Arvot</h2><ul><li>Rohkeus</li></ul></main></body></html>""")
    found = statements(drafting)
    assert "1." not in found and "2." not in found
    assert found["Turvallinen arki"].kind == "Priority" and found["Turvallinen arki"].source_number == 1
    assert found["Lähisuhdeväkivalta vähenee."].parent is found["Turvallinen arki"]
    goal = found["Jonot lyhenevät."]
    assert goal.kind == "StrategicGoal" and goal.parent is found["Sujuva hoito"]


def test_text_for_screen_readers_only_and_a_notice_banner_never_reach_a_draft(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body>
        <div class="site-notice"><p>Huoltokatko: ajanvaraus ei ole käytössä 5.3.2025 klo 17–20.</p></div>
        <main><h1>Hyvinvointialuestrategia 2025–2028</h1>
        <h2>Osallistuminen</h2><table><tr><th>Ryhmä</th><th>Keino</th></tr>
        <tr><td>Asukkaat</td><td><a href="/kysely">Asukaskysely<span class="sr-only"> (avautuu uuteen välilehteen)</span></a></td></tr>
        <tr><td>Henkilöstö</td><td>Työpajat</td></tr></table>
        <h2>Arvot</h2><ul><li>Rohkeus</li></ul></main></body></html>""")
    assert measure.chrome_in(drafting.graph, chrome.debris_pattern(), ["Huoltokatko", "välilehteen"]) == []
    assert statements(drafting)["Asukaskysely"].kind == "Survey"


def test_a_participation_table_whose_columns_say_who_and_how_or_say_nothing(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Kenelle\tMillä tavalla\tMilloin
Kuntien päättäjät ja nuorisovaltuustot\tKuntakierros\tsyksyllä 2024
Henkilöstö ja esihenkilöt\tVerkkokysely (n=1 208)\tlokakuussa 2024

Kuultavat\t\tVastauksia
Järjestöt ja yritykset\tYhteistyöfoorumi\t45 osallistujaa
Vanhusneuvostot\tLausuntopyyntö\tn = 7
""")
    found = statements(drafting)
    round_ = found["Kuntakierros"]
    assert round_.kind == "Consultation" and set(round_.groups) == {"municipal-decision-makers", "bodies"}
    assert when(round_) == (D(2024, 9, 1), D(2024, 11, 30), "season")
    survey = found["Verkkokysely (n=1 208)"]
    assert survey.kind == "Survey" and set(survey.groups) == {"staff", "supervisors"} and survey.count == 1208
    assert set(found["Yhteistyöfoorumi"].groups) == {"organisations", "companies"}
    assert found["Yhteistyöfoorumi"].count is None, "45 participants are no n"
    assert found["Lausuntopyyntö"].groups == ["bodies"] and found["Lausuntopyyntö"].count == 7


def test_a_word_with_a_soft_hyphen_and_a_document_links_note_of_its_file(tmp_path):
    drafting = draft(tmp_path, "sivu.html", """<html><body><main><h1>Hyvinvointialuestrategia 2025–2028</h1>
        <p>Aluevaltuusto hyväksyi strategian 9.12.2024. Tavoitteet viedään vuosittain talous&shy;arvioon.</p>
        <h2>Muita asiakirjoja</h2><ul>
        <li><a href="/a.pdf">Palvelustrategia 2025–2028</a> (pdf, 1,4 MB)</li>
        <li><a href="/b.pdf">Talousarvio 2025 ja taloussuunnitelma 2025–2027</a> (PDF 640 kt)</li></ul>
        <h2>Arvot</h2><ul><li>Rohkeus</li></ul></main></body></html>""")
    found = statements(drafting)
    assert found["talous\u00adarvioon"].kind == "FinancialDocument"
    strategy = found["Palvelustrategia 2025–2028"]
    assert strategy.kind == "ServiceStrategy" and when(strategy) == (D(2025, 1, 1), D(2028, 12, 31), "year")
    assert found["Talousarvio 2025 ja taloussuunnitelma 2025–2027"].kind == "FinancialDocument"
    assert measure.chrome_in(drafting.graph, chrome.debris_pattern(), ["1,4 MB", "640 kt", "pdf"]) == []


def test_service_breaks_customer_service_hours_and_reaction_buttons_are_chrome(tmp_path):
    furniture = ["Häiriöilmoitus: verkkoasiointi ei toimi 3.3.2025 klo 20–22.", "Puhelinneuvonta ma–pe klo 9–15",
                 "Tykkää (3)", "Kommentit (2)"]
    drafting = draft(tmp_path, "uutinen.txt", furniture[0] + """

Hyvinvointialuestrategia 2025–2028

Aluevaltuusto hyväksyi strategian 9.12.2024.

""" + "\n".join(furniture[1:]) + "\n")
    assert measure.chrome_in(drafting.graph, chrome.debris_pattern(), furniture) == []
    assert statements(drafting)["Aluevaltuusto hyväksyi strategian 9.12.2024."].kind == "Decision"


def test_what_must_be_in_a_strategy_after_the_law_that_requires_it_is_part_of_that_requirement(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Lainsäädäntö

Hyvinvointialueella on oltava aluevaltuuston hyväksymä strategia (laki hyvinvointialueesta 611/2021, 41 §). Siinä on otettava huomioon myös alueen kuntien hyvinvointikertomukset.
""")
    found = statements(drafting)
    law = next(s for q, s in found.items() if q.startswith("Hyvinvointialueella on oltava"))
    part = found["Siinä on otettava huomioon myös alueen kuntien hyvinvointikertomukset."]
    assert law.kind == part.kind == "LegalRequirement" and part.parent is law


def test_a_second_tier_named_with_a_pronoun_before_it_is_named_without(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Painopisteet ja niiden tavoitteet

  1. Terve arki
    1. Ylipaino vähenee.
""")
    found = statements(drafting)
    assert quote(drafting, found["Ylipaino vähenee."].tier) == "tavoitteet"
    assert quote(drafting, found["Terve arki"].tier) == "Painopisteet"


def test_what_a_body_did_at_a_time_is_an_event_held_by_it(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Strategiaa on tehty laajasti. Lautakunnat keskustelivat luonnoksesta helmi–maaliskuussa 2025. Aluehallitus vastaa strategian toimeenpanosta.
""")
    found = statements(drafting)
    talks = found["Lautakunnat keskustelivat luonnoksesta helmi–maaliskuussa 2025."]
    assert talks.kind == "PreparationEvent" and talks.bodies == ["lautakunta"]
    assert when(talks) == (D(2025, 2, 1), D(2025, 3, 31), "month")
    assert found["Aluehallitus vastaa strategian toimeenpanosta."].kind == "Explanation", "no time: no event"


def test_an_occasion_of_hearing_people_is_a_hearing_with_its_groups(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Valmistelu

  • 3.–7.2.2025 kuulemistilaisuudet omaishoitajille ja asukkaille
  • 14.4.2025 aluevaltuuston strategiaseminaari
""")
    found = statements(drafting)
    hearing = found["3.–7.2.2025 kuulemistilaisuudet omaishoitajille ja asukkaille"]
    assert hearing.kind == "Hearing" and hearing.groups == ["residents"]
    assert found["14.4.2025 aluevaltuuston strategiaseminaari"].kind == "Seminar"


def test_a_page_on_a_strategy_being_prepared_with_its_comment_round_ahead_is_in_preparation(tmp_path):
    drafting = draft(tmp_path, "uutinen.txt", """Hyvinvointialuestrategia 2026–2029

Päivitetty 2.5.2025

Hyvinvointialueen uusi strategia valmistellaan vuoden 2025 aikana.

Aikataulu

  • 12.5.2025 aluehallitus käsittelee strategialuonnosta
  • strategialuonnos on lausunnoilla 20.6.2025 asti
  • 15.9.2025 aluevaltuusto päättää strategiasta
""")
    found = measure.SCHEMA.creativeWorkStatus
    statuses = {str(s).rsplit("/", 2)[-2]: str(o).rsplit("/", 1)[-1] for s, o in drafting.graph.subject_objects(found)}
    assert "in-preparation" in statuses.values() and "draft-for-comments" not in statuses.values()
    assert statements(drafting)["strategialuonnos on lausunnoilla 20.6.2025 asti"].kind == "Hearing"


def test_a_heading_that_says_how_the_strategy_is_prepared_over_a_list_is_a_plan_and_its_steps(tmp_path):
    drafting = draft(tmp_path, "sivu.txt", """Hyvinvointialuestrategia 2026–2029

Strategiaa valmistellaan neljässä osassa

  • Lähtötilanne: väestö, palvelut ja talous
  • Suunta: visio ja tavoitteet
""")
    found = statements(drafting)
    plan = found["Strategiaa valmistellaan neljässä osassa"]
    assert plan.kind == "PreparationPlan"
    step = found["Suunta: visio ja tavoitteet"]
    assert step.kind == "PreparationStep" and step.parent is plan


def test_a_sentence_on_why_people_are_consulted_is_the_consultations_purpose(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Kuulemisen tarkoituksena on tuoda järjestöjen ja nuorten näkemykset strategiaan.
""")
    purpose = statements(drafting)["Kuulemisen tarkoituksena on tuoda järjestöjen ja nuorten näkemykset strategiaan."]
    assert purpose.kind == "ConsultationPurpose" and set(purpose.groups) == {"organisations", "residents"}


def test_a_title_and_what_the_page_tells_of_it_is_no_statement(tmp_path):
    drafting = draft(tmp_path, "sivu.txt", """Hyvinvointialuestrategia 2025–2028 – tästä se koostuu

Aluevaltuusto hyväksyi strategian 9.12.2024.
""")
    assert not any(q.startswith("Hyvinvointialuestrategia 2025–2028") for q in statements(drafting))
    start, end = drafting.rules.strategy_span
    assert drafting.source.text[start:end] == "Hyvinvointialuestrategia 2025–2028"


def test_a_decision_in_a_relative_clause_is_the_documents_it_follows(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Liikuntapalvelujen strategia 2025–2027

Tavoitteet johdetaan kuntastrategiasta, jonka kunnanvaltuusto hyväksyi 3.6.2024.
""")
    found = statements(drafting)
    decision = found["kunnanvaltuusto hyväksyi 3.6.2024"]
    assert decision.kind == "Decision" and decision.decision_kind == "adopts"
    assert decision.concerns == [found["kuntastrategiasta"]]
    assert found["Tavoitteet johdetaan kuntastrategiasta, jonka kunnanvaltuusto hyväksyi 3.6.2024."].kind == "Explanation"
    strategy = next(drafting.graph.subjects(measure.HVA.organiser, None))
    status = drafting.graph.value(strategy, measure.SCHEMA.creativeWorkStatus)
    assert str(status).endswith("/not-stated"), "the municipality's strategy was adopted, not this one"


def test_an_expected_drafts_tier_named_by_its_passage_is_that_statement_wherever_its_words_stand_first():
    text = "Hoidon tavoitteet ovat yhteisiä. Painopisteet ja tavoitteet\n\n  1. Terve arki\n    1. Ylipaino vähenee.\n"
    expected = {"statements": [
        {"passage": "tavoitteet", "occurrence": 2, "class": "Tier", "level": 2},
        {"passage": "Ylipaino vähenee.", "class": "StrategicGoal", "tier": "tavoitteet"}]}
    goal = measure.from_expected(expected, text)[1]
    assert text[slice(*goal.tier)] == "tavoitteet" and goal.tier[0] == text.index("ja tavoitteet") + 3


def test_a_pdfs_footer_in_a_copied_text_is_chrome_and_split_off_the_line_the_copy_ran_it_into(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Strategia kuvaa, miten alueen palvelut järjestetään.
Tavoite 1 on lasten hyvinvointi.
Tavoite 2 on talouden tasapaino.
Luonnos 3.2.2025 | sivu 1/3 Perustehtävä
Järjestämme asukkaille turvalliset palvelut koko alueella.
Luonnos 3.2.2025 | sivu 2/3
Visio
Jokainen saa apua ajoissa.
Luonnos 3.2.2025 | sivu 3/3
""")
    found = statements(drafting)
    assert measure.chrome_in(drafting.graph, chrome.debris_pattern(), ["Luonnos 3.2.2025", "sivu "]) == []
    assert found["Järjestämme asukkaille turvalliset palvelut koko alueella."].kind == "Mission"
    assert found["Jokainen saa apua ajoissa."].kind == "Vision"
    assert "Tavoite 2 on talouden tasapaino." in drafting.source.text, "one number going up is no page's footer"
    assert any("Tavoite 2 on talouden tasapaino." in q for q in found)


def test_success_factors_right_after_the_goals_are_a_tier_of_their_own_below_the_top(tmp_path):
    drafting = draft(tmp_path, "kopio.txt", """Hyvinvointialuestrategia 2025–2028

Strategiset tavoitteet
• Asukkaat voivat hyvin
• Talous on tasapainossa
Menestystekijät
• Osaava henkilöstö
• Toimiva tietojohtaminen
""")
    found = statements(drafting)
    factor = found["Toimiva tietojohtaminen"]
    assert factor.kind == "CriticalSuccessFactor" and factor.parent is None
    assert quote(drafting, factor.tier) == "Menestystekijät" and factor.tier.level == 2
    assert found["Talous on tasapainossa"].kind == "StrategicGoal" and found["Talous on tasapainossa"].tier.level == 1
