"""What every view and page shares: the Site (the service and what is built over it, one
object in app.extensions with one accessor), the reader's language, names for IRIs, and local
links for the graph's own IRIs (so browsing works on whatever host serves them).

A reload (reload.py) replaces the whole Site at once, here (swap): a request sees either the
old service with everything built over it or the new one, and the response cache, keyed by
the data version of the Site being served (served_version), never mixes them."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import Flask, current_app, request, url_for
from markupsafe import Markup

from ..queries import CannedQueries, load_questions
from ..service import Service
from ..settings import Settings
from .labels import LANGUAGES, LabelIndex, short

EXTENSION = "hva_graph"


@dataclass
class Site:
    service: Service
    queries: CannedQueries
    questions: dict[int, dict[str, str]]
    labels: LabelIndex
    dumps: dict | None = None
    """The manifest of the published dumps, once made (views/dumps.py)."""
    dumps_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def settings(self) -> Settings:
        return self.service.settings

    @classmethod
    def over(cls, service: Service) -> "Site":
        """The Site of a service: its canned queries, questions and labels."""
        queries = service.settings.root / "queries"
        return cls(service, CannedQueries(service, queries), load_questions(queries), LabelIndex(service))


def site() -> Site:
    """The Site of the application handling the current request."""
    return current_app.extensions[EXTENSION]


def site_of(app: Flask) -> Site:
    return app.extensions[EXTENSION]


def served_version(app: Flask) -> str:
    """The data version of what the app serves now (the response cache's key)."""
    return app.extensions[EXTENSION].service.version


def swap(app: Flask, new: Site) -> Site:
    """Serve `new` from the next request on; returns the Site it replaces."""
    old, app.extensions[EXTENSION] = app.extensions[EXTENSION], new
    return old


def language() -> str:
    """`lang=fi|en` in the URL wins; else the browser's preference; else English."""
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        return wanted
    return request.accept_languages.best_match(LANGUAGES) or "en"


def local_path(iri: str) -> str | None:
    """The path at which this server answers for one of the graph's own IRIs, else None."""
    base = site().settings.base_iri
    if not iri.startswith(base):
        return None
    rest = iri[len(base):]
    if rest.startswith("ontology"):
        return "/ontology" + rest[len("ontology"):]
    return "/" + rest if rest.startswith(("id/", "graph/")) else None


def label(iri: str, lang: str | None = None) -> str:
    return site().labels.get(iri, lang or language()) or short(iri)


def link(iri: str, lang: str | None = None) -> Markup:
    """An <a> to the IRI (locally when it is ours), named by its label; an IRI of another
    scheme (say javascript:) is shown, never made clickable."""
    lang = lang or language()
    path = local_path(iri)
    if path is None and not iri.startswith(("http://", "https://")):
        return Markup('<span title="{}">{}</span>').format(iri, label(iri, lang))
    href = (path if "#" in (path or "") else f"{path}?lang={lang}") if path else iri
    return Markup('<a href="{}" title="{}">{}</a>').format(href, iri, label(iri, lang))


def switch_language_url(lang: str) -> str:
    arguments = {**request.args.to_dict(flat=True), "lang": lang}
    return url_for(request.endpoint, **(request.view_args or {}), **arguments)


def install(app: Flask, site_: Site, asset_url) -> None:
    app.extensions[EXTENSION] = site_
    app.jinja_env.globals.update(label=label, link=link, language=language, local_path=local_path,
                                 switch_language_url=switch_language_url, asset_url=asset_url)
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["link"] = link
    app.jinja_env.autoescape = True
