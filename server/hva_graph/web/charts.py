"""Vega-Lite specifications for the chart a canned query's header asks for.

The data are the query's rows with IRIs replaced by their names in the page language, and
strategies by their short names ("Päijät-Häme", "Source 002 (county not named)"), so no two
strategies look alike. Counts get whole-number axes and their numbers in the heatmap's cells;
an unknown count is written "unknown", never drawn as 0; the timeline gives every event its own
labelled row on one time axis whose labels carry the year, and its time in the tooltip as the
source gives it (a month as a month: the bar spans it, and no day is written). A heatmap also comes transposed
(strategies across) for narrow screens; static/chart.js picks the one that fits. Without
JavaScript the table on the same page shows the same numbers."""

from __future__ import annotations

import datetime

from .messages import message
from .site import name, site

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
WHOLE_NUMBERS = {"tickMinStep": 1, "format": "d"}
ROW = 24
"""Pixels per row of a heatmap or timeline: room for a label of one line."""


def _value(variable: str, cell: dict | None, lang: str):
    if cell is None:
        return None
    if cell["type"] == "uri":
        return name(cell["value"], lang, short_name=variable in ("strategy", "otherStrategy")).text
    datatype = cell.get("datatype", "")
    if datatype.endswith(("#integer", "#decimal", "#double", "#float")):
        return float(cell["value"]) if "." in cell["value"] else int(cell["value"])
    return cell["value"]


def _rows(table: dict, hint: dict, lang: str) -> list[dict]:
    """The rows with the variables the chart draws or names (the strategy; a timeline's time as
    people read it), nothing else: an answer's other columns (names, languages) stay out."""
    drawn = {value for key, value in hint.items() if key != "type"} | {"strategy"}
    wanted = [var for var in table["variables"] if var in drawn]
    return [{var: _value(var, row.get(var), lang) for var in wanted} for row in table["rows"]]


def _strategy_names(table: dict, lang: str) -> list[str]:
    """The strategies of the answer by their short names, in source order (the colour legend's order)."""
    iris = {row["strategy"]["value"] for row in table["rows"] if "strategy" in row}
    return [name(iri, lang, short_name=True).text for iri in sorted(iris, key=site().strategies.order)]


def spec(query, table: dict, lang: str) -> dict | None:
    """{"wide": spec, "narrow": spec}: the chart for the page, and for a phone's width; None when
    there is nothing to draw (no rows, or bars none of whose numbers the sources give): the page
    says why instead of showing an empty chart."""
    hint = query.chart
    kind = hint.get("type")
    rows = _rows(table, hint, lang)
    if not rows or (kind == "bar" and all(row.get(hint["y"]) is None for row in rows)):
        return None
    if kind == "bar":
        wide = _bar(hint, rows, _strategy_names(table, lang) if "strategy" in table["variables"] else [], lang)
        return {"wide": wide, "narrow": wide}
    if kind == "heatmap":
        strategies = _strategy_names(table, lang)
        title = query.columns.get(hint["value"], {}).get(lang, hint["value"])
        return {"wide": _heatmap(hint, rows, hint["x"], hint["y"], strategies, title),
                "narrow": _heatmap(hint, rows, hint["y"], hint["x"], strategies, title)}
    if kind == "timeline":
        titles = {field: query.columns.get(field, {}).get(lang, field) for field in (hint["label"], hint.get("when"))}
        timeline = _timeline(hint, rows, _strategy_names(table, lang), lang, titles)
        return {"wide": timeline, "narrow": timeline}
    raise ValueError(f"unknown chart type {kind!r}")


def _base(rows: list[dict], **more) -> dict:
    return {"$schema": SCHEMA, "width": "container", "data": {"values": rows}, **more}


def _bar(hint: dict, rows: list[dict], strategies: list[str], lang: str) -> dict:
    """Bars of a count per category (and per strategy, told apart by colour): rows of one bar are
    summed; where some of them have no count, "unknown" is written at the bar's end, and a bar
    with no known count is only that word, never a bar of 0."""
    x, y = hint["x"], hint["y"]
    bars: dict[tuple, dict] = {}
    for row in rows:
        key = (row[x], row.get("strategy")) if strategies else (row[x],)
        bar = bars.setdefault(key, {x: row[x], "strategy": row.get("strategy"), y: None, "unknown": False})
        if row.get(y) is None:
            bar["unknown"] = True
        else:
            bar[y] = (bar[y] or 0) + row[y]
    data = list(bars.values())
    totals = {}
    for bar in data:
        totals[bar[x]] = totals.get(bar[x], 0) + (bar[y] or 0)
    order = sorted(totals, key=lambda key: (-totals[key], key))  # the largest first, as a list: both layers share it
    encoding = {"y": {"field": x, "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 220}},
                "tooltip": [{"field": x}, {"field": y}]}
    if strategies:
        encoding["yOffset"] = {"field": "strategy", "sort": strategies}
        encoding["tooltip"].insert(0, {"field": "strategy"})
    colour = {"field": "strategy", "type": "nominal", "scale": {"domain": strategies},
              "legend": {"title": message("chart.strategy", lang), "orient": "top", "labelLimit": 300}}
    known = {"mark": "bar", "transform": [{"filter": {"field": y, "valid": True}}],
             "encoding": {**encoding, "x": {"field": y, "type": "quantitative", "title": None, "axis": WHOLE_NUMBERS},
                          **({"color": colour} if strategies else {})}}
    layers = [known]
    if any(bar["unknown"] for bar in data):
        unknown = message("chart.unknown", lang)
        for bar in data:  # the strategy in the words too, not only in the colour
            bar["end"] = bar[y] or 0
            bar["note"] = f"{bar['strategy']}: {unknown}" if strategies else unknown
        layers.append({"mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 11},
                       "transform": [{"filter": {"field": "unknown", "equal": True}}],
                       "encoding": {**encoding, "x": {"field": "end", "type": "quantitative"},
                                    "text": {"field": "note"}}})
    return _base(data, layer=layers)


def _heatmap(hint: dict, rows: list[dict], x: str, y: str, strategies: list[str], title: str) -> dict:
    """Strategies in source order along their axis, the other axis by name; the legend named
    as the query's column is."""
    value = hint["value"]
    counts = [row[value] for row in rows if isinstance(row.get(value), (int, float))]
    dark = max(counts, default=0) * 0.55
    position = {"x": {"field": x, "type": "nominal", "title": None, "axis": {"labelAngle": -40, "labelLimit": 180}},
                "y": {"field": y, "type": "nominal", "title": None, "axis": {"labelLimit": 260}}}
    for axis in ("x", "y"):
        position[axis]["sort"] = strategies if position[axis]["field"] == "strategy" else "ascending"
    cells = {"mark": "rect", "encoding": {"color": {"field": value, "type": "quantitative",
                                                    "legend": {"format": "d", "tickMinStep": 1, "title": title}},
                                          "tooltip": [{"field": y}, {"field": x}, {"field": value}]}}
    numbers = {"mark": {"type": "text", "fontSize": 13},
               "encoding": {"text": {"field": value, "type": "quantitative", "format": "d"},
                            "color": {"condition": {"test": f"datum['{value}'] > {dark}", "value": "#ffffff"},
                                      "value": "#111111"}}}
    return _base(rows, height={"step": ROW + 4}, encoding=position, layer=[cells, numbers])


def _instant(day: datetime.date) -> int:
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc).timestamp() * 1000)


def _timeline(hint: dict, rows: list[dict], strategies: list[str], lang: str, titles: dict) -> dict:
    start, end, label = hint["start"], hint["end"], hint["label"]
    label_field = f"{label}Name"
    seen: dict[str, int] = {}
    for order, row in enumerate(rows):
        # One row per event: named with its strategy, so equal names in two strategies stay apart.
        text = f"{row['strategy']}: {row[label]}"
        seen[text] = seen.get(text, 0) + 1
        row[label_field] = text if seen[text] == 1 else f"{text} ({seen[text]})"
        row["order"] = order
        # Places on the axis as instants (milliseconds, UTC), not as days written out: a month is
        # drawn as the span of the month, and no "2022-12-01" reaches the page for it. A one-day
        # event would be a bar of no width: the bar ends after its last day.
        last = datetime.date.fromisoformat(row.pop(end))
        row[start] = _instant(datetime.date.fromisoformat(row[start]))
        row["until"] = _instant(last + datetime.timedelta(days=1))
    y = {"field": label_field, "type": "nominal", "title": None, "sort": {"field": "order", "op": "min"},
         "axis": {"labelLimit": 440}}
    colour = {"field": "strategy", "type": "nominal", "scale": {"domain": strategies},
              "legend": {"title": message("chart.strategy", lang), "orient": "top", "labelLimit": 300}}
    # The time as its source gives it (the page's date column), never the axis's first day of a month.
    tooltip = [{"field": "strategy", "title": message("chart.strategy", lang)},
               {"field": label_field, "title": titles[label]}]
    if hint.get("when"):
        tooltip.append({"field": hint["when"], "title": titles[hint["when"]]})
    x = {"field": start, "type": "temporal", "title": None,
         "axis": {"format": "%Y-%m", "labelOverlap": True, "grid": True}}
    spans = {"mark": {"type": "bar", "cornerRadius": 2, "height": ROW - 10},
             "encoding": {"x": x, "x2": {"field": "until"}, "y": y, "color": colour, "tooltip": tooltip}}
    points = {"mark": {"type": "point", "filled": True, "size": 50},
              "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip}}
    return _base(rows, height={"step": ROW}, layer=[spans, points])
