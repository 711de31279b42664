"""Tables and grids downloaded as a person sees them: the page's columns under the page's
headings, in the page's language, IRIs by their names, dates at their source's precision; as
CSV (UTF-8 with a byte order mark, so a spreadsheet opens it as UTF-8) or as an XLSX workbook
(openpyxl). The SPARQL answers (/queries/NAME/results) stay the machines' download."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from .comparison import STRATEGY_COLUMNS, Column, Grid
from .site import label, name

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
NUMBERS = ("#integer", "#decimal", "#double", "#float")


def table_as_seen(table: dict, columns: list[Column], lang: str) -> tuple[list[str], list[list]]:
    """(headings, rows) of the answer's table as the page shows it."""
    rows = [[_text(row.get(column.name), column.name, lang) for column in columns] for row in table["rows"]]
    return [column.label for column in columns], rows


def grid_as_seen(grid: Grid, lang: str) -> tuple[list[str], list[list]]:
    """(headings, rows) of the grid: a strategy per column (its short name, status and tier
    name in the head), a row per field or key, each cell's entries one per line."""
    headings = [""]
    for strategy in grid.strategies:
        head = [name(strategy, lang, short_name=True).text]
        if grid.statuses.get(strategy):
            head.append(label(grid.statuses[strategy], lang))
        head += [_text(term, column.name, lang) for term, column in grid.heads[strategy]]
        headings.append(" — ".join(head))
    rows = []
    for row in grid.rows:
        head = row.head if isinstance(row.head, str) else _text(row.head, "", lang)
        cells = ["\n".join(" — ".join(str(_text(term, column.name, lang)) for term, column in entry.terms)
                           for entry in entries) for entries in row.cells]
        rows.append([head, *cells])
    return headings, rows


def _text(term: dict | None, column: str, lang: str):
    """A cell as the page writes it: an IRI by its name (a strategy by its short name), a
    number as a number, any other literal as its text."""
    if term is None:
        return ""
    if term.get("type") == "uri":
        return name(term["value"], lang, short_name=column in STRATEGY_COLUMNS).text
    if term.get("datatype", "").endswith(NUMBERS):
        number = float(term["value"])
        return int(number) if number.is_integer() else number
    return term["value"]


def as_csv(headings: list[str], rows: list[list]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(headings: list[str], rows: list[list], title: str, source: list[tuple[str, str]]) -> bytes:
    """The table on a sheet named after it, and where it comes from (the page, the data
    version …) on a second sheet, as (what, value) lines."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    about = book.create_sheet(title=_sheet_title(source[0][0]) if source else "-")
    for line in source[1:]:
        about.append(list(line))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(text: str) -> str:
    """A sheet's name: at most 31 characters, none of []:*?/\\ (Excel's rules)."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in text).strip()
    return cleaned[:31] or "-"
