"""A citation as CSL-JSON (the Citation Style Language's input data, schema v1.0.2): the form
every other is made from. A part of a strategy (a statement) is cited as a document titled by
its Finnish label inside its strategy's document (`container-title`); a strategy or source
document as the document itself. The county is the author; the status and the date are the
source's (the date at its precision: a month as year and month, a season as CSL's season);
the passage is the note; the IRI the URL; the data release the version. No access date: a
reference manager adds its own."""

from __future__ import annotations

import re

from ..readable.dates import When
from .facts import Cited

LANGUAGES = ("fi", "sv", "en")
FALLBACKS = {"fi": ("fi", "en", "sv"), "sv": ("sv", "en", "fi"), "en": ("en", "fi", "sv")}
SEASONS = {3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 3, 10: 3, 11: 3, 12: 4, 1: 4, 2: 4}
"""Month → CSL season (1 spring, 2 summer, 3 autumn, 4 winter)."""
PASSAGE = {"fi": "Lähdekohta", "sv": "Källställe", "en": "Passage"}
CHARACTERS = {"fi": "merkit {start}–{end}", "sv": "tecken {start}–{end}", "en": "characters {start}–{end}"}
ARCHIVE = "hva-graph"


def in_language(names: dict[str, str], lang: str) -> str | None:
    return next((names[tongue] for tongue in (*FALLBACKS[lang], "") if tongue in names), None)


def citation_key(iri: str) -> str:
    """A key reference managers take (letters, digits, -, _, :): the IRI's path after /id/."""
    path = iri.split("/id/", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_:-]+", "-", path).strip("-") or "hva-graph"


def csl_item(facts: Cited, lang: str) -> dict:
    """The CSL-JSON item (one object; a CSL-JSON file is a list of them)."""
    item = {"id": citation_key(facts.iri), "type": "document", "language": "fi",
            "author": [{"literal": in_language(facts.county, lang) or ""}],
            "URL": facts.iri, "version": facts.release, "archive": ARCHIVE, "archive_location": facts.file}
    if facts.kind == "statement" and facts.label:
        item["title"], item["container-title"] = facts.label, facts.title
    else:
        item["title"] = facts.title
    status = in_language(facts.status, lang)
    if status:
        item["status"] = status
    issued = csl_date(facts.date)
    if issued:
        item["issued"] = issued
    item["note"] = f"{PASSAGE[lang]} ({CHARACTERS[lang].format(start=facts.start, end=facts.end)}): «{facts.exact}»"
    return item


def csl_date(found: When | None) -> dict | None:
    """A CSL date at the precision the source gives: [[2022, 12]] for a month, [[2021]] with
    season 1 for a spring, a range of days as two parts; a deadline or no date gives none."""
    if found is None or found.start is None or found.end is None or found.precision == "deadline":
        return None
    start, end = found.start, found.end
    if found.precision == "year":
        parts = [[start.year]] if start.year == end.year else [[start.year], [end.year]]
        return {"date-parts": parts}
    if found.precision == "season":
        return {"date-parts": [[start.year]], "season": SEASONS[start.month]}
    if found.precision == "month":
        same = (start.year, start.month) == (end.year, end.month)
        return {"date-parts": [[start.year, start.month]] if same else [[start.year, start.month], [end.year, end.month]]}
    days = [[start.year, start.month, start.day]]
    if end != start:
        days.append([end.year, end.month, end.day])
    return {"date-parts": days}
