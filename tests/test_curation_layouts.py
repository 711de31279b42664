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
