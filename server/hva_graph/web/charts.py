"""Vega-Lite specifications for the chart a canned query's header asks for.

The data are the query's rows with IRIs replaced by their labels in the page language;
the browser draws the chart with Vega-Lite served from local assets. Without JavaScript
the table on the same page shows the same numbers."""

from __future__ import annotations

import datetime

from .site import label


def _value(cell: dict | None, lang: str):
    if cell is None:
        return None
    if cell["type"] == "uri":
        return label(cell["value"], lang)
    datatype = cell.get("datatype", "")
    if datatype.endswith(("#integer", "#decimal", "#double", "#float")):
        return float(cell["value"]) if "." in cell["value"] else int(cell["value"])
    return cell["value"]


def spec(hint: dict, table: dict, lang: str) -> dict:
    rows = [{var: _value(row.get(var), lang) for var in table["variables"]} for row in table["rows"]]
    kind = hint.get("type")
    if kind == "bar":
        encoding = {
            "y": {"field": hint["x"], "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": hint["y"], "type": "quantitative"},
            "tooltip": [{"field": hint["x"]}, {"field": hint["y"]}],
        }
        mark = "bar"
    elif kind == "heatmap":
        encoding = {
            "x": {"field": hint["x"], "type": "nominal", "title": None, "axis": {"labelAngle": -40}},
            "y": {"field": hint["y"], "type": "nominal", "title": None},
            "color": {"field": hint["value"], "type": "quantitative"},
            "tooltip": [{"field": hint["y"]}, {"field": hint["x"]}, {"field": hint["value"]}],
        }
        mark = "rect"
    elif kind == "timeline":
        encoding = {
            "x": {"field": hint["start"], "type": "temporal", "title": None},
            "x2": {"field": hint["end"]},
            "y": {"field": hint["group"], "type": "nominal", "title": None},
            "color": {"field": hint["group"], "type": "nominal", "legend": None},
            "tooltip": [{"field": hint["label"]}, {"field": hint["start"], "type": "temporal"},
                        {"field": hint["end"], "type": "temporal"}],
        }
        for row in rows:  # a one-day event would be a bar of no width: end the bar after its last day
            row["until"] = (datetime.date.fromisoformat(row[hint["end"]]) + datetime.timedelta(days=1)).isoformat()
        encoding["x2"] = {"field": "until"}
        mark = {"type": "bar", "cornerRadius": 2}
    else:
        raise ValueError(f"unknown chart type {kind!r}")
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "data": {"values": rows},
        "mark": mark,
        "encoding": encoding,
    }
