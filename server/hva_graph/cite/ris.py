"""RIS written from a CSL-JSON item: a generic reference (TY GEN) by the county, the statement's
document as secondary title, the date at its source's precision (DA: 2022/12// for a month; a
season or a range of days in DA's free part, never as a day it is not), the status (M3), the
passage (N1), the IRI (UR), the data release (ET) and the source file (AN). Lines end CRLF."""

from __future__ import annotations

from .csl import ARCHIVE

SEASONS = {1: "spring", 2: "summer", 3: "autumn", 4: "winter"}


def ris(item: dict) -> str:
    lines = [("TY", "GEN"), ("AU", item["author"][0]["literal"]), ("TI", item["title"])]
    if item.get("container-title"):
        lines.append(("T2", item["container-title"]))
    lines += _dates(item.get("issued"))
    if item.get("status"):
        lines.append(("M3", item["status"]))
    lines += [("N1", item["note"]), ("UR", item["URL"]), ("ET", item["version"]), ("DB", ARCHIVE),
              ("AN", item.get("archive_location", "")), ("LA", item.get("language", "fi")), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(str(value).split())}\r\n" for tag, value in lines)


def _dates(issued: dict | None) -> list[tuple[str, str]]:
    if not issued or not issued.get("date-parts"):
        return []
    parts = issued["date-parts"]
    first = parts[0]
    year = str(first[0])
    if "season" in issued:
        return [("PY", year), ("DA", f"{year}///{SEASONS[int(issued['season'])]}")]
    if len(parts) > 1:  # a range: the year where both share it, the range itself as free text
        span = "–".join("-".join(f"{int(n):02d}" if i else str(n) for i, n in enumerate(p)) for p in parts)
        return [("PY", year), ("DA", f"{year}///{span}")]
    month = f"{first[1]:02d}" if len(first) > 1 else ""
    day = f"{first[2]:02d}" if len(first) > 2 else ""
    return [("PY", year), ("DA", f"{year}/{month}/{day}/")]
