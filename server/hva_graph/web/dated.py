"""Date columns for people: a canned query's front matter marks a column as a date made of
others (`when: {…, date: {start: start, end: end, precision: precision}}`), and every row of
the answer gets that column written at its source's precision (readable.dates), in the page's
language. The ISO values stay in the answer for machines; pages, grids, charts and the tables
people download show this column instead."""

from __future__ import annotations

from ..readable.dates import When, when


def date_columns(query) -> dict[str, dict]:
    """The query's date columns: {column: {start, end, precision}} (the names of its parts)."""
    return {name: spec["date"] for name, spec in query.columns.items() if spec.get("date")}


def add_dates(query, table: dict, lang: str) -> None:
    """Give every row a literal for each date column, carrying its sort key (`sort`), and list
    the column among the table's variables (after its parts, so it reads where they stood)."""
    derived = date_columns(query)
    for name, parts in derived.items():
        for row in table["rows"]:
            if parts.get("of") and parts["of"] not in row:
                continue  # the date of something this row does not have (a strategy with no decision)
            row[name] = date_cell(row_when(row, parts), lang)
        if name not in table["variables"]:
            table["variables"].append(name)


def row_when(row: dict, parts: dict) -> When:
    def value(part: str) -> str | None:
        return (row.get(parts.get(part, "")) or {}).get("value")

    return when(value("start"), value("end"), value("precision"))


def date_cell(found: When, lang: str) -> dict:
    """A SPARQL-JSON-like literal in the page's language, with its sort key beside it."""
    return {"type": "literal", "value": found.text(lang), "xml:lang": lang, "sort": found.sort_text(),
            "date": True}


XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
PRECISION = "https://w3id.org/hva-graph/ontology#datePrecision"


def show_dates(page, lang: str) -> None:
    """On a resource's page, each xsd:date of a resource (or of a period it holds) that has a
    precision is shown at that precision (`shown`): a month-precision start is "December 2022",
    never 1 December. Dates of resources without a precision stay as they are."""
    precision = _precision(value.term for value in page.properties.get(PRECISION, []))
    for values in page.properties.values():
        for value in values:
            _show(value.term, precision, lang)
    for pairs in page.blanks.values():
        inner = _precision(term for property_, term in pairs if property_ == PRECISION) or precision
        for _, term in pairs:
            _show(term, inner, lang)


def _precision(terms) -> str | None:
    return next((term["value"] for term in terms if term.get("type") == "uri"), None)


def _show(term: dict, precision: str | None, lang: str) -> None:
    if precision is None or term.get("datatype") != XSD_DATE:
        return
    found = when(term["value"], term["value"], precision)
    if found.precision == "deadline":
        found = When(None, found.end, "deadline")
    term["shown"] = found.text(lang)
