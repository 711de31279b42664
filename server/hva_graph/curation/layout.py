"""The layout of a copied text: its lines with their indentation, list markers and table cells.

A browser's copy of a page keeps the page's structure in plain text: a heading is a line of its
own, a bullet is "  • " (or "- ", "◦ "), a numbered item "  1. ", "1.1 " or "1) " (a date at a line's
start, "31.5.2023.", is no numbering), a lettered one "A  " ("A.", "A)") where the text's lines give
the letters in order, a nested item is indented further, a table row is its cells
joined by tabs; a document's section heading may carry its number without a dot ("4 Strategiset
tavoitteet"), which is no part of its text. Offsets are code points of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MARKER = re.compile(r"(?P<marker>[•◦▪‣∙·*]|[-–](?=\s)|\d{1,2}\.(?:\d{1,2}\.){0,2}(?:\d{1,2})?(?![\d.])|\d{1,2}\)"
                     r"|[a-zåäö]\))"
                     r"[ \t\u00a0]+")
_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,2}[ \t\u00a0]+(?=[A-ZÅÄÖ])")
"""A section heading's number without a dot ("4 Strategiset tavoitteet", "2.1 Arvot")."""
_SPACE = " \t\u00a0\u202f"


@dataclass
class Line:
    index: int
    line_start: int
    start: int
    """Where the line's content starts (after indentation and list marker)."""
    end: int
    """Where it ends (trailing spaces left out)."""
    indent: int
    marker: str = ""
    cells: list[tuple[int, int]] = field(default_factory=list)
    section_number: bool = False
    """The line starts with a section's number without a dot ("4 Strategiset tavoitteet"): a heading's."""

    @property
    def numbers(self) -> tuple[int, ...]:
        """1.1 is (1, 1), a list's letter B (2,); a bullet or no marker is ()."""
        if _LETTER_MARK.fullmatch(self.marker):
            return (ord(self.marker[0]) - ord("A") + 1,)
        if not self.marker or not self.marker[0].isdigit():
            return ()
        return tuple(int(n) for n in self.marker.rstrip(".)").split("."))

    @property
    def marker_kind(self) -> str:
        """What kind of marker the item has: numbers, letters, or the bullet itself (a dash of any length)."""
        if self.numbers:
            return "letter" if self.marker[0].isalpha() else "number"
        return "–" if self.marker in ("-", "–") else self.marker

    @property
    def is_item(self) -> bool:
        return bool(self.marker)

    @property
    def is_row(self) -> bool:
        return len(self.cells) > 1


def lines_of(text: str) -> list[Line]:
    """Every non-blank line of the text (a line of spaces and no-break spaces is blank)."""
    found, at = [], 0
    for index, raw in enumerate(text.split("\n")):
        content = raw.rstrip(_SPACE + "\r")
        if content.strip(_SPACE):
            found.append(_line(index, at, raw, content))
        at += len(raw) + 1
    _lettered(text, found)
    return found


_LETTER = re.compile(r"(?P<marker>[A-H](?:[.)]|(?=[ \t\u00a0])))[ \t\u00a0]+(?=[A-ZÅÄÖ][a-zåäö])")
_LETTER_MARK = re.compile(r"[A-H][.)]?")


def _lettered(text: str, lines: list[Line]) -> None:
    """"A  Asukkaiden hyvinvointi …" / "B  Palvelut …": lines that start with the letters of a list in order
    (A, B, C …, two at least) are its items, the letter their marker. A capital standing alone before a
    word is no Finnish word, but one line of it is no list."""
    candidates = [(line, _LETTER.match(text, line.start, line.end)) for line in lines if not line.marker
                  and not line.cells]
    candidates = [(line, match) for line, match in candidates if match is not None and match.end() < line.end]
    letters = [match.group("marker")[0] for _, match in candidates]
    if "A" not in letters or "B" not in letters[letters.index("A"):]:
        return
    for line, match in candidates:
        line.marker, line.start = match.group("marker"), match.end()


def _line(index: int, at: int, raw: str, content: str) -> Line:
    stripped = content.lstrip(_SPACE)
    indent = len(content) - len(stripped)
    start = at + indent
    marker = ""
    if "\t" not in stripped:
        match = _MARKER.match(stripped)
        if match and match.end() < len(stripped):
            marker = match.group("marker")
            start += match.end()
        elif _is_section_heading(stripped):
            start += _SECTION_NUMBER.match(stripped).end()
    line = Line(index, at, start, at + len(content), indent, marker, section_number=start > at + indent + len(marker)
                and not marker)
    if "\t" in stripped:
        line.cells = _cells(at + indent, stripped)
    return line


def restart(text: str, line: Line, start: int) -> None:
    """Read a line again from `start`, as if it began there (what stood before it is no part of the text's
    content: a running footer a copy ran into it); its marker and numbering are the rest's."""
    fresh = _line(line.index, start, text[start:line.end], text[start:line.end])
    line.start, line.marker, line.cells, line.section_number = fresh.start, fresh.marker, fresh.cells, \
        fresh.section_number


def _is_section_heading(line: str) -> bool:
    """A numbered heading: its number, a capital, and a few words that end no sentence."""
    number = _SECTION_NUMBER.match(line)
    return number is not None and len(line[number.end():].split()) <= 12 and not line.rstrip().endswith((".", "!", "?"))


def _cells(at: int, row: str) -> list[tuple[int, int]]:
    cells, offset = [], at
    for cell in row.split("\t"):
        lead = len(cell) - len(cell.lstrip(_SPACE))
        cells.append((offset + lead, offset + len(cell.rstrip(_SPACE))))
        offset += len(cell) + 1
    return cells


def trim(text: str, start: int, end: int, extra: str = "") -> tuple[int, int]:
    """A span without the whitespace (and `extra` characters) at its ends."""
    strip = _SPACE + "\n\r" + extra
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end
