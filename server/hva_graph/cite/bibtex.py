"""BibTeX (biblatex fields) written from a CSL-JSON item: a @misc entry whose author is the
county (in braces: a body, not a person), with the date at its source's precision (biblatex's
`date`: 2022-12 for a month, 2021-21 for a spring, as ISO 8601-2 writes seasons; `year` and
`month` for classic BibTeX), the status as `pubstate`, the passage as `note`, the IRI as
`url` and the data release as `version`. Every value is escaped for TeX."""

from __future__ import annotations

from .csl import ARCHIVE

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#",
       "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
SEASON_CODES = {1: 21, 2: 22, 3: 23, 4: 24}
"""CSL's seasons (spring … winter) as ISO 8601-2 / EDTF season numbers, which biblatex reads."""


def tex(text: str) -> str:
    return "".join(TEX.get(char, char) for char in " ".join(str(text).split()))


def bibtex(item: dict) -> str:
    fields = [("author", "{" + tex(item["author"][0]["literal"]) + "}"), ("title", tex(item["title"]))]
    if item.get("container-title"):
        fields.append(("booktitle", tex(item["container-title"])))
    fields += _dates(item.get("issued"))
    if item.get("status"):
        fields.append(("pubstate", tex(item["status"])))
    fields += [("note", tex(item["note"])), ("url", item["URL"]), ("version", tex(item["version"])),
               ("howpublished", ARCHIVE), ("language", "finnish")]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{item['id']},\n{body}\n}}\n"


def _dates(issued: dict | None) -> list[tuple[str, str]]:
    if not issued or not issued.get("date-parts"):
        return []
    parts = issued["date-parts"]
    first = parts[0]
    found = [("year", str(first[0]))]
    if "season" in issued:
        return found + [("date", f"{first[0]}-{SEASON_CODES[int(issued['season'])]}")]
    if len(first) > 1 and len(parts) == 1:
        found.append(("month", MONTHS[first[1] - 1]))
    return found + [("date", "/".join("-".join(f"{int(n):02d}" if i else str(n) for i, n in enumerate(p)) for p in parts))]
