"""A source document as a reader sees it: its plain text with every passage the data cites
marked (<mark>), anchored by its character offsets (#passage-START-END), and linked to the
statement that cites it; passages inside passages are shown by their innermost statement."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Cited:
    start: int
    end: int
    statement: str
    """The statement's page (a local path) or IRI."""
    title: str


def anchor(start: int, end: int) -> str:
    return f"passage-{start}-{end}"


def document_view(text: str, passages: list[Cited], current: tuple[int, int] | None = None) -> Markup:
    """The text cut at every passage boundary; each piece inside a passage is a <mark> listing
    every passage that covers it (data-passages), linked to the innermost one's statement, and
    each passage's anchor stands where it starts. The pieces of `current` (the passage a reader
    came for, from a statement's page) are marked apart (class "current"), so it stands out among
    all the others without JavaScript; its anchor scrolls to it."""
    passages = [p for p in passages if 0 <= p.start < p.end <= len(text)]
    cuts = sorted({0, len(text), *(p.start for p in passages), *(p.end for p in passages)})
    starting: dict[int, list[str]] = {}
    for p in passages:
        ids = starting.setdefault(p.start, [])
        if anchor(p.start, p.end) not in ids:
            ids.append(anchor(p.start, p.end))
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        pieces += [Markup('<span id="{}"></span>').format(name) for name in starting.get(a, [])]
        covering = [p for p in passages if p.start <= a and b <= p.end]
        if not covering:
            pieces.append(escape(text[a:b]))
            continue
        inner = min(covering, key=lambda p: (p.end - p.start, p.start))
        names = " ".join(dict.fromkeys(anchor(p.start, p.end) for p in covering))
        here = current is not None and current[0] <= a and b <= current[1]
        pieces.append(Markup('<mark data-passages="{}"{}><a href="{}" title="{}">{}</a></mark>').format(
            names, Markup(' class="current"') if here else "", inner.statement, inner.title, text[a:b]))
    return Markup("").join(pieces)
