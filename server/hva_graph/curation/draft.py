"""`hva-graph draft SOURCE`: a new county's strategy text to a draft source graph in drafts/NNN/.

The text the source gives (reading.py) becomes the source file drafts/NNN/NNN_<sha256[:16]>.txt,
byte for byte what the selectors point into; the rules (rules.py) propose its statements; the
draft is written beside it as drafts/NNN/source-NNN.ttl (turtle.py). Never into data/ or sources/:
publishing a reviewed draft moves both there.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ..namespaces import HVA
from ..settings import Settings
from . import build, chrome, county, language, layout, outline, status, strategy, turtle
from .model import Drafted
from .reading import read_source
from .source import SourceText, Unreadable
from .rules import Rules


@dataclass
class Drafting:
    """A text drafted in memory: its statements and the source graph made of them."""
    source: SourceText
    rules: Rules
    statements: list[Drafted]
    graph: Graph
    organisation: county.Finding
    number: str
    file_name: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Written:
    folder: Path
    graph_file: Path
    text_file: Path
    drafting: Drafting
    seconds: float


def draft_text(source: SourceText, number: str) -> Drafting:
    """Draft a text (no files read but the rule and scheme files, none written)."""
    if not language.available():
        raise Unreadable("drafting needs the Finnish analyser: apt-get install libvoikko1 voikko-fi")
    text = source.text
    lines = layout.lines_of(text)
    blocks = outline.outline(text, lines, chrome.chrome_lines(text, lines, source.marked), source.headings)
    if not any(any(b.endswith("strategia") for b in w.base) or "strategia" in w.lemmas for w in language.words(text)):
        raise Unreadable("no strategy in the text: it never speaks of a strategy (strategia); is this the county's "
                         "strategy page?")
    rules = Rules(text, blocks)
    statements = rules.run()
    if len(statements) < 3:
        raise Unreadable(f"no strategy in the text: it gives {len(statements)} statement(s) of one")
    organisation = county.find(text, rules.strategy_span)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    file_name = f"{number}_{sha[:16]}.txt"
    source_status = status.status(rules, statements, web_page=source.kind == "html" or _has_chrome(text, lines))
    statements = rules.status_line(source_status[2])
    facts = build.Source(number, file_name, sha, text, organisation, rules.strategy_span,
                         strategy.period(text, rules.strategy_span), source_status)
    graph = build.graph_of(facts, statements)
    notes = list(source.notes) + unread(text, statements)
    if facts.period is None:
        notes.append("no period of years found for the strategy: its identifier and dcterms:temporal are for you")
    return Drafting(source, rules, statements, graph, organisation, number, file_name, notes)


def unread(text: str, statements: list[Drafted]) -> list[str]:
    """What the rules could not read off a statement that it needs (the validation lists these too)."""
    from .model import CONSULTATIONS, EVENTS, TIERED

    notes = []
    for statement in statements:
        quoted = " ".join(text[statement.span[0]:statement.span[1]].split())[:60]
        if statement.kind in CONSULTATIONS and not statement.groups:
            notes.append(f"no stakeholder group could be read in \"{quoted}\"")
        if statement.kind in EVENTS and statement.when is None:
            notes.append(f"no date could be read for the event \"{quoted}\"")
        if statement.kind in TIERED and statement.tier is None:
            notes.append(f"no tier (a heading for its list) could be read for \"{quoted}\"")
    return notes


def _has_chrome(text: str, lines) -> bool:
    return bool(chrome.chrome_lines(text, lines))


def draft(path: Path, settings: Settings, drafts: Path | None = None) -> Written:
    """Draft the text of `path` into drafts/NNN/ (refusing a text the data already has)."""
    started = time.monotonic()
    source = read_source(path)
    sha = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    known = known_sources(settings)
    if sha in known:
        raise Unreadable(f"this text is already in the graph: {known[sha]} has the same SHA-256 ({sha[:16]}…)")
    drafts = drafts or settings.root / "drafts"
    number = next_number(settings, drafts)
    drafting = draft_text(source, number)
    folder = drafts / number
    folder.mkdir(parents=True, exist_ok=False)
    text_file = folder / drafting.file_name
    text_file.write_bytes(source.text.encode("utf-8"))
    graph_file = folder / f"source-{number}.ttl"
    graph_file.write_text(turtle.write(drafting.graph), encoding="utf-8")
    return Written(folder, graph_file, text_file, drafting, time.monotonic() - started)


def known_sources(settings: Settings) -> dict[str, str]:
    """SHA-256 → source file name of every source document the data describes."""
    found = {}
    pattern = re.compile(r'dcterms:identifier\s+"([^"]+)".*?hva:sha256\s+"([0-9a-fA-F]{64})"', re.S)
    for path in settings.data_files:
        text = path.read_text(encoding="utf-8")
        if "hva:sha256" not in text:
            continue
        graph = Graph().parse(data=text, format="turtle")
        for document, sha in graph.subject_objects(HVA.sha256):
            found[str(sha).lower()] = str(document).rsplit("/", 1)[-1]
        for name, sha in pattern.findall(text):
            found.setdefault(sha.lower(), name)
    return found


def next_number(settings: Settings, drafts: Path) -> str:
    """The next number no source, data file or draft has."""
    used = {0}
    for folder, pattern in ((settings.seeds, r"^(\d{3})_"), (settings.data_dir, r"^source-(\d{3})\.ttl$"),
                            (drafts, r"^(\d{3})$")):
        if Path(folder).is_dir():
            for entry in Path(folder).iterdir():
                match = re.match(pattern, entry.name)
                if match:
                    used.add(int(match.group(1)))
    return f"{max(used) + 1:03d}"


def summary(written: Written) -> str:
    """What the curator reads after `hva-graph draft`: where the draft is, which county and why,
    what was drafted, what could not be read, and what to do next."""
    drafting = written.drafting
    counts: dict[str, int] = {}
    for statement in drafting.statements:
        counts[statement.kind] = counts.get(statement.kind, 0) + 1
    found = drafting.organisation
    county_line = (f"county: {found.organisation.label_fi} ({found.why})" if found.organisation
                   else f"county: none found, so an unidentified county ({found.why})")
    proposals = len(list(drafting.graph.objects(None, HVA.proposal)))
    lines = [f"draft written: {written.graph_file} (source text {written.text_file.name}), in {written.seconds:.1f} s",
             county_line,
             f"statements: {len(drafting.statements)} ({', '.join(f'{n} {k}' for k, n in sorted(counts.items()))})",
             f"{proposals} proposals to confirm; every English and Swedish label is left for you (hva:missingLabel)"]
    lines += [f"note: {note}" for note in drafting.notes]
    lines.append(f"next: review it, then `hva-graph validate --draft {written.folder}` lists what is left to do")
    return "\n".join(lines)
