"""The query editor page for browsers (GET /sparql with Accept: text/html).

YASGUI, served from /assets/yasgui/, gets one tab per canned query and sends every query
to this endpoint. The page also holds a plain form that posts to /sparql: it is what a
browser without JavaScript, or without the installed assets, uses (static/editor.js hides
it once YASGUI is running).
"""

from __future__ import annotations

from flask import render_template, request, url_for

from ...namespaces import PREFIXES
from ..labels import FALLBACKS
from ..site import language, site, t
from .assets import asset_url


def render_editor():
    lang = language()
    queries = list(site().queries.queries.values())
    chosen = next((q for q in queries if q.name == request.args.get("edit")), queries[0] if queries else None)
    config = {
        # A path: editor.js makes it absolute against the page, so it is right behind any proxy.
        "endpoint": url_for("sparql.sparql"),
        "prefixes": PREFIXES,
        "tabs": [{"name": q.title.get(lang) or q.title["en"], "query": q.sparql} for q in queries],
        "active": queries.index(chosen) if chosen else 0,
        "newTabQuery": _new_tab_query(),
        "linkedTabName": t("editor.linked_tab"),
        "labelLanguages": [*FALLBACKS[lang], ""],
        "editorLabel": t("editor.sparql_query"),
        "pageSizeLabel": t("editor.page_size"),
    }
    return render_template(
        "editor.html", lang=lang, queries=queries, chosen=chosen, config=config,
        endpoint_url=url_for("sparql.sparql", _external=True),
        settings=site().settings,
        yasgui_css=asset_url("yasgui", "yasgui.min.css"), yasgui_js=asset_url("yasgui", "yasgui.min.js"),
    )


def _new_tab_query() -> str:
    """What a new tab starts with: every project prefix, and a first look at the data."""
    declarations = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
    return declarations + "\nSELECT ?subject ?predicate ?object WHERE {\n  ?subject ?predicate ?object .\n}\nLIMIT 10\n"
