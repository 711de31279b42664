"""Which lines of a copied text are list items. A browser's copy marks them ("  • ", "1. ", "1) "),
but not always: lines indented under a line are its items (a list whose bullets were not copied), and
so are lines indented alike one under the other after a blank line; a list's items stand alike (one
indentation); a
paragraph of nothing but short names one a line is a list, and lines that each begin with a date, or
each say one dated thing, are a timeline. A numbered line over the line of its text ("2.1 Visio") is a section heading, no item."""

from __future__ import annotations

import re

from . import cues, dates, language
from .layout import Line

HEADING_WORDS = 14


def list_items(text: str, kept: list[Line]) -> set[int]:
    """The lines that are list items: marked ones, unmarked lines indented under the line above them
    (and those beside them), and the lines of a run that each begin with a date."""
    items = {line.index for line in kept if line.is_item and not _numbered_heading(text, line, kept)}
    for previous, line, following in zip([None] + kept, kept, kept[1:] + [None]):
        if line.is_item or line.is_row or not line.indent:
            continue
        if previous is None or line.index - previous.index != 1:
            if previous is not None and previous.indent < line.indent and _indented_alike(text, line, following):
                items.add(line.index)  # lines indented alike after a blank line under a line that is not: a list
            continue
        if previous.index in items and not previous.is_item or not previous.is_item and line.indent > previous.indent:
            items.add(line.index)
    return items | _name_lists(text, kept) | _timeline_lines(text, kept) | _dated_lines(text, kept) | \
        _colon_lists(text, kept) | _tier_word_lists(text, kept)


def _alike(line: Line, first: Line) -> bool:
    """A list's items stand alike: one indentation, one kind of marker (or none)."""
    return line.indent == first.indent and line.marker_kind == first.marker_kind


def _indented_alike(text: str, line: Line, following: Line | None) -> bool:
    """Two lines indented alike, one under the other, each starting as an item does (a paragraph's wrapped
    line goes on in lower case)."""
    return following is not None and following.index - line.index == 1 and following.indent == line.indent \
        and not following.is_item and not following.is_row and text[line.start:line.start + 1].isupper() \
        and text[following.start:following.start + 1].isupper()


def _timeline_lines(text: str, kept: list[Line]) -> set[int]:
    """Adjacent lines that each begin with a date: a timeline's items."""
    found: set[int] = set()
    run: list[Line] = []
    for line in kept + [None]:
        if line is not None and not line.is_row and _starts_with_date(text, line) and \
                (not run or line.index - run[-1].index == 1):
            run.append(line)
            continue
        if len(run) >= 2:
            found |= {member.index for member in run}
        run = [line] if line is not None and _starts_with_date(text, line) else []
    return found


def _paragraphs_of(kept: list[Line], least: int, each) -> set[int]:
    """The indexes of the lines of every paragraph (consecutive kept lines) of at least `least`
    lines of which `each` holds for every one."""
    found: set[int] = set()
    paragraph: list[Line] = []
    for line in kept + [None]:
        if line is not None and paragraph and line.index - paragraph[-1].index == 1:
            paragraph.append(line)
            continue
        if len(paragraph) >= least and all(each(member) for member in paragraph):
            found |= {member.index for member in paragraph}
        paragraph = [line] if line is not None else []
    return found


def _dated_lines(text: str, kept: list[Line]) -> set[int]:
    """A paragraph of three lines or more that each say one dated thing ("Aluehallitus käsitteli strategian
    lähtökohtia 17.10.2022." / "Henkilöstökysely marraskuussa 2022 (n = 5 106)" / "Aluevaltuuston
    strategiaseminaari 8.2.2023"): a timeline whose bullets the copy lost, one item a line."""
    return _paragraphs_of(kept, 3, lambda member: _one_dated_thing(text, member))


def tier_word(text: str, line: Line) -> bool:
    """A line of nothing but a tier's word ("Painopisteet", "Tavoitteet", "Kärkihankkeet:")."""
    content = text[line.start:line.end].strip().removesuffix(":")
    found = language.words(content)
    return 0 < len(found) <= 2 and not re.search(r"[^\w\s-]", content) and \
        any(cues.SECTIONS.get(b) in cues.TIER_SECTIONS for b in found[-1].base)


def _tier_word_lists(text: str, kept: list[Line]) -> set[int]:
    """"Tavoite 1: …" / "Painopisteet" / "Matalan kynnyksen mielenterveyspalvelut nuorille" / …: the short
    lines right under a line of a tier's word are that tier's list, whose bullets the copy lost."""
    found: set[int] = set()
    for position, line in enumerate(kept):
        if line.is_item or not tier_word(text, line):
            continue
        run = []
        for following in kept[position + 1:]:
            content = text[following.start:following.end].strip()
            if following.index - (run[-1].index if run else line.index) != 1 or following.is_row \
                    or not content[:1].isupper() or len(content.split()) > 10 or re.search(r"[.!?:;]$", content) \
                    or tier_word(text, following) or run and not _alike(following, run[0]):
                break
            run.append(following)
        found |= {member.index for member in run}
    return found


def _colon_lists(text: str, kept: list[Line]) -> set[int]:
    """"Tavoitteiden toteutumista seurataan muun muassa näillä mittareilla:" over short lines without a
    full stop ("Henkilöstön vaihtuvuus"): the lines are the list the sentence announces."""
    found: set[int] = set()
    for position, line in enumerate(kept):
        if not text[line.start:line.end].rstrip().endswith(":"):
            continue
        run = []
        for following in kept[position + 1:]:
            content = text[following.start:following.end].strip()
            if following.index - (run[-1].index if run else line.index) != 1 or following.is_item or following.is_row \
                    or not content[:1].isupper() or len(content.split()) > 10 or re.search(r"[.!?:;]$", content) \
                    or run and not _alike(following, run[0]):
                break
            run.append(following)
        if len(run) >= 2:
            found |= {member.index for member in run}
    return found


def _one_dated_thing(text: str, line: Line) -> bool:
    content = text[line.start:line.end].strip()
    if line.is_item or line.is_row or line.indent or not content[:1].isupper() or re.search(r"[.!?]\s+\w", content):
        return False
    return bool(dates.find(content, line.start, 2000))


def _numbered_heading(text: str, line: Line, kept: list[Line]) -> bool:
    """"2.1 Visio" over the line of its text: a numbered section heading, not a list's item (an item
    stands among items, or over a blank line)."""
    if not line.numbers or re.search(r"[.!?;,:]$", text[line.start:line.end].strip()) or \
            len(text[line.start:line.end].split()) > HEADING_WORDS:
        return False
    position = kept.index(line)
    following = kept[position + 1] if position + 1 < len(kept) else None
    previous = kept[position - 1] if position else None
    return following is not None and following.index - line.index == 1 and not following.is_item \
        and not following.indent and not following.is_row and not (previous and previous.is_item
                                                                    and line.index - previous.index == 1)


def _name_lists(text: str, kept: list[Line]) -> set[int]:
    """A paragraph of nothing but short names, one a line ("Avoimuus" / "Kohtuullisuus" /
    "Yhteisöllisyys"): a list whose bullets the copy lost. Not a name over its description ("Luottamus"
    / "Toimimme avoimesti": a verb), nor a title block ("… hyvinvointialue" / "Aluehallitus 29.9.2022")."""
    return _paragraphs_of(kept, 2, lambda member: _a_name(text, member))


def _a_name(text: str, line: Line) -> bool:
    content = text[line.start:line.end].strip()
    if line.is_item or line.is_row or line.indent or not content[:1].isupper() or len(content.split()) > 4 \
            or re.search(r"[.!?;,:]$|\d", content):
        return False
    return not says(content)


def _starts_with_date(text: str, line: Line) -> bool:
    found = dates.find(text[line.start:min(line.end, line.start + 30)], line.start, 2000)
    return bool(found) and found[0].span[0] == line.start


def says(content: str) -> bool:
    """A line that says something: a finite verb that is nothing else ("Arvot" is also "you guess")."""
    return any(w.has("CLASS", "teonsana") and (w.has("MOOD", "indicative") or w.has("MOOD", "conditional"))
               and all(dict(r).get("CLASS") == "teonsana" for r in w.readings) for w in language.words(content))
