"""Tables in a strategy text (a page's <table>, a copied text's tab-separated rows): a participation
table (consultations.py), goal-like statements in the column a tier's noun heads, or a timeline of
dated rows."""

from __future__ import annotations

import re

from . import cues, dates
from .classify import Reading
from .outline import Block

_NUMBER = re.compile(r"(\d{1,2})[.)]\s+(?=\w)")
"""A cell's own numbering ("1. Asukkaiden hyvinvointi …"): the statement's ordinal, no part of its text."""


def read(rules) -> None:
    """Every table of the text: participation, goal-like statements by tier, or a timeline."""
    from .consultations import table

    rows: list[Block] = []
    for block in rules.blocks + [Block("end", [])]:
        if block.kind == "row" and (not rows or block.first.index - rows[-1].first.index == 1):
            rows.append(block)
            continue
        if block.kind == "row":  # a blank line between rows: the next table
            if len(rows) >= 2 and not table(rules, rows) and not _tier_table(rules, rows):
                _timeline_table(rules, rows)
            rows = [block]
            continue
        if len(rows) >= 2 and not table(rules, rows) and not _tier_table(rules, rows):
            _timeline_table(rules, rows)
        rows = []


def _tier_table(rules, rows: list[Block]) -> bool:
    """Goals (or priorities …) in a table: a column headed by a tier's noun ("Tavoite", "Painopiste")
    holds its statements (numbered as the cell numbers them), on the tier its section names (else the
    column's heading); a second such column the next tier's, each under its row's statement of the
    first; a column of measures ("Mittarit") the follow-up of its row's statement."""
    header, body = rows[0], rows[1:]
    columns = _tier_columns(rules, header)[:2]
    if not columns:
        return False
    tiers = [_tier_of_column(rules, header, kind, cell, level) for level, (_, kind, cell) in enumerate(columns, 1)]
    measures = _measure_columns(rules, header)
    for row in body:
        first = None
        for position, ((column, kind, cell), tier) in enumerate(zip(columns, tiers)):
            for made in _cell_statements(rules, row, column, kind, cell, tier, first if position else None):
                first = first if position else first or made
        for column, cell in measures:
            _cell_statements(rules, row, column, "FollowUpArrangement", cell, None, first)
    return True


def _cell_statements(rules, row: Block, column: int, kind: str, cell, tier, parent) -> list:
    from .consultations import cell_items

    made_all = []
    if column >= len(row.cells):
        return made_all
    for a, b in cell_items(rules.text, *row.cells[column]):
        number = _NUMBER.match(rules.text, a, b)
        made = rules.add(kind, number.end() if number else a, b, rules.text[slice(*cell)], "column-heading",
                         tier=tier, parent=parent)
        if made is None:
            continue
        if number:
            made.source_number = int(number.group(1))
            made.propose("ordinal", number.group(0).strip(), "source-numbering")
        if tier is not None:
            made.propose("tier", rules.text[slice(*tier.span)], "column-of-tier")
        if parent is not None:
            made.propose("partOf", rules.text[slice(*parent.span)][:40], "same-row")
        made_all.append(made)
    return made_all


def _measure_columns(rules, header: Block) -> list[tuple[int, tuple[int, int]]]:
    """(column, heading cell) of each column of measures or indicators ("Mittarit", "Indikaattorit")."""
    from .sections import cue_kind

    return [(column, cell) for column, cell in enumerate(header.cells)
            if any(cue_kind(w) == "FollowUpArrangement" for w in Reading.of(rules.text, *cell).words)]


def _tier_columns(rules, header: Block) -> list[tuple[int, str, tuple[int, int]]]:
    """(column, class, heading cell) of each column a tier's noun heads."""
    from .sections import cue_kind

    columns = []
    for column, cell in enumerate(header.cells):
        kinds = [cue_kind(w) for w in Reading.of(rules.text, *cell).words]
        kind = next((k for k in kinds if k in cues.TIER_SECTIONS), None)
        if kind is not None:
            columns.append((column, kind, cell))
    return columns


def _tier_of_column(rules, header: Block, kind: str, cell: tuple[int, int], level: int):
    """The tier its section above names for this class, else the column's heading as a tier."""
    named = [d for d in rules.out if d.kind == "Tier" and d.span[1] <= header.start and d.cues.get("class")
             and d.cues["class"].text == kind]
    if named:
        return named[-1]
    tier = rules.add("Tier", *cell, rules.text[slice(*cell)], "column-heading", level=level)
    if tier is not None:
        tier.propose("class", kind, "column-heading")
    return tier


def _timeline_table(rules, rows: list[Block]) -> None:
    """A timeline as a table (a date cell and what happened, row by row): each row is a timeline's
    item, its passage the row as a list item's would be (date and event)."""
    dated = [row for row in rows if any(dates.find(rules.text[a:b], a, rules._year(a)) for a, b in row.cells)]
    body = rows[1:] if rows[0] not in dated else rows
    if len(dated) < 2 or any(row not in dated for row in body):
        return
    for row in body:
        rules._timeline_item(row)
