"""A PDF's text layer (pypdf) as a copied text: a paragraph's wrapped lines joined into one line,
paragraphs and headings (set in a larger font) apart with a blank line between, list items on
lines of their own; running headers, footers and page numbers left out. A PDF without a text
layer (a scan) or one that cannot be opened without a password is refused."""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .chrome import PAGE_NUMBER, numbered_running
from .source import SourceText, Unreadable

_ITEM = re.compile(r"^\s*(?:[•◦▪\-–*]|\d{1,2}\.(?:\d{1,2}\.?)*)\s")


@dataclass
class _Line:
    page: int
    y: float
    size: float
    text: str
    x: float = 0.0


def pdf_text(data: bytes) -> SourceText:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("the PDF is encrypted: it opens only with a password; save an unencrypted copy "
                             "(print it to PDF) or copy its text from the viewer")
        lines = [line for number, page in enumerate(reader.pages) for line in _page_lines(number, page)]
    except PdfReadError as error:
        raise Unreadable(f"the PDF cannot be read ({error})") from None
    if sum(len(line.text.strip()) for line in lines) < 40 * max(1, len(reader.pages)) / 4:
        raise Unreadable("the PDF has no text layer (a scanned document?): run it through text recognition (OCR) "
                         "first, or copy the text from the county's web page")
    kept, dropped = _without_running_lines(lines, len(reader.pages))
    text, headings = _paragraphs(kept)
    notes = [f"left out {dropped} running header, footer or page-number line(s) of the PDF"] if dropped else []
    return SourceText(text, "pdf", notes=notes, headings=headings)


def _page_lines(number: int, page) -> list[_Line]:
    pieces: list[tuple[float, float, float, str]] = []

    def visit(text, cm, tm, font, size):
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]) or 1
        pieces.append((round(y, 1), x, (size or 0) * scale, text))

    page.extract_text(visitor_text=visit)
    rows: dict[float, list] = {}
    for y, x, size, text in pieces:
        key = next((k for k in rows if abs(k - y) < 2), y)
        rows.setdefault(key, []).append((x, size, text))
    lines = []
    for y in sorted(rows, reverse=True):
        parts = sorted(rows[y], key=lambda p: p[0])
        text = "".join(p[2] for p in parts).replace("\n", " ")
        if text.strip():
            lines.append(_Line(number, y, max(p[1] for p in parts), re.sub(r"[ \t]+", " ", text).strip(), parts[0][0]))
    return lines


def _without_running_lines(lines: list[_Line], pages: int) -> tuple[list[_Line], int]:
    """Lines at the pages' edges that repeat on most pages (headers, footers), or the same but for the page's
    number ("Luonnos 15.8.2022 | Sivu 2 / 3"), and bare page numbers."""
    edges = _edges(lines)  # a running line stands at a page's edge: the same words in the body are the body's
    on_pages = Counter(text for _, text in {(line.page, line.text) for line in edges})
    running = {text for text, n in on_pages.items() if pages >= 3 and n >= max(3, pages * 0.6)}
    numbered = numbered_running([(line.page, line.text) for line in edges], pages)
    at_edges = {id(line) for line in edges}
    kept = [line for line in lines if not (id(line) in at_edges and (line.text in running or
                                                                     (line.page, line.text) in numbered))
            and not PAGE_NUMBER.match(line.text.strip())]
    return kept, len(lines) - len(kept)


def _edges(lines: list[_Line]) -> list[_Line]:
    """The first and last two lines of each page, where a running header or footer stands."""
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    return [line for page in by_page.values() for line in page[:2] + page[-2:]]


def _paragraphs(lines: list[_Line]) -> tuple[str, list[tuple[int, int, int]]]:
    """The text, and its headings (lines set larger than the body) with their levels by size."""
    if not lines:
        return "", []
    sizes: Counter[int] = Counter()
    for line in lines:
        sizes[round(line.size)] += len(line.text)
    body = sizes.most_common(1)[0][0]  # the size most of the text is set in
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:])
            if a.page == b.page and a.y > b.y and round(a.size) == round(b.size) == body]
    # a paragraph's lines, one under the other (no more than a line and a fifth of the body size: in a text of
    # short lines only, the least gap is between paragraphs)
    leading = min(gaps + [body * 1.2])
    margin = {page: min(l.x for l in lines if l.page == page) for page in {l.page for l in lines}}
    widest = {page: max(len(l.text) for l in lines if l.page == page) for page in {l.page for l in lines}}
    out: list[str] = []
    for index, line in enumerate(lines):
        previous = lines[index - 1] if index else None
        heading = line.size > body * 1.15
        if previous is None:
            out.append(line.text)
            continue
        new_page = previous.page != line.page
        gap = previous.y - line.y if not new_page else leading
        was_heading = previous.size > body * 1.15
        short = len(previous.text) < widest[previous.page] * 0.7 and not previous.text.endswith(("-", ","))
        ended = short or previous.text.endswith((".", "!", "?", ":"))
        if heading or was_heading or gap > leading * 1.9:
            out.append("\n\n" + line.text)
        elif (short or gap > leading * 1.25) and not new_page or new_page and ended:
            out.append("\n" + line.text)  # a paragraph's last line is short: the next line is a new one
        elif _dated(previous.text) and _dated(line.text):
            out.append("\n" + line.text)  # a timeline's lines, each from its date
        elif _ITEM.match(line.text) or _ITEM.match(previous.text) and _ends_item(previous.text, line.text):
            indent = "  " * min(4, int((line.x - margin[line.page]) // 12)) if _ITEM.match(line.text) else ""
            out.append("\n" + indent + line.text)
        elif out[-1].endswith("-") and line.text[:1].islower():
            out.append(line.text)  # a word broken at the line's end: the hyphen stays, as printed
        else:
            out.append(" " + line.text)
    text = "".join(out) + "\n"
    sizes = sorted({round(line.size) for line in lines if line.size > body * 1.15}, reverse=True)
    headings, at = [], 0
    for line, piece in zip(lines, out):
        start = at + len(piece) - len(line.text)
        at += len(piece)
        if line.size > body * 1.15:
            headings.append((start, start + len(line.text), sizes.index(round(line.size)) + 1))
    return text, headings


def _dated(line: str) -> bool:
    """A line that starts with a date ("15.8.2022 aluehallitus …", "syyskuussa 2022 …")."""
    from .dates import find

    found = find(line[:30], 0, 2000)
    return bool(found) and found[0].span[0] == 0


def _ends_item(previous: str, current: str) -> bool:
    """A list item that goes on to the next line goes on in lower case."""
    return not current[:1].islower()
