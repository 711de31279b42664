"""The strategy itself: the passage that names it with its period, and the period."""

from __future__ import annotations

import re

from .classify import Reading
from .layout import trim
from .outline import Block, sentences

YEAR_RANGE = re.compile(r"(?<![0-9/.])(20\d{2})\s*[-–]\s*((?:20)?\d{2})(?![0-9])")
_JOINERS = {"vuosille", "vuosiksi", "vuosina", "kaudelle", "ajalle"}


def strategy_passage(text: str, blocks: list[Block]) -> tuple[int, int] | None:
    """The first place that names the strategy with its years: "Hyvinvointialuestrategia
    2023-2026", "Etelä-Karjalan hyvinvointialueen strategia vuosille 2023–2025" (the phrase), or
    the sentence that says what it is ("… strategia on hyvin perusteltu suunnitelma vuosille
    2023–2025."); failing that, the first heading with a period of years."""
    for block in blocks:
        if block.kind == "row":
            continue
        spans = [(block.start, block.end)] if block.kind == "heading" else sentences(text, block.start, block.end)
        for start, end in spans:
            found = _named(text, start, end)
            if found:
                return found
    for block in blocks:
        if block.kind == "heading" and YEAR_RANGE.search(text, block.start, block.end):
            return trim(text, block.start, block.end)
    return None


def _named(text: str, start: int, end: int) -> tuple[int, int] | None:
    years = YEAR_RANGE.search(text, start, end)
    if years is None:
        return None
    reading = Reading.of(text, start, end)
    position = next((i for i, w in enumerate(reading.words)
                     if any(b.endswith("strategia") for b in w.base) and w.end <= years.start()), None)
    if position is None:
        return None
    word = reading.words[position]
    between = text[word.end:years.start()].split()
    if all(w.lower() in _JOINERS for w in between):
        first = position
        while first > 0:
            before, gap = reading.words[first - 1], text[reading.words[first - 1].end:reading.words[first].start].strip()
            if before.text.endswith("-") and gap in ("", ","):
                first -= 1  # "Sosiaali-, terveys- ja pelastustoimialan strategia": a compound's parts
            elif gap:
                break
            elif _modifier(before):
                first -= 1
            elif before.text.lower() in ("ja", "sekä") and first > 1 and (_modifier(reading.words[first - 2])
                                                                         or reading.words[first - 2].text.endswith("-")):
                first -= 2  # "Vantaan ja Keravan hyvinvointialueen strategia"
            else:
                break
        return trim(text, reading.words[first].start, years.end())
    return trim(text, start, end)


def _modifier(word) -> bool:
    return word.has("SIJAMUOTO", "omanto") or word.has("CLASS", "laatusana")


def period(text: str, span: tuple[int, int] | None) -> tuple[int, int, str] | None:
    """(first year, last year, the years as written) of the strategy, from its passage, else from
    the first range of years in the text."""
    found = YEAR_RANGE.search(text, *span) if span else None
    found = found or YEAR_RANGE.search(text)
    if found is None:
        return None
    first, last = int(found.group(1)), found.group(2)
    final = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    if final < first:
        return None
    return first, final, found.group(0)
