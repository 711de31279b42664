"""Drafting the five sources and the unseen texts as the tests and benchmarks/curation.py do: each
from its text alone (never from data/), the unseen PDF built from its text with reportlab."""

from __future__ import annotations

from pathlib import Path

import yaml
from rdflib import Graph

from hva_graph.curation.draft import Drafting, draft_text
from hva_graph.curation.measure import from_expected, from_graph
from hva_graph.curation.reading import read_source

ROOT = Path(__file__).parents[1]
UNSEEN = ROOT / "tests" / "fixtures" / "curation" / "unseen"
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
    return [(path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in sorted(UNSEEN.glob("*.yaml"))]


def draft_unseen(expected: dict, folder: Path) -> Drafting:
    path = UNSEEN / expected["input"]
    if expected.get("as") == "pdf":
        path = pdf_from_text(path.read_text(encoding="utf-8"), folder / (path.stem + ".pdf"))
    return draft_text(read_source(path), "950")


def expected_statements(expected: dict, drafting: Drafting):
    return from_expected(expected, drafting.source.text)


def pdf_from_text(text: str, target: Path) -> Path:
    """A PDF as an office program makes one from the text: a short line standing alone set as a
    heading, every other line a paragraph of body text wrapped at the page's width."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        if len(lines) == 1 and len(block) < 60 and not block.rstrip().endswith((".", "!")):
            story.append(Paragraph(block, styles["Heading2"]))
        else:
            for line in lines:
                story.append(Paragraph(line, styles["BodyText"]))
        story.append(Spacer(1, 6))
    target.parent.mkdir(parents=True, exist_ok=True)
    SimpleDocTemplate(str(target), pagesize=A4, title="Strategia").build(story)
    return target
