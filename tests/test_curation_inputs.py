"""What `hva-graph draft` takes (a saved page, copied text, a PDF), what it keeps as the source file,
what it refuses and how it says so, and that page chrome planted in a text never reaches a draft."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from curation_support import ROOT, pdf_from_text, source_file
from rdflib import Graph
from rdflib.namespace import RDFS

from hva_graph.cli import main
from hva_graph.curation import chrome, measure, turtle
from hva_graph.curation.draft import draft_text
from hva_graph.curation.reading import read_source
from hva_graph.curation.source import Unreadable
from hva_graph.namespaces import HVA, OA

SOURCE_002 = source_file("002").read_text(encoding="utf-8")


def write(folder: Path, name: str, data) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# --- the text kept ------------------------------------------------------------------------------


def test_a_saved_page_gives_the_text_a_browsers_copy_gives(tmp_path):
    page = write(tmp_path, "sivu.html", """<!DOCTYPE html><html><head><title>T</title><style>p{}</style>
        <script>var x = 1;</script></head><body><h1>Strategia 2023–2025</h1><p>Ensimmäinen
        kappale.</p><h2>Arvot</h2><ul><li>Rohkeus</li><li>Luottamus<ul><li>Sisempi</li></ul></li></ul>
        <ol><li>Yksi</li><li>Kaksi</li></ol><p>Rivi<br>katkeaa</p><table><tr><th>Ryhmä</th><th>Keino</th></tr>
        <tr><td>Henkilöstö</td><td><ul><li>Kysely</li><li>Työpaja</li></ul></td></tr></table>
        <p hidden>piilossa</p><p style="display: none">ei näy</p></body></html>""")
    assert read_source(page).text == (
        "Strategia 2023–2025\n\nEnsimmäinen kappale.\n\nArvot\n\n  • Rohkeus\n  • Luottamus\n    ◦ Sisempi\n\n"
        "  1. Yksi\n  2. Kaksi\n\nRivi\nkatkeaa\n\nRyhmä\tKeino\nHenkilöstö\t• Kysely • Työpaja\n")


def test_a_page_in_a_declared_encoding_is_read_in_it(tmp_path):
    page = write(tmp_path, "sivu.htm", '<html><head><meta charset="windows-1252"></head><body><p>Päijät-Häme</p>'
                                       '</body></html>'.encode("windows-1252"))
    assert read_source(page).text == "Päijät-Häme\n"


def test_the_text_is_nfc_with_unix_line_breaks_and_keeps_no_break_spaces_and_soft_hyphens(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Päätös\r\nn=1\u00a0204 kehit\u00adtäminen")
    source = read_source(write(tmp_path, "teksti.txt", decomposed))
    assert source.text == "Päätös\nn=1\u00a0204 kehit\u00adtäminen"
    assert unicodedata.is_normalized("NFC", source.text)


def test_a_pdf_gives_its_paragraphs_as_lines_and_its_headings_apart(tmp_path):
    text = "Strategia 2024–2027\n\nVisio\n\nAlueen asukkaat voivat hyvin. " + "Palvelut ovat lähellä. " * 12 + \
           "\n\nArvot\n\n- Luottamus\n- Rohkeus"
    source = read_source(pdf_from_text(text, tmp_path / "strategia.pdf"))
    assert source.kind == "pdf"
    assert source.text.startswith("Strategia 2024–2027\n\nVisio\n\nAlueen asukkaat voivat hyvin. Palvelut")
    assert "\n\nArvot\n\n- Luottamus\n- Rohkeus\n" in source.text
    assert source.text.count("Palvelut ovat lähellä.") == 12


# --- refusals -------------------------------------------------------------------------------------


def test_a_scanned_pdf_without_a_text_layer_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "skannattu.pdf"
    page = canvas.Canvas(str(path))
    for row in range(40):
        page.rect(50, 50 + row * 18, 480, 10, fill=1)  # lines of print as a scanner sees them: ink, no text
    page.save()
    with pytest.raises(Unreadable, match="no text layer"):
        read_source(path)


def test_an_encrypted_pdf_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = pdf_from_text("Strategia 2024–2027\n\nArvot ohjaavat työtä.", tmp_path / "auki.pdf")
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt("salasana", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(Unreadable, match="encrypted"):
        read_source(write(tmp_path, "lukittu.pdf", buffer.getvalue()))


def test_a_text_in_an_unknown_encoding_is_refused_not_guessed(tmp_path):
    path = write(tmp_path, "teksti.txt", "Hyvinvointialueen strategia ja sen päämäärät".encode("latin-1"))
    with pytest.raises(Unreadable, match="unknown encoding: the text is not UTF-8"):
        read_source(path)


def test_a_text_with_no_strategy_in_it_is_refused(tmp_path):
    path = write(tmp_path, "uutinen.txt", "Uimahalli on suljettu huoltotöiden vuoksi.\n\nAukioloajat palaavat "
                                         "ennalleen maanantaina.\n")
    with pytest.raises(Unreadable, match="no strategy in the text"):
        draft_text(read_source(path), "950")


def test_a_text_already_in_the_graph_is_refused_by_its_checksum(tmp_path):
    result = CliRunner().invoke(main, ["draft", str(source_file("001")), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "already in the graph: 001_1ea51d137e0ea09d.txt has the same SHA-256" in result.output
    assert not any(tmp_path.iterdir())


# --- the draft written ----------------------------------------------------------------------------


def test_draft_writes_the_source_text_and_its_graph_into_a_new_numbered_folder(tmp_path):
    text = SOURCE_002 + "\n"  # a text the graph does not have yet
    path = write(tmp_path, "strategia.txt", text)
    drafts = tmp_path / "drafts"
    result = CliRunner().invoke(main, ["draft", str(path), "--out", str(drafts)])
    assert result.exit_code == 0, result.output
    (folder,) = drafts.iterdir()
    assert folder.name == "005"  # after sources/000…004
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source = folder / f"005_{sha[:16]}.txt"
    assert source.read_bytes() == text.encode("utf-8")
    graph_text = (folder / "source-005.ttl").read_text(encoding="utf-8")
    assert turtle.write(turtle.read(graph_text)) == graph_text
    graph = Graph().parse(data=graph_text, format="turtle")
    assert sha in {str(o).lower() for o in graph.objects(None, HVA.sha256)}
    assert "county: none found, so an unidentified county (the text names no wellbeing services county" in result.output
    assert f"validate --draft {folder}" in result.output
    listed = CliRunner().invoke(main, ["validate", "--draft", str(folder), *vocabularies()])
    assert listed.exit_code == 1 and "proposal(s) to confirm" in listed.output


def vocabularies() -> list[str]:
    return [str(ROOT / "data" / name) for name in ("organisations.ttl", "themes.ttl", "stakeholder-groups.ttl",
                                                    "document-statuses.ttl", "decision-kinds.ttl")]


def test_labels_are_clean_where_the_verbatim_keeps_the_text_as_it_is(tmp_path):
    text = ("Strategia 2023\u20132025\n\nStrategiset tavoitteet\n\n  1. Palvelujen kehit\u00adtäminen\u00a0"
            "etenee\n  2. Henkilöstö voi hyvin\n  3. Talous on tasapainossa\n")
    drafting = draft_text(read_source(write(tmp_path, "t.txt", text)), "950")
    goal = next(s for s in drafting.graph.subjects(HVA.verbatim, None) if str(s).endswith("/goal/1"))
    assert str(drafting.graph.value(goal, HVA.verbatim)) == "Palvelujen kehit\u00adtäminen\u00a0etenee"
    assert str(drafting.graph.value(goal, RDFS.label)) == "Palvelujen kehittäminen etenee"


# --- chrome planted in a text ---------------------------------------------------------------------

PLANTED = [
    "Käytämme sivustolla evästeitä. Hyväksy evästeet",
    "Koronarokotukset jatkuvat – varaa aika. Lue lisää",
    "Etusivu › Hyvinvointialue › Päätöksenteko › Strategia",
    "Jaa sivu: Facebook | X | LinkedIn",
    "Päivitetty 12.3.2023",
    "Read more",
    "Asiakaspalvelu 03 311 611",
]


def test_chrome_planted_in_a_copied_text_never_reaches_the_draft(tmp_path):
    lines = SOURCE_002.split("\n")
    planted = "\n".join([PLANTED[0], PLANTED[1], PLANTED[2], "", *lines[:20], PLANTED[5], *lines[20:], "",
                         PLANTED[3], PLANTED[4], PLANTED[6]])
    drafting = draft_text(read_source(write(tmp_path, "kopio.txt", planted)), "950")
    assert measure.chrome_in(drafting.graph, chrome.debris_pattern(), [p[:20] for p in PLANTED]) == []
    assert len(drafting.statements) >= 25  # what the page says is still drafted


def test_chrome_and_html_debris_planted_in_a_page_never_reach_the_draft(tmp_path):
    page = f"""<html><body><div class="cookie-consent">{PLANTED[0]}</div>
        <nav class="breadcrumb">{PLANTED[2]}</nav><main><h1>Strategia 2023–2025</h1>
        <p>Aluevaltuusto hyväksyi strategian 14.12.2022.</p><h2>Arvot</h2><ul><li>Rohkeus</li><li>Avoimuus</li></ul>
        <table><tr><th>Osallistettava ryhmä</th><th>Keinot</th></tr>
        <tr><td>Henkilöstö</td><td>&lt;ul style="list-style-type: none;"&gt;• Henkilöstökysely• Työpajat</td></tr></table>
        <p class="meta">{PLANTED[4]}</p><div class="share">{PLANTED[3]}</div></main>
        <footer>{PLANTED[6]}</footer></body></html>"""
    drafting = draft_text(read_source(write(tmp_path, "sivu.html", page)), "950")
    assert measure.chrome_in(drafting.graph, chrome.debris_pattern(), [p[:20] for p in PLANTED] + ["<ul", "style="]) == []
    exact = {str(o) for o in drafting.graph.objects(None, OA.exact)}
    assert {"Henkilöstökysely", "Työpajat", "Rohkeus", "Avoimuus"} <= exact
    assert not any(re.search(r"<|&lt;", value) for value in exact)
