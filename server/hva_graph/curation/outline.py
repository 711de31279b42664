"""A copied text as an outline: headings, paragraphs, list items with their depth, table rows.

A heading is a short line standing alone (a blank line or a list after it) that does not end a
sentence; a paragraph is a run of lines without a blank between; a list item runs over the
lines indented under it; an item's depth comes from its indentation and its numbering (1.1 is
one deeper than 1.). A list need not be marked: lines indented (by a tab or spaces) under a line
are its items, as a copied page gives a list whose bullets the browser did not copy, and lines
that each begin with a date are the items of a timeline. Chrome lines are left out before any of
this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Line, trim
from .lists import HEADING_WORDS, list_items, says, tier_word



@dataclass(eq=False)
class Block:
    kind: str
    """heading, paragraph, item or row."""
    lines: list[Line]
    depth: int = 0
    cells: list[tuple[int, int]] = field(default_factory=list)
    level: int | None = None
    """A heading's level as the page or PDF sets it (1 = top), when it says."""

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def first(self) -> Line:
        return self.lines[0]


def outline(text: str, lines: list[Line], chrome: set[int], headings=()) -> list[Block]:
    """The blocks of the text's kept lines; `headings` (spans and levels the page or PDF sets as headings)
    make their lines headings of that level."""
    kept = [line for line in lines if line.index not in chrome]
    levels = {line.index: level for line in kept for a, b, level in headings if a <= line.start and line.end <= b}
    items = list_items(text, kept)
    blocks: list[Block] = []
    indents: list[tuple[int, str]] = []
    for position, line in enumerate(kept):
        previous = kept[position - 1] if position else None
        following = kept[position + 1] if position + 1 < len(kept) else None
        adjacent = previous is not None and line.index - previous.index == 1
        if line.is_row:
            blocks.append(Block("row", [line], cells=line.cells))
        elif line.index in items:
            depth = _depth(line, indents)
            blocks.append(Block("item", [line], depth=depth))
        elif adjacent and blocks and blocks[-1].kind == "item" and _goes_on(text, line, blocks[-1]):
            blocks[-1].lines.append(line)  # an item's text going on under it
        elif adjacent and blocks and blocks[-1].kind == "paragraph" and not _list_lead(text, line, following, items) \
                and not _name_over_sentence(text, line, previous, following, items):
            blocks[-1].lines.append(line)
            indents = []
        else:
            named = adjacent and blocks and blocks[-1].kind in ("heading", "paragraph") and _name_over_sentence(
                text, line, previous if blocks[-1].kind == "paragraph" else None, following, items)
            heading = line.index in levels or named or _is_heading(text, line, previous, following, items)
            blocks.append(Block("heading" if heading else "paragraph", [line], level=levels.get(line.index)))
            indents = [] if not line.is_row else indents
    return blocks


def _list_lead(text: str, line: Line, following: Line | None, items: set[int]) -> bool:
    """"Tavoitteet:" over a list: a word or two and a colon, no verb, or a tier's word alone
    ("Painopisteet"), heading the items right under it."""
    content = text[line.start:line.end].strip()
    return following is not None and following.index - line.index == 1 and following.index in items \
        and (content.endswith(":") and len(content.split()) <= 3 and not says(content) or tier_word(text, line))


def _name_over_sentence(text: str, line: Line, previous: Line | None, following: Line | None, items: set[int]) -> bool:
    """"… kiireettä." / "Avoimuus" / "Kerromme päätöksistämme …": a short name with no verb, no number and no
    closing punctuation on a line of its own, after a line that ends a sentence (or after a heading: previous
    None) and over a line of its own words or a list, is the heading of what follows, though no blank line sets it
    apart (a copy that lost the page's spacing, a PDF that sets every line alike)."""
    content = text[line.start:line.end].strip()
    if line.is_item or line.is_row or line.index in items or following is None or following.index - line.index != 1 \
            or following.is_row or re.search(r"[\d.!?;,:]$|\d", content):
        return False
    ended = previous is None or re.search(r"[.!?]$", text[previous.start:previous.end].rstrip())
    return bool(ended) and _short_name(content) and (following.index in items or
                                                     text[following.start:following.start + 1].isupper())


def _goes_on(text: str, line: Line, item: Block) -> bool:
    """An item's text going on under it: indented further, or (a PDF's wrapped item, a word broken
    at the line's end) starting in lower case."""
    return line.indent > item.first.indent or text[line.start:line.start + 1].islower()


def _depth(line: Line, indents: list[tuple[int, str]]) -> int:
    """1 for a top item; one more for each open item it is indented under, and for 1.1 under 1. At one
    indentation, items of another kind of marker under an item are its sub-items ("A  Asukkaat …" /
    "– Liikunta lisääntyy": a PDF or a copy keeps the markers where it loses the indentation), and an item
    of a kind already open goes back to that level."""
    kind = line.marker_kind
    while indents and indents[-1][0] > line.indent:
        indents.pop()
    if indents and indents[-1][0] == line.indent and kind and indents[-1][1] and indents[-1][1] != kind:
        same = [i for i, (indent, open_kind) in enumerate(indents) if indent == line.indent and open_kind == kind]
        if same:
            del indents[same[-1] + 1:]
        else:
            indents.append((line.indent, kind))
    elif not indents or indents[-1][0] < line.indent:
        indents.append((line.indent, kind))
    return len(indents) + max(0, len(line.numbers) - 1)


def _is_heading(text: str, line: Line, previous: Line | None, following: Line | None, items: set[int]) -> bool:
    content = text[line.start:line.end].strip()
    words = content.split()
    if not words or len(words) > HEADING_WORDS or re.search(r"[.!?;,]$", content):
        return False
    heads_items = following is not None and following.index - line.index == 1 and following.index in items \
        and following.indent > line.indent and not line.is_item
    if heads_items or _list_lead(text, line, following, items):
        return True  # the line over the items indented under it is their heading, whatever stands above it
    alone_before = previous is None or line.index - previous.index > 1 or previous.index in items or previous.is_row
    alone_after = following is None or following.index - line.index > 1 or following.index in items or following.is_row
    if not alone_after and (content.endswith("-") or text[following.start:following.start + 1].islower()):
        return False  # a sentence going on on the next line ("… ja henkilöstö-" / "ohjelma.")
    if alone_before and line.section_number:
        return True  # "2 Palvelut ovat lähellä": numbered as a section is, over its text
    if alone_before and _NUMBERED_NAME.match(content) and following is not None and following.index - line.index == 1 \
            and following.index + 1 in items and tier_word(text, following):
        return True  # "Tavoite 1: Hyvinvointi- ja terveyserot kapenevat" over "Painopisteet" and its list
    return alone_before and (alone_after or (_short_name(content) and not content.endswith(":")))


_NUMBERED_NAME = re.compile(r"\w+\s+\d{1,2}\s*[.:)–-]\s+\w")
"""A tier's word and a number before a name ("Tavoite 1: …"); sections.py reads which tier."""



def _short_name(content: str) -> bool:
    """A name on a line of its own above its description ("Luottamus" / "Toimimme avoimesti."): a few
    words and no verb ("Lausuntoja pyydetään viimeistään" / "31.1.2024." is a sentence going on)."""
    return len(content.split()) <= 5 and content[:1].isupper() and not says(content)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of a span: ends at . ! ? (not in a date, an ordinal or an abbreviation) before
    a capital, a digit or a quote; a line break between two lines that end a sentence ends one too."""
    found, at = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.start() + 1
        if _abbreviation(text, at, stop):
            continue
        found.append(trim(text, at, stop))
        at = match.end()
    if at < end:
        found.append(trim(text, at, end))
    return [span for span in found if span[1] > span[0]]


_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"”A-ZÅÄÖ0-9•])")
_ABBREVIATIONS = {"esim", "mm", "ns", "n", "puh", "ad", "klo", "s", "tms", "yms", "ym", "jne", "ts", "vrt", "kts",
                  "nro", "p", "os", "v", "vs", "ko", "em", "ao"}


def _abbreviation(text: str, at: int, stop: int) -> bool:
    word = re.search(r"(\w+)\.$", text[at:stop])
    if word is None:
        return False
    token = word.group(1)
    return token.lower() in _ABBREVIATIONS or (token.isdigit() and len(token) <= 2 and not text[at:stop - len(token) - 1].rstrip().endswith("."))
