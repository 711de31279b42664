"""The text a source gives, and the refusal of a source that gives none."""

from __future__ import annotations

from dataclasses import dataclass, field


class Unreadable(ValueError):
    """A source the drafter cannot read (says what to do instead)."""


@dataclass
class SourceText:
    text: str
    kind: str
    """html, pdf or text."""
    marked: list[tuple[int, int]] = field(default_factory=list)
    """Spans the page itself marks as navigation, banners, cookie notices, footer (HTML only)."""
    headings: list[tuple[int, int, int]] = field(default_factory=list)
    """Spans the page or PDF sets as headings, with their level (1 = top: <h1>, the largest type)."""
    notes: list[str] = field(default_factory=list)
    """What could not be read, or was left out, and why."""
