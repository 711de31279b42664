"""A citation's reference text, made by a CSL processor (citeproc-py) from the CSL-JSON item
with the project's style (hva-graph.csl) in the reader's language. Its date is written as
every page writes it (readable.dates: "joulukuu 2022", "kevät 2021"), handed to the processor as
a literal date, so the reference never says more than the source. Plain text: the page
escapes it (citeproc-py's HTML writer does not escape what the data holds)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

STYLE = Path(__file__).with_name("hva-graph.csl")
LOCALES = {"fi": "fi-FI", "sv": "sv-SE", "en": "en-GB"}


@lru_cache(maxsize=len(LOCALES))
def _style(lang: str) -> CitationStylesStyle:
    return CitationStylesStyle(str(STYLE), locale=LOCALES[lang], validate=False)


def reference(item: dict, lang: str, date_text: str | None = None) -> str:
    """The item's reference in `lang`; `date_text` stands for its date (None: "no date")."""
    shown = {key: value for key, value in item.items() if key != "issued"}
    if date_text:
        shown["issued"] = {"literal": date_text}
    bibliography = CitationStylesBibliography(_style(lang), CiteProcJSON([shown]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])
