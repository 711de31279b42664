"""A date as its source gives it: the ISO values of the data (start, end, hva:datePrecision)
written for a reader in fi, sv or en at that precision and no finer.

    day       17.5.2022 · 17.–18.5.2022 · 21.6.–15.8.2022      17 May 2022 · 17–18 May 2022
    month     joulukuu 2022 · december 2022                      December 2022
    season    kevät 2021 · våren 2021                            spring 2021
    year      2022 · 2023–2026
    deadline  viimeistään 15.8.2022 · senast 15.8.2022           by 15 August 2022
              (a deadline at a year's end is the end of that year: "by the end of 2022")

A month, season or year is never written as its first or last day. The sort key places dated
entries by their first day (a season sorts by its first day but is never shown as that day),
then open-ended ones (a deadline has no start), then undated ones: no date is invented to
place them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

HVA = "https://w3id.org/hva-graph/ontology#"
PRECISIONS = {HVA + name + "Precision": name.lower() for name in ("Day", "Month", "Season", "Year", "Deadline")}

MONTHS = {
    "fi": ("tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu",
           "syyskuu", "lokakuu", "marraskuu", "joulukuu"),
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
SEASONS = {  # winter, spring, summer, autumn: spring = March–May, autumn = September–November (data/README.md)
    "fi": ("talvi", "kevät", "kesä", "syksy"),
    "sv": ("vintern", "våren", "sommaren", "hösten"),
    "en": ("winter", "spring", "summer", "autumn"),
}
WORDS = {
    "by": {"fi": "viimeistään {}", "sv": "senast {}", "en": "by {}"},
    "year_end": {"fi": "vuoden {} loppuun mennessä", "sv": "senast i slutet av {}", "en": "by the end of {}"},
    "from": {"fi": "{} alkaen", "sv": "från {}", "en": "from {}"},
    "undated": {"fi": "ajankohtaa ei kerrota", "sv": "tidpunkten anges inte", "en": "date not stated"},
}
DASH = "–"


@dataclass(frozen=True)
class When:
    """A time as the data holds it. `precision` is day, month, season, year or deadline (None: day)."""

    start: datetime.date | None
    end: datetime.date | None
    precision: str | None = None

    @property
    def undated(self) -> bool:
        return self.start is None and self.end is None

    def text(self, lang: str) -> str:
        """The time for a reader, in `lang`, at its precision."""
        if self.undated:
            return WORDS["undated"][lang]
        if self.precision == "deadline" or self.start is None:
            return _deadline(self.end, lang)
        if self.end is None:
            return WORDS["from"][lang].format(_point(self.start, self.precision, lang))
        return _span(self.start, self.end, self.precision or "day", lang)

    def sort_key(self) -> tuple:
        """Dated entries by their first day (then last), then open-ended ones, then undated ones."""
        if self.start is not None and self.end is not None and self.precision != "deadline":
            return (0, self.start.toordinal(), self.end.toordinal())
        if not self.undated:
            return (1, (self.end or self.start).toordinal(), 0)
        return (2, 0, 0)

    def sort_text(self) -> str:
        """sort_key as one string that sorts the same way (a table's data-sort attribute): days
        as their ordinal numbers, so that no day is written out on a page, even in an attribute."""
        group, first, last = self.sort_key()
        return f"{group} {first:07d} {last:07d}"


def when(start: str | None, end: str | None, precision: str | None) -> When:
    """A When from the lexical values of a SPARQL answer (xsd:date, precision IRI)."""
    return When(_date(start), _date(end), PRECISIONS.get(precision or "", None))


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


def _day(day: datetime.date, lang: str, year: bool = True, month: bool = True) -> str:
    if lang == "en":
        parts = [str(day.day)] + ([MONTHS["en"][day.month - 1]] if month else []) + ([str(day.year)] if year else [])
        return " ".join(parts)
    if not month:
        return f"{day.day}."
    return f"{day.day}.{day.month}." + (str(day.year) if year else "")


def _season(day: datetime.date) -> tuple[int, int]:
    """(season index, the year it is counted in): a December belongs to the winter of the next year."""
    return (day.month % 12) // 3, day.year + (day.month == 12)


def _point(day: datetime.date, precision: str | None, lang: str) -> str:
    if precision == "month":
        return f"{MONTHS[lang][day.month - 1]} {day.year}"
    if precision == "season":
        season, year = _season(day)
        return f"{SEASONS[lang][season]} {year}"
    if precision == "year":
        return str(day.year)
    return _day(day, lang)


def _span(start: datetime.date, end: datetime.date, precision: str, lang: str) -> str:
    if precision == "day":
        return _day_span(start, end, lang)
    first, last = _point(start, precision, lang), _point(end, precision, lang)
    if first == last:
        return first
    if precision == "year":
        return f"{start.year}{DASH}{end.year}"
    head, year = first.rsplit(" ", 1)
    if last.endswith(" " + year):  # "maaliskuu–kesäkuu 2022", "spring–summer 2022"
        return f"{head}{DASH}{last}"
    return f"{first} {DASH} {last}"


def _day_span(start: datetime.date, end: datetime.date, lang: str) -> str:
    if start == end:
        return _day(start, lang)
    spaced = lang == "en" and (start.month, start.year) != (end.month, end.year)
    joiner = f" {DASH} " if spaced else DASH
    if start.year != end.year:
        first = _day(start, lang)
    elif start.month != end.month:
        first = _day(start, lang, year=False)
    else:
        first = _day(start, lang, year=False, month=False)
    return f"{first}{joiner}{_day(end, lang)}"


def _deadline(end: datetime.date, lang: str) -> str:
    if (end.month, end.day) == (12, 31):
        return WORDS["year_end"][lang].format(end.year)
    return WORDS["by"][lang].format(_day(end, lang))
