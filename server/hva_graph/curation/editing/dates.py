"""Fixing a date: the value a curator reads in the source, with its precision, as the data
writes it (data/README.md): an interval of xsd:dates and hva:datePrecision, a deadline with an
end date only.

An event (or a consultation) carries schema:startDate/endDate itself; any other statement, and
the strategy, carries a dcterms:PeriodOfTime ({statement}/period) with dcat dates. A strategy's
IRI names its years ({county}-{first}-{last}), so a new period renames the strategy and, with
it, every statement (naming.rename).
"""

from __future__ import annotations

import calendar
import datetime
import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from ...namespaces import HVA, SCHEMA
from .kinds import EVENT_DATED, Classes
from .naming import rename
from .nodes import delete, drop_proposals, require
from .selectors import EditError

PRECISIONS = {"day": HVA.DayPrecision, "month": HVA.MonthPrecision, "season": HVA.SeasonPrecision,
              "year": HVA.YearPrecision, "deadline": HVA.DeadlinePrecision}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}
"""Months of each season (data/README.md: spring = March–May, autumn = September–November);
a winter runs from December into the next year's February."""
FORMATS = {"day": "2022-12-14, or a range 2022-05-17/2022-05-18", "month": "2022-12",
           "season": "2023-spring (spring, summer, autumn, winter)", "year": "2023, or 2023/2025",
           "deadline": "2022-12-31 (the last day)"}
"""How a curator writes a value of each precision."""
DATE_PROPERTIES = (SCHEMA.startDate, SCHEMA.endDate, HVA.datePrecision, DCTERMS.temporal, DCAT.startDate,
                   DCAT.endDate)
_YEARS = re.compile(r"^(.*)-(\d{4})-(\d{4})$")


def interval(precision: str, value: str) -> tuple[datetime.date | None, datetime.date]:
    """(start, end) of a value written as FORMATS says; start is None for a deadline."""
    value = (value or "").strip()
    try:
        if precision in ("day", "deadline"):
            first, _, last = value.partition("/")
            start, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last or first)
            return (None, start) if precision == "deadline" and not last else (start, end)
        if precision == "month":
            year, month = map(int, value.split("-"))
            return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
        if precision == "season":
            year, season = value.split("-")
            first, last = SEASONS[season.lower()]
            end_year = int(year) + (1 if last < first else 0)
            return (datetime.date(int(year), first, 1),
                    datetime.date(end_year, last, calendar.monthrange(end_year, last)[1]))
        if precision == "year":
            first, _, last = value.partition("/")
            return datetime.date(int(first), 1, 1), datetime.date(int(last or first), 12, 31)
    except (ValueError, KeyError):
        pass
    if precision not in PRECISIONS:
        raise EditError(f"a precision is one of {', '.join(PRECISIONS)}")
    raise EditError(f"a {precision} is written as {FORMATS[precision]}, not {value!r}")


def fix_date(graph: Graph, classes: Classes, subject, precision: str, value: str) -> URIRef:
    """Date the statement (or the strategy's period) as the curator reads the source."""
    subject = require(graph, subject)
    start, end = interval(precision, value)
    if start is not None and start > end:
        raise EditError("the start comes after the end")
    if precision == "deadline" and start is not None:
        raise EditError("a deadline has an end date only")
    if _event_dated(graph, classes, subject):
        _set(graph, subject, SCHEMA.startDate, start)
        _set(graph, subject, SCHEMA.endDate, end)
        graph.set((subject, HVA.datePrecision, PRECISIONS[precision]))
    else:
        period = graph.value(subject, DCTERMS.temporal) or URIRef(f"{subject}/period")
        graph.set((subject, DCTERMS.temporal, period))
        graph.set((period, RDF.type, DCTERMS.PeriodOfTime))
        _set(graph, period, DCAT.startDate, start)
        _set(graph, period, DCAT.endDate, end)
        graph.set((period, HVA.datePrecision, PRECISIONS[precision]))
    drop_proposals(graph, subject, *DATE_PROPERTIES)
    if (subject, RDF.type, HVA.Strategy) in graph and start is not None:
        return _renamed_for_years(graph, subject, start.year, end.year)
    return subject


def clear_date(graph: Graph, classes: Classes, subject) -> URIRef:
    """The statement gives no date after all: its structured date goes."""
    subject = require(graph, subject)
    for prop in (SCHEMA.startDate, SCHEMA.endDate, HVA.datePrecision):
        graph.remove((subject, prop, None))
    for period in list(graph.objects(subject, DCTERMS.temporal)):
        graph.remove((subject, DCTERMS.temporal, period))
        delete(graph, period)
    drop_proposals(graph, subject, *DATE_PROPERTIES)
    return subject


def date_of(graph: Graph, subject) -> tuple[str, str] | None:
    """(precision, value as FORMATS writes it) of the subject's date, for the curator to correct."""
    holder = graph.value(subject, DCTERMS.temporal)
    start_p, end_p = (DCAT.startDate, DCAT.endDate) if holder is not None else (SCHEMA.startDate, SCHEMA.endDate)
    holder = holder if holder is not None else subject
    precision = next((name for name, iri in PRECISIONS.items() if (holder, HVA.datePrecision, iri) in graph), None)
    start, end = graph.value(holder, start_p), graph.value(holder, end_p)
    if precision is None or end is None:
        return None
    start, end = (start.toPython() if start is not None else None), end.toPython()
    return precision, _written(precision, start, end)


def _written(precision: str, start, end) -> str:
    if precision == "deadline" or (precision == "day" and start == end):
        return end.isoformat()
    if precision == "day":
        return f"{start.isoformat()}/{end.isoformat()}"
    if precision == "month":
        return f"{start.year}-{start.month:02d}"
    if precision == "season":
        return f"{start.year}-{next(n for n, (first, _) in SEASONS.items() if first == start.month)}"
    return str(start.year) if start.year == end.year else f"{start.year}/{end.year}"


def _event_dated(graph: Graph, classes: Classes, subject) -> bool:
    if graph.value(subject, SCHEMA.startDate) is not None or graph.value(subject, SCHEMA.endDate) is not None:
        return True
    return any(classes.is_a(graph, subject, cls) for cls in EVENT_DATED)


def _set(graph: Graph, subject, prop, day) -> None:
    graph.remove((subject, prop, None))
    if day is not None:
        graph.add((subject, prop, Literal(day.isoformat(), datatype=XSD.date)))


def _renamed_for_years(graph: Graph, strategy: URIRef, first: int, last: int) -> URIRef:
    match = _YEARS.match(str(strategy))
    if match is None or (int(match.group(2)), int(match.group(3))) == (first, last):
        return strategy
    new = URIRef(f"{match.group(1)}-{first}-{last}")
    if (new, None, None) in graph:
        raise EditError(f"<{new}> is already a node of the draft")
    rename(graph, {strategy: new})
    return new
