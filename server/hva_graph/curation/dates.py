"""Dates in a Finnish text as structured dates with their precision, by the rule that checks them.

The patterns are read out of shapes/dates-in-labels-violation.rq, the rule every validation runs
(the day pattern, the table of month, season and Midsummer words with their months and the
precision each gives, the year pattern, the deadline words), so what the drafter structures and
what the checker demands are one set of rules. The drafter adds only what a single label cannot
say and a text can: a day range ("17.–18.5.2022"), a day, month or season whose year is given
elsewhere in the text (the nearest year before it), and the date a deadline word ends at.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import traverse

DAY, MONTH, SEASON, YEAR, DEADLINE = "day", "month", "season", "year", "deadline"
PRECISIONS = {"DayPrecision": DAY, "MonthPrecision": MONTH, "SeasonPrecision": SEASON, "YearPrecision": YEAR,
              "DeadlinePrecision": DEADLINE}


class RuleChanged(RuntimeError):
    """The dates rule no longer has a pattern the drafter reads from it."""


@dataclass(frozen=True)
class DateWord:
    word: str
    ignore_case: bool
    first: int
    last: int
    precision: str


@dataclass(frozen=True)
class Patterns:
    day: str
    """The rule's day pattern, D.M.YYYY."""
    year: str
    words: tuple[DateWord, ...]
    deadlines: tuple[str, ...]


@dataclass(frozen=True)
class When:
    """A date a text gives: an interval (a deadline has no start) with its precision, its words."""
    start: datetime.date | None
    end: datetime.date
    precision: str
    span: tuple[int, int]
    cue: str


RULE = Path(__file__).resolve().parents[3] / "shapes" / "dates-in-labels-violation.rq"


@lru_cache(maxsize=4)
def patterns(rule: Path = RULE) -> Patterns:
    """The date patterns of the rule, read from its query (VALUES tables and REGEX literals)."""
    algebra = prepareQuery(rule.read_text(encoding="utf-8")).algebra
    tables, regexes = [], []

    def visit(node):
        name = getattr(node, "name", None)
        if name == "values":
            tables.append(node.res)
        elif name == "Builtin_REGEX" and isinstance(node.pattern, Literal):
            regexes.append(str(node.pattern))

    traverse(algebra, visitPost=visit)
    day = next((r for r in regexes if r.startswith("[0-9]{1,2}\\.[0-9]{1,2}\\.")), None)
    year = next((r for r in regexes if "20[0-9]{2}" in r and r.startswith("(^|")), None)
    words = next((t for t in tables if t and Variable("monthWord") in t[0]), None)
    deadlines = next((t for t in tables if t and Variable("deadline") in t[0]), None)
    if None in (day, year, words, deadlines) or Variable("precision") not in words[0]:
        raise RuleChanged(f"{rule.name} no longer has the day, year, date-word (with precision) or deadline "
                          "patterns that hva-graph draft reads from it")
    table = tuple(DateWord(str(row[Variable("monthWord")]), "i" in str(row[Variable("flags")]),
                           int(row[Variable("first")]), int(row[Variable("last")]),
                           PRECISIONS[str(row[Variable("precision")]).rsplit("#", 1)[-1]]) for row in words)
    return Patterns(day, year, table, tuple(str(row[Variable("deadline")]) for row in deadlines))


# --- the drafter's regular expressions, made from the rule's --------------------------------


@lru_cache(maxsize=4)
def _compiled(rule: Path = RULE):
    found = patterns(rule)
    d, m, y = found.day.split("\\.")
    full = rf"(?P<d>{d})\.(?P<m>{m})\.(?P<y>{y})(?![0-9])"
    ranged = rf"(?:(?P<d0>{d})\.(?:(?P<m0>{m})\.)?\s*[-–]\s*)?"
    yearless = rf"(?P<d>{d})\.(?P<m>{m})\.(?![0-9])"
    day = re.compile(rf"(?<![0-9.]){ranged}{full}")
    short = re.compile(rf"(?<![0-9.]){ranged}{yearless}")
    years = found.year.replace("(^|[^0-9/.])", "(?<![0-9/.])").replace("([^0-9]|$)", "(?![0-9])")
    year_range = re.compile(rf"{years}(?:\s*[-–]\s*(?P<last>20[0-9]{{2}}|[0-9]{{2}}))?(?![0-9])".replace(
        "20[0-9]{2}", "(?P<first>20[0-9]{2})", 1))
    words = []
    for entry in found.words:
        flags = re.IGNORECASE if entry.ignore_case else 0
        # the rule's expression: the word, the rest of it, and a year after it (one word between at most)
        words.append((entry, re.compile(
            rf"(?<![^\W\d_])({re.escape(entry.word.strip())}[^ ,.;:0-9\n]*)(( [^ ,.;:0-9\n]+)? (20[0-9]{{2}}))?", flags)))
    return day, short, year_range, words, found.deadlines


def find(text: str, offset: int = 0, context_year: int | None = None) -> list[When]:
    """Every date expression in `text` (offsets + `offset`), in order, none inside another; a day,
    month or season without its year takes the year of `context_year` (the nearest year before)."""
    day, short, year_range, words, deadlines = _compiled()
    found: list[When] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(when: When | None) -> None:
        if when is not None and free(*when.span):
            found.append(when)
            taken.append(when.span)

    for match in day.finditer(text):
        add(_day(match, offset))
    for match in short.finditer(text):
        if context_year is not None and free(match.start(), match.end()):
            add(_day(match, offset, context_year))
    for entry, pattern in words:
        for match in pattern.finditer(text):
            add(_word(entry, match, offset, context_year, text))
    for match in year_range.finditer(text):
        if free(match.start(), match.end()):
            add(_years(match, offset))
    found.sort(key=lambda w: w.span)
    return _deadlines(_joined_seasons(found, text, offset), text, offset, deadlines, context_year)


def _day(match: re.Match, offset: int, year: int | None = None) -> When | None:
    try:
        y = int(match.group("y")) if year is None else year
        end = datetime.date(y, int(match.group("m")), int(match.group("d")))
        start = end
        if match.group("d0"):
            start = datetime.date(y, int(match.group("m0") or match.group("m")), int(match.group("d0")))
    except (ValueError, IndexError):
        return None
    if start > end:
        return None
    span = (match.start() + offset, match.end() + offset)
    return When(start, end, DAY, span, match.group(0))


_JOINED_YEAR = re.compile(r"\s+ja\s+[^\s,.;:0-9]+\s+(20[0-9]{2})")


def _word(entry: DateWord, match: re.Match, offset: int, context_year: int | None, text: str) -> When | None:
    joined = _JOINED_YEAR.match(text, match.end())  # "kevät ja alkukesä 2022": the year is the pair's
    year = int(match.group(4)) if match.group(4) else int(joined.group(1)) if joined else context_year
    if year is None:
        return None
    begin = match.start()
    if entry.first > entry.last:  # "talvella 2022–2023": the winter that ends in the second year
        spanning = _NEXT_YEAR.match(text, match.end())
        if match.group(4) and spanning and int(spanning.group(1)) == year + 1:
            year = year + 1
    first_month = entry.first
    hanging = _HANGING_MONTH.search(text, 0, begin)  # "touko–kesäkuussa 2022": May to June
    if entry.precision == MONTH and hanging and hanging.end() == begin and _month_of(hanging.group(1)) is not None \
            and _month_of(hanging.group(1)) < entry.first:
        first_month, begin = _month_of(hanging.group(1)), hanging.start()
    span = (begin + offset, match.end() + offset)
    if entry.precision == DAY:  # Midsummer: Midsummer Eve, the Friday between 19 and 25 June
        eve = midsummer_eve(year)
        return When(eve, eve, DAY, span, match.group(0))
    first_year = year - 1 if entry.first > entry.last else year
    start = datetime.date(first_year, first_month, 1)
    end = _month_end(year, entry.last)
    return When(start, end, entry.precision, span, text[begin:match.end()])


_NEXT_YEAR = re.compile(r"\s*[-–]\s*(20[0-9]{2})(?![0-9])")
_HANGING_MONTH = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\s*[-–]\s*$")


def _month_of(stem: str) -> int | None:
    """The month a hanging first part names ("touko" of "touko–kesäkuussa"), by the rule's month words."""
    for entry in patterns().words:
        if entry.precision == MONTH and entry.first == entry.last and entry.word.lower().endswith("kuu") \
                and entry.word.lower()[:-3] == stem.lower():
            return entry.first
    return None


def _years(match: re.Match, offset: int) -> When:
    first = int(match.group("first"))
    last = match.group("last")
    final = first if last is None else (int(last) if len(last) == 4 else first // 100 * 100 + int(last))
    span = (match.start() + offset, match.end() + offset)
    return When(datetime.date(first, 1, 1), datetime.date(max(first, final), 12, 31), YEAR, span, match.group(0))


def _joined_seasons(found: list[When], text: str, offset: int) -> list[When]:
    """"kevät ja alkukesä 2022": two seasons joined by "ja", the year after the second, are one."""
    joined: list[When] = []
    for when in found:
        if joined and joined[-1].precision == SEASON and when.precision == SEASON:
            between = text[joined[-1].span[1] - offset:when.span[0] - offset]
            if between.strip() == "ja":
                last = joined.pop()
                start = last.start.replace(year=when.end.year) if last.start and last.start.year != when.end.year \
                    and last.end.year != when.end.year else last.start
                span = (last.span[0], when.span[1])
                joined.append(When(start, when.end, SEASON, span, text[span[0] - offset:span[1] - offset]))
                continue
        joined.append(when)
    return joined


_END_OF = re.compile(r"\s*(?:loppuun|lopussa|loppuun asti)\b", re.IGNORECASE)


_AFTER = ("mennessä", "asti", "saakka")
"""The rule's deadline words that follow the date they end at ("15.8.2022 asti")."""


def _deadlines(found: list[When], text: str, offset: int, words: tuple[str, ...], year: int | None) -> list[When]:
    """A date followed by "mennessä", "asti" or "saakka" or preceded by "viimeistään", and "ennen
    juhannusta", is a deadline: the end of what it names, and no start (the rule's deadline words)."""
    result = []
    for when in found:
        before = text[max(0, when.span[0] - offset - 20):when.span[0] - offset].lower()
        after = text[when.span[1] - offset:when.span[1] - offset + 25]
        tail = _END_OF.match(after)
        rest = after[tail.end():] if tail else after
        if tail and tail.group(0).lower().rstrip().endswith("asti"):
            rest = "asti" + rest  # "vuoden 2025 loppuun asti": until its end
        deadline = None
        for word in words:
            lowered = word.lower().strip()
            if lowered in _AFTER and re.match(rf"\s*{lowered}(?![^\W\d_])", rest.lower()):
                deadline = lowered
            elif before.rstrip().endswith(lowered) and lowered in ("viimeistään", "ennen"):
                deadline = word
        if "juhannu" in when.cue.lower() and before.rstrip().endswith("ennen"):
            deadline = "ennen juhannusta"
        if deadline is None:
            result.append(when)
            continue
        end = when.end
        if deadline == "ennen juhannusta":
            end = when.end - datetime.timedelta(days=1)  # before Midsummer: the last day before its Eve
        span_end = when.span[1] + (tail.end() if tail else 0)
        if deadline in _AFTER:
            span_end = when.span[1] + (after.lower().index(deadline) + len(deadline))
        start = when.span[0]
        if deadline in ("viimeistään", "ennen juhannusta"):
            start = when.span[0] - (len(before) - len(before.rstrip())) - len(deadline.split()[0])
        result.append(When(None, end, DEADLINE, (start, span_end), text[start - offset:span_end - offset]))
    return result


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def midsummer_eve(year: int) -> datetime.date:
    """Juhannusaatto: the Friday between 19 and 25 June."""
    day = datetime.date(year, 6, 19)
    return day + datetime.timedelta(days=(4 - day.weekday()) % 7)


def nearest_year(text: str, position: int) -> int | None:
    """The last year written before `position` (a day's or a range's too), else the first after it."""
    years = [(m.start(), int(m.group(1))) for m in re.finditer(r"(?<![0-9])(20[0-9]{2})(?![0-9])", text)]
    before = [y for at, y in years if at < position]
    if before:
        return before[-1]
    after = [y for at, y in years if at >= position]
    return after[0] if after else None
