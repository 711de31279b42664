"""A canned answer as people read it: named columns (hidden ones left out, links on the text
they belong to), a grid with the strategies as columns and each one's status in its head, and
what the comparison leaves out: every strategy with no rows, and why, computed from the data."""

from __future__ import annotations

from dataclasses import dataclass, field

from .site import language, site

STRATEGY_COLUMNS = ("strategy", "otherStrategy")
CONTEXT_COLUMNS = ("strategy", "strategyStatus", "otherStrategy", "otherStatus")


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    link: str | None = None
    """The column whose IRI this column's text links to."""
    lang: str | None = None
    """The language of the column's text, where the query fixes it."""
    plain: bool = False
    """An IRI shown by its name without a link (one link per row is enough to follow)."""


@dataclass(frozen=True)
class Entry:
    row: dict
    terms: list[tuple[dict, Column]]
    """The row's terms for the grid's cells, with their columns, the page's language first."""


@dataclass
class GridRow:
    head: dict | str
    """A term (the row's value in the grid's `rows` column) or a column label (a field)."""
    cells: list[list[Entry]] = field(default_factory=list)
    """Per strategy: its entries."""


@dataclass
class Grid:
    strategies: list[str]
    heads: dict[str, list[tuple[dict, Column]]]
    """Per strategy: the terms its head shows besides name and status (a tier name)."""
    rows: list[GridRow]
    statuses: dict[str, str | None]


def columns(query, variables: list[str], lang: str | None = None) -> list[Column]:
    """The columns a reader sees, in the order of the query's front matter (a date column where
    it is written), named in the page's language."""
    lang = lang or language()
    present = set(variables)
    ordered = [name for name in query.columns if name in present] + [v for v in variables if v not in query.columns]
    shown = []
    for name in ordered:
        spec = query.columns.get(name, {})
        if spec.get("hide") or lang not in spec.get("pages", (lang,)):
            continue
        shown.append(_column(query, name, lang))
    return shown


def _column(query, name: str, lang: str) -> Column:
    spec = query.columns.get(name, {})
    return Column(name, spec.get(lang, name), spec.get("link"), spec.get("lang"), bool(spec.get("plain")))


def _entry(query, row: dict, names: list[str], lang: str) -> Entry | None:
    """The row's terms for `names`, the one in the page's language first; None if it has none."""
    found = [(row[name], _column(query, name, lang)) for name in names if name in row]
    return Entry(row, sorted(found, key=lambda pair: _term_lang(*pair) != lang)) if found else None


def _term_lang(term: dict, column: Column) -> str | None:
    return term.get("xml:lang") or column.lang


def grid(query, table: dict, lang: str | None = None) -> Grid | None:
    spec = query.grid
    if not spec or not table or "strategy" not in table["variables"]:
        return None
    lang = lang or language()
    rows = table["rows"]
    strategies = _strategy_order(r["strategy"]["value"] for r in rows if "strategy" in r)
    statuses = {r["strategy"]["value"]: r.get("strategyStatus", {}).get("value") for r in rows if "strategy" in r}
    heads: dict[str, list] = {s: [] for s in strategies}
    for row in rows:
        head = _entry(query, row, spec.get("head", []), lang)
        if "strategy" in row and head and not heads[row["strategy"]["value"]]:
            heads[row["strategy"]["value"]] = head.terms[:1]
    if "fields" in spec:
        grid_rows = [_field_row(query, rows, strategies, names, lang) for names in spec["fields"]]
    else:
        grid_rows = _keyed_rows(query, rows, strategies, spec, lang)
    return Grid(strategies, heads, [r for r in grid_rows if any(r.cells)], statuses)


def _field_row(query, rows, strategies, names, lang) -> GridRow:
    """A field's row is named by its column in the page's language (Vision, not "Vision (in Finnish)")."""
    columns = [_column(query, name, lang) for name in names]
    row = GridRow(next((c for c in columns if c.lang == lang), columns[0]).label)
    for strategy in strategies:
        mine = [r for r in rows if r.get("strategy", {}).get("value") == strategy]
        entries, seen = [], set()
        for r in mine:  # a strategy's organiser, period … once, however many rows repeat them
            entry = _entry(query, r, names, lang)
            key = entry and tuple((term.get("value"), term.get("xml:lang")) for term, _ in entry.terms)
            if entry and key not in seen:
                seen.add(key)
                entries.append(entry)
        row.cells.append(entries)
    return row


def _keyed_rows(query, rows, strategies, spec, lang) -> list[GridRow]:
    key = spec["rows"]
    keys: dict[str, dict] = {}
    for row in rows:
        if key in row:
            keys.setdefault(row[key]["value"], row[key])
    grid_rows = []
    for value, term in sorted(keys.items(), key=lambda item: _row_order(item[1])):
        grid_row = GridRow(term)
        for strategy in strategies:
            grid_row.cells.append([entry for r in rows
                                   if r.get("strategy", {}).get("value") == strategy and r.get(key, {}).get("value") == value
                                   and (entry := _entry(query, r, spec["cells"], lang))])
        grid_rows.append(grid_row)
    return grid_rows


def _row_order(term: dict):
    """Numbers in numeric order, IRIs by their names in the page's language."""
    if term.get("datatype", "").endswith(("#integer", "#decimal", "#double")):
        return (0, float(term["value"]), "")
    if term["type"] == "uri":
        return (1, 0, site().labels.get(term["value"], language()) or term["value"])
    return (2, 0, term["value"])


def _strategy_order(iris) -> list[str]:
    index = site().strategies
    return sorted(set(iris), key=index.order)


@dataclass(frozen=True)
class Coverage:
    strategy: str
    status: str | None
    rows: int
    """How many rows of the answer are about it."""
    reason: str | None = None
    """Why it has none: "chosen" (another strategy was chosen), "status" (not of the chosen
    status) or "content" (the query's own reason, its header's `absent`)."""


def coverage(query, table: dict | None, bound: dict[str, tuple]) -> list[Coverage]:
    """Every strategy of the graph, in source order, with how much of the answer is about it,
    and for one it shows nothing of, why. A row counts when it holds something besides the
    strategy, its status, the parameters and their names."""
    if not query.absent or table is None or "strategy" not in table["variables"]:
        return []
    context = set(CONTEXT_COLUMNS) | set(query.parameters)
    context |= {f"{name}Name" for name in context}  # the names the answer gives beside those IRIs
    counts: dict[str, int] = {}
    for row in table["rows"]:
        if any(name not in context for name in row):
            for iri in {row[column]["value"] for column in STRATEGY_COLUMNS if column in row}:
                counts[iri] = counts.get(iri, 0) + 1
    wanted, chosen = bound.get("strategyStatus"), bound.get("strategy")
    found = []
    for strategy in site().strategies.all():
        reason = None
        if strategy.iri not in counts:
            if chosen is not None and chosen[0] == "iri" and strategy.iri != chosen[1]:
                reason = "chosen"
            elif wanted is not None and strategy.status != wanted[1]:
                reason = "status"
            else:
                reason = "content"
        found.append(Coverage(strategy.iri, strategy.status, counts.get(strategy.iri, 0), reason))
    return found
