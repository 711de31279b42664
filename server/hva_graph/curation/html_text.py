"""A saved page as the text a browser's copy of it gives: headings and paragraphs on lines of their
own with a blank line between, list items as "  • " or "  1. " (indented further when nested),
table rows as cells joined by tabs (a list inside a cell as "• a • b" on the row's line), <br> as
a line break (inside a cell as a space: a row stays one line), an item's heading or paragraph on its
marker's line, whitespace collapsed as the browser shows it (no-break spaces kept); a term of a
definition list (<dt>) and an accordion's <summary> on lines of their own, a definition (<dd>) on the
line under its term; the spans of headings (<h1>…<h6>, and an accordion's <summary> under them) are
handed on with their levels. Scripts, styles and hidden elements (text for screen readers only too) give
nothing. What the page marks as
navigation, a cookie or alert banner or share buttons, and the page's own header, footer and aside
(those outside its <main> or <article>: inside, they are the content's) is kept in the text (it is
what the page shows) and its spans are handed on as chrome.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .source import SourceText, Unreadable

SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "button", "input", "select", "textarea",
        "form", "object", "canvas", "video", "audio", "map"}
BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "h1", "h2", "h3", "h4", "h5",
          "h6", "ul", "ol", "li", "table", "tr", "blockquote", "pre", "figure", "figcaption", "address", "dl", "dt",
          "dd", "fieldset", "details", "summary", "hr", "body"}
PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre", "figure", "dl", "ul", "ol",
              "summary", "details"}
BREAKS = {"dt": (2, 1), "dd": (1, 2)}
"""Line breaks owed before and after: a term starts a paragraph of its own, its definition follows on the next line."""
CHROME_TAGS = {"nav"}
PAGE_PARTS = {"header", "footer", "aside"}
"""The page's header, footer and aside are chrome; a header, footer or aside inside the content is content."""
CONTENT = {"main", "article"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "summary": 7}
"""A heading's level; an accordion's summary is under every heading (its section is the one around it)."""
CHROME_WORDS = re.compile(r"cookie|consent|banner|alert|notice|breadcrumb|murupolku|share|social|skip|menu|navigation|"
                          r"footer", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n\r\f]+")


def html_text(markup: str) -> SourceText:
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as error:
        raise Unreadable(f"the page cannot be read as HTML ({error})") from None
    writer = _Writer()
    writer.element(root, list_level=0)
    text, marked, headings = writer.result()
    return SourceText(text, "html", marked, headings)


class _Writer:
    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.breaks = 2  # line breaks owed before the next text (start of text: none written)
        self.marked: list[tuple[int, int]] = []
        self.headings: list[tuple[int, int, int]] = []
        self.in_cell = 0
        self.in_content = 0
        self.hold = False
        """A list item's marker is written and its text not yet: a heading or paragraph that opens the item
        goes on the marker's line ("  1. Hyvä arki kaikille"), as the browser shows it."""

    # --- output --------------------------------------------------------------------------------

    def write(self, text: str) -> None:
        if not text:
            return
        if self.length and self.breaks:
            self._raw("\n" * min(self.breaks, 2))
        elif self.length == 0:
            text = text.lstrip(" ")
        self.breaks = 0
        self.hold = False
        self._raw(text)

    def _raw(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def need(self, breaks: int) -> None:
        if self.length:
            self.breaks = max(self.breaks, breaks)

    def result(self) -> tuple[str, list[tuple[int, int]], list[tuple[int, int, int]]]:
        """The text without spaces before its line breaks, and the marked spans and headings moved with it."""
        text = "".join(self.parts)
        kept, removed, at = [], [], 0
        for match in re.finditer(r"[ ]+\n", text):
            kept.append(text[at:match.start()])
            removed.append((match.start(), match.end() - match.start() - 1))
            at = match.end() - 1
        kept.append(text[at:])

        def moved(offset: int) -> int:
            return offset - sum(count for position, count in removed if position < offset)

        return "".join(kept).rstrip() + "\n", [(moved(a), moved(b)) for a, b in self.marked], \
            [(moved(a), moved(b), level) for a, b, level in self.headings]

    # --- the tree ------------------------------------------------------------------------------

    def element(self, node, list_level: int) -> None:
        if not isinstance(node.tag, str) or node.tag in SKIP or _hidden(node):
            self.inline_text(node.tail if isinstance(node.tag, str) or node.tag is etree.Comment else None)
            return
        tag = node.tag.lower()
        chrome = tag in CHROME_TAGS or (tag in PAGE_PARTS and not self.in_content) or CHROME_WORDS.search(
            f"{node.get('class', '')} {node.get('id', '')} {node.get('role', '')} {node.get('aria-label', '')}")
        content = tag in CONTENT or node.get("role") == "main"
        self.in_content += content
        start = self.length
        if tag == "br" and self.in_cell:
            self.inline_text(" ")  # a line break inside a table cell: the row stays one line of cells
        elif tag == "br":
            self._break()
        elif tag == "table":
            self.need(2)
            self.table(node)
            self.need(2)
        elif tag in ("ul", "ol") and not self.in_cell:
            self.need(2 if list_level == 0 else 1)
            self.list(node, tag, list_level + 1)
            self.need(2 if list_level == 0 else 1)
        elif tag in BLOCKS and not self.in_cell:
            before, after = BREAKS.get(tag, (2, 2) if tag in PARAGRAPHS else (1, 1))
            if not self.hold:
                self.need(before)
            self.children(node, list_level)
            self.need(after)
        elif tag == "li" and self.in_cell:
            self.write("• ")
            self.children(node, list_level)
            self.write(" ")
        else:
            self.children(node, list_level)
        self.in_content -= content
        if chrome and self.length > start:
            self.marked.append((start, self.length))
        if tag in HEADINGS and self.length > start:
            self.headings.append((start, self.length, HEADINGS[tag]))
        self.inline_text(node.tail)

    def children(self, node, list_level: int) -> None:
        self.inline_text(node.text)
        for child in node:
            self.element(child, list_level)

    def inline_text(self, text: str | None) -> None:
        if not text:
            return
        collapsed = _SPACE.sub(" ", text)
        if self.breaks or (self.parts and self.parts[-1].endswith((" ", "\n", "\t"))):
            collapsed = collapsed.lstrip(" ")
        if collapsed:
            self.write(collapsed)

    def _break(self) -> None:
        self._raw("\n")
        self.breaks = 0

    def list(self, node, tag: str, level: int) -> None:
        number = int(node.get("start", "1")) if str(node.get("start", "1")).isdigit() else 1
        for child in node:
            if not isinstance(child.tag, str) or child.tag.lower() != "li":
                self.element(child, level)
                continue
            self.need(1)
            marker = f"{number}. " if tag == "ol" else ("• " if level == 1 else "◦ ")
            self.write("  " * level + marker)
            self.hold = True
            self.children(child, level)
            self.hold = False
            number += 1
            self.inline_text(child.tail)

    def table(self, node) -> None:
        for row in node.iter("tr"):
            cells = [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
            if not cells:
                continue
            self.need(1)
            for index, cell in enumerate(cells):
                if index:
                    self._raw("\t")
                    self.breaks = 0
                self.in_cell += 1
                before = self.length
                self.children(cell, 0)
                self.in_cell -= 1
                if self.length > before and self.parts[-1].endswith(" "):
                    self.parts[-1] = self.parts[-1].rstrip(" ")
                    self.length = sum(len(p) for p in self.parts)


_SCREEN_READER_ONLY = re.compile(r"(?:^|\s)(?:visually-?hidden|sr-only|screen-reader-text|hidden-visually|"
                                 r"u-hidden-visually|element-invisible|assistive-text)(?:\s|$)", re.IGNORECASE)
"""The usual classes of text for screen readers only ("(linkki avautuu uuteen ikkunaan)"): not shown."""


def _hidden(node) -> bool:
    style = (node.get("style") or "").replace(" ", "").lower()
    return node.get("hidden") is not None or "display:none" in style or node.get("aria-hidden") == "true" \
        or bool(_SCREEN_READER_ONLY.search(node.get("class") or ""))
