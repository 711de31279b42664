"""A strategy text as a curator gets it: a saved page (HTML), its text copied from a browser, or a
PDF; the text it gives is the source file, NFC, with its line breaks as \\n, its no-break spaces
and soft hyphens kept (the selectors count code points of exactly this text)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from .source import SourceText, Unreadable


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def read_source(path: Path) -> SourceText:
    data = Path(path).read_bytes()
    if data.startswith(b"%PDF-"):
        from .pdf_text import pdf_text

        return _normal(pdf_text(data))
    if _is_html(path, data):
        from .html_text import html_text

        return _normal(html_text(_decode(data, _declared(data))))
    return _normal(SourceText(_decode(data, None), "text"))


def _is_html(path: Path, data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return Path(path).suffix.lower() in (".html", ".htm", ".xhtml") or head.startswith((b"<!doctype html", b"<html")) \
        or b"<body" in head


def _declared(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _decode(data: bytes, declared: str | None) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with one, or what the page declares; any
    other bytes are refused rather than guessed."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding) if encoding == "utf-8" else data.decode(encoding)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError) as error:
            raise Unreadable(f"the page declares the encoding {declared!r} but its bytes are not that ({error}); "
                             "save the page again as UTF-8") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise Unreadable(f"unknown encoding: the text is not UTF-8 (byte {error.start}, line {line}) and declares no "
                         "other; save it as UTF-8 (in a browser: copy the text into an editor that saves UTF-8)") from None


def _normal(source: SourceText) -> SourceText:
    """NFC and \\n line breaks; nothing else changes (no-break spaces, soft hyphens stay)."""
    text = source.text.replace("\r\n", "\n").replace("\r", "\n")
    normal = unicodedata.normalize("NFC", text)
    if normal != text and (source.marked or source.headings):
        source.notes.append("the text was normalised to NFC; the page's own marks of navigation and headings are "
                            "ignored")
        source.marked, source.headings = [], []
    source.text = normal
    return source
