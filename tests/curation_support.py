"""Drafting the five sources and the test texts as the tests and benchmarks/curation.py do: each
from its text alone (never from data/), a text given "as: pdf" built into a PDF with reportlab.
Four sets of test texts: "unseen" (written by the drafter's author before the rules), "blind"
(written by another engineer who never read the rules, issue 21), "blind2" and "blind3" (written the
same way after the rules were tuned on the sets before: their first runs are the honest figures of
texts the drafter has not seen)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml
from rdflib import Graph

from hva_graph.curation.draft import Drafting, draft_text
from hva_graph.curation import measure, turtle
from hva_graph.curation.measure import ASPECTS, from_expected, from_graph
from hva_graph.curation.reading import read_source
from hva_graph.knowledge.checked import validate
from hva_graph.settings import Settings

ROOT = Path(__file__).parents[1]
UNSEEN = ROOT / "tests" / "fixtures" / "curation" / "unseen"
BLIND = ROOT / "tests" / "fixtures" / "curation" / "blind"
BLIND2 = ROOT / "tests" / "fixtures" / "curation" / "blind2"
BLIND3 = ROOT / "tests" / "fixtures" / "curation" / "blind3"
SETS = {"unseen": UNSEEN, "blind": BLIND, "blind2": BLIND2, "blind3": BLIND3}
NUMBERS = ("000", "001", "002", "003", "004")


def source_file(number: str) -> Path:
    (path,) = (ROOT / "sources").glob(f"{number}_*.txt")
    return path


def draft_source(number: str) -> Drafting:
    """A draft of one of the five sources from its text (numbered 9NN, as a new source would be)."""
    return draft_text(read_source(source_file(number)), "9" + number[1:])


def curated(number: str):
    """The curated statements of a source, read from data/ now (issue 20 corrects them meanwhile)."""
    return from_graph(Graph().parse(ROOT / "data" / f"source-{number}.ttl"))


def unseen_cases() -> list[tuple[str, dict]]:
    return cases("unseen")


def cases(name: str) -> list[tuple[str, dict]]:
    """The texts of a set with their expected drafts, by file name."""
    return [(path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in sorted(SETS[name].glob("*.yaml"))]


def draft_unseen(expected: dict, folder: Path) -> Drafting:
    return draft_case(expected, folder, "unseen")


def draft_case(expected: dict, folder: Path, name: str) -> Drafting:
    """A draft of a test text of a set, as a PDF (built into folder) where its expected draft says so."""
    path = SETS[name] / expected["input"]
    if expected.get("as") == "pdf":
        path = pdf_from_text(path.read_text(encoding="utf-8"), folder / (path.stem + ".pdf"))
    return draft_text(read_source(path), "950")


def expected_statements(expected: dict, drafting: Drafting):
    return from_expected(expected, drafting.source.text)


def comparisons_of(drafts: dict, cases: list[tuple[str, dict]]) -> dict:
    """Each case's draft measured against its expected draft (benchmarks/curation.py's measure)."""
    return {name: measure.compare(drafts[name].source.text, expected_statements(expected, drafts[name]),
                                  measure.from_graph(drafts[name].graph)) for name, expected in cases}


def worse_than(ratios: dict, reached: dict, name: str, against: str) -> list[str]:
    """Where `ratios` fall below `reached` ((right, counted) per aspect): passages found and precise
    as shares, every other aspect as how many found passages have it right (so that finding more
    passages never counts as worse); `against` names what was reached, in the messages."""
    worse = []
    for aspect in ASPECTS:
        right, total = reached.get(aspect, (0, 0))
        now = ratios[aspect]
        if aspect in ("found", "precise"):
            if total and now.share < right / total:
                worse.append(f"{aspect} of {name}: {now.right}/{now.total}, {against} {right}/{total}")
        elif now.right < right:
            worse.append(f"{aspect} of {name}: {now.right} right, {against} {right}")
    return worse


def as_ratios(reached: dict) -> dict:
    return {aspect: measure.Ratio(*reached.get(aspect, (0, 0))) for aspect in ASPECTS}


def totals(runs: dict) -> dict:
    """(right, counted) per aspect summed over the texts of a set."""
    return {aspect: tuple(map(sum, zip(*(r.get(aspect, (0, 0)) for r in runs.values())))) for aspect in ASPECTS}


VOCABULARIES = ("organisations.ttl", "themes.ttl", "stakeholder-groups.ttl", "document-statuses.ttl",
                "decision-kinds.ttl")
"""The data files a draft is checked with (its county, themes, groups, statuses and kinds)."""


def violations_beside_proposals(graph: Graph, folder: Path) -> list[tuple[str, str]]:
    """(focus, message) of every violation of the data's rules the draft breaks, with the
    vocabularies, but the one against drafts (proposals and missing labels, refused until a curator
    is done)."""
    draft = folder / "source-950.ttl"
    draft.write_text(turtle.write(graph), encoding="utf-8")
    files = (draft, *(ROOT / "data" / vocabulary for vocabulary in VOCABULARIES))
    report = validate(dataclasses.replace(Settings.from_env(), data_paths=files, cache_dir=folder / "cache"))
    return [(f.focus, f.message) for f in report.violations if f.shape != "rule proposals-left"]


def strategy_stages() -> set[str]:
    """The statuses a strategy may have (hvash:StrategyStatusShape): stages of the strategy; the other
    concepts of the scheme are kinds of source document (issue 20)."""
    from rdflib import RDF
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    shapes = Graph().parse(ROOT / "shapes" / "data.ttl")
    shape = next(s for s in shapes.subjects(RDF.type, SH.NodeShape) if str(s).endswith("StrategyStatusShape"))
    listed = shapes.value(shapes.value(shape, SH.property), SH["in"])
    return {str(concept).rsplit("/", 1)[-1] for concept in Collection(shapes, listed)}


def status_as_expected(expected: str, drafting: Drafting, period: tuple[int, int]) -> tuple[bool, tuple[str, str]]:
    """Whether a draft has the status an expected draft names, and (strategy's, document's). The expected
    drafts were written when one status named both; since issue 20 a kind of document (a preparation
    plan, a web summary) is the source document's status, and a preparation plan's strategy is in
    preparation (data/document-statuses.ttl)."""
    from hva_graph.curation.measure import HVA, SCHEMA

    graph = drafting.graph
    strategy = next(s for s in graph.subjects() if str(s).endswith(f"-{period[0]}-{period[1]}"))
    document = next(graph.subjects(HVA.describes, strategy))
    found = tuple(str(graph.value(s, SCHEMA.creativeWorkStatus)).rsplit("/", 1)[-1] for s in (strategy, document))
    stages = strategy_stages()
    if expected in stages:
        return found[0] == expected, found
    stage = "in-preparation" if expected == "preparation-plan" else found[0]
    return found[1] == expected and found[0] == stage and stage in stages, found


def pdf_from_text(text: str, target: Path) -> Path:
    """A PDF as an office program makes one from the text: a short line standing alone set as a
    heading, every other line a paragraph of body text wrapped at the page's width. A text in pages
    (separated by form feeds) keeps them: each page's last line is its footer and a first line that
    starts two or more pages its running header, both set small at the page's edges. A paged text is
    set in the TrueType font reportlab ships (Vera), embedded with its Unicode map as office programs
    embed theirs: the standard Helvetica has none for "•", which pypdf then reads as U+007F (the
    unpaged texts keep Helvetica, so their PDFs stay as they were)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    pages = [page.strip("\n") for page in text.strip().split("\f")]
    running = _running_lines(pages)
    font = "Helvetica"
    if len(pages) > 1:
        font = _embedded_font(styles)
    story = []
    for number, page in enumerate(pages):
        body = page
        if len(pages) > 1:
            lines = page.split("\n")
            body = "\n".join(lines[1 if lines[0] in running["header"] else 0:-1]).strip("\n")
            running["page"].append((lines[0] if lines[0] in running["header"] else "", lines[-1]))
        story += _flowables(body, styles, Paragraph, Spacer)
        if number < len(pages) - 1:
            story.append(PageBreak())

    def edges(canvas, document):
        if not running["page"]:
            return
        header, footer = running["page"][canvas.getPageNumber() - 1]
        width, height = A4
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(document.leftMargin, height - 36, header)
        canvas.drawCentredString(width / 2, 30, footer)
        canvas.restoreState()

    target.parent.mkdir(parents=True, exist_ok=True)
    SimpleDocTemplate(str(target), pagesize=A4, title="Strategia").build(story, onFirstPage=edges, onLaterPages=edges)
    return target


def _embedded_font(styles) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    pdfmetrics.registerFont(TTFont("VeraBd", "VeraBd.ttf"))
    styles["BodyText"].fontName = "Vera"
    styles["Heading2"].fontName = "VeraBd"
    return "Vera"


def _running_lines(pages: list[str]) -> dict:
    firsts = [page.split("\n")[0] for page in pages]
    return {"header": {line for line in firsts if firsts.count(line) > 1}, "page": []}


def _flowables(text: str, styles, Paragraph, Spacer) -> list:
    story = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        if len(lines) == 1 and len(block) < 60 and not block.rstrip().endswith((".", "!")):
            story.append(Paragraph(block, styles["Heading2"]))
        else:
            for line in lines:
                story.append(Paragraph(line, styles["BodyText"]))
        story.append(Spacer(1, 6))
    return story
