"""What every view and page shares: the Site (the service and what is built over it, one
object in app.extensions with one accessor), the reader's language, names for IRIs, and local
links for the graph's own IRIs (so browsing works on whatever host serves them).

A reload (reload.py) replaces the whole Site at once, here (swap): a request sees either the
old service with everything built over it or the new one, and the response cache, keyed by
the data version of the Site being served (served_version), never mixes them."""

from __future__ import annotations

from urllib.parse import urlencode
from dataclasses import dataclass

from flask import Flask, Response, current_app, has_request_context, request, url_for
from markupsafe import Markup

from ..canned.answers import CannedQueries
from ..canned.files import load_questions
from ..releases.history import History, read_history
from ..publish.served import Background
from ..service import Service
from ..settings import Settings
from .labels import LabelIndex, Name, short
from .messages import LANGUAGES, message
from .strategies import StrategyIndex

EXTENSION = "hva_graph"
COOKIE = "lang"
"""Remembers the reader's choice of language for the links that cannot carry `lang=` (the
editor's results, a typed address)."""
COOKIE_AGE = 365 * 24 * 3600
ENDONYMS = {"fi": "suomi", "sv": "svenska", "en": "English"}


@dataclass
class Site:
    service: Service
    queries: CannedQueries
    questions: dict[int, dict[str, str]]
    labels: LabelIndex
    strategies: StrategyIndex
    history: History
    """The releases made so far and what each changed (releases/history.py)."""
    dumps: dict | None = None
    """The manifest of the published dumps, once made (views/dumps.py)."""
    dumps_maker: Background | None = None
    """Makes this version's dumps beside the server, so that nobody waits for them."""
    previous_dumps: dict | None = None
    """The manifest the Site before this one served (a reload): its files are served until this
    version's are written."""

    @property
    def settings(self) -> Settings:
        return self.service.settings

    @classmethod
    def over(cls, service: Service) -> "Site":
        """The Site of a service: its canned queries, questions, labels and strategies."""
        queries = service.settings.root / "queries"
        return cls(service, CannedQueries(service, queries), load_questions(queries), LabelIndex(service),
                   StrategyIndex(service), read_history(service.settings), dumps_maker=Background(service))


def site() -> Site:
    """The Site of the application handling the current request."""
    return current_app.extensions[EXTENSION]


def site_of(app: Flask) -> Site:
    return app.extensions[EXTENSION]


def served_version(app: Flask) -> str:
    """The data version (with the release history) of what the app serves now: the response
    cache's key."""
    return app.extensions[EXTENSION].service.etag_base


def swap(app: Flask, new: Site) -> Site:
    """Serve `new` from the next request on; returns the Site it replaces."""
    old, app.extensions[EXTENSION] = app.extensions[EXTENSION], new
    return old


def language() -> str:
    """`lang=fi|sv|en` in the URL wins; then the reader's earlier choice (the cookie); then the
    browser's preference; else English."""
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        return wanted
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES) or "en"


def t(key: str, **values) -> str:
    """An interface string in the page's language (web/messages.yaml)."""
    return message(key, language(), **values)


def local_path(iri: str) -> str | None:
    """The path at which this server answers for one of the graph's own IRIs, else None."""
    base = site().settings.base_iri
    if not iri.startswith(base):
        return None
    rest = iri[len(base):]
    prefix = request.script_root if has_request_context() else ""  # behind a proxy's path prefix
    if rest.startswith("ontology"):
        return prefix + "/ontology" + rest[len("ontology"):]
    if rest == "releases":
        return prefix + "/releases/"
    return prefix + "/" + rest if rest.startswith(("id/", "graph/", "release/")) else None


def name(iri: str, lang: str | None = None, short_name: bool = False) -> Name:
    lang = lang or language()
    return site().labels.name(iri, lang, short_name) or Name(short(iri), "")


def label(iri: str, lang: str | None = None) -> str:
    return name(iri, lang).text


def named(found: Name, lang: str | None = None) -> Markup:
    """The name as text, in a <span lang> when it is not in the page's language, and marked
    "in Finnish only" when no other language has it."""
    lang = lang or language()
    if not found.lang or found.lang == lang:
        return Markup("{}").format(found.text)
    tag = Markup(' <small class="only">({})</small>').format(message(f"language.only_{found.lang}", lang)) \
        if found.only and found.lang in LANGUAGES else ""
    return Markup('<span lang="{}">{}</span>{}').format(found.lang, found.text, tag)


def href(iri: str, lang: str | None = None) -> str | None:
    """Where a link to the IRI goes: its local page (in the page's language) when it is ours."""
    lang = lang or language()
    path = local_path(iri)
    if path is None:
        return iri if iri.startswith(("http://", "https://")) else None
    return path if "#" in path else f"{path}?lang={lang}"


def link(iri: str, lang: str | None = None, short_name: bool = False) -> Markup:
    """An <a> to the IRI (locally when it is ours), named by its label (or its short name); an
    IRI of another scheme (say javascript:) is shown, never made clickable."""
    lang = lang or language()
    found = name(iri, lang, short_name)
    title = label(iri, lang) if short_name else iri
    target = href(iri, lang)
    if target is None:
        return Markup('<span title="{}">{}</span>').format(iri, named(found, lang))
    return Markup('<a href="{}" title="{}">{}</a>').format(target, title, named(found, lang))


def switch_language_url(lang: str) -> str:
    arguments = {**request.args.to_dict(flat=True), "lang": lang}
    if request.endpoint is None:  # an address no route knows (its error page)
        return f"{request.script_root}{request.path}?{urlencode(arguments)}"
    return url_for(request.endpoint, **(request.view_args or {}), **arguments)


def page_url(endpoint: str, **values) -> str:
    """url_for with the page's language, so the choice sticks across every link."""
    return url_for(endpoint, **{**values, "lang": values.get("lang") or language()})


def remember_language(response: Response) -> Response:
    """A page asked for in a language sets the cookie; pages vary by it."""
    wanted = request.args.get("lang")
    if wanted in LANGUAGES and request.cookies.get(COOKIE) != wanted:
        response.set_cookie(COOKIE, wanted, max_age=COOKIE_AGE, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
    return response


def install(app: Flask, site_: Site, asset_url) -> None:
    app.extensions[EXTENSION] = site_
    app.jinja_env.globals.update(label=label, link=link, language=language, local_path=local_path, t=t,
                                 switch_language_url=switch_language_url, asset_url=asset_url, href=href,
                                 page_url=page_url, name=name, named=named, languages=LANGUAGES,
                                 endonyms=ENDONYMS)
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["link"] = link
    app.jinja_env.autoescape = True
    app.after_request(remember_language)
