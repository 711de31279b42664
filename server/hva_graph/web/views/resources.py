"""Every IRI of the graph dereferences: a readable page for browsers, RDF by content negotiation."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request
from rdflib.namespace import RDF, RDFS

from ...namespaces import HVA
from ...sparql.formats import UnknownFormat, available, negotiate, wants_html
from .. import released, resources
from ..citing import citation, citation_asked, citation_response, citation_types
from ..dated import show_dates
from ..document import Cited, document_view
from ..outline import natural, outline
from ..cache import cached
from ..errors import error_response, failed, not_acceptable
from ..site import href, label, language, local_path, site

bp = Blueprint("resources", __name__)


def _settings():
    return site().settings


@bp.get("/id/<path:rest>")
@cached
def resource(rest: str):
    return _dereference(_settings().base_iri + "id/" + rest, "resource")


@bp.get("/graph/<name>")
@cached
def graph(name: str):
    return _dereference(_settings().base_iri + "graph/" + name, "graph")


@bp.get("/ontology")
@cached
def ontology():
    return _dereference(_settings().base_iri + "ontology", "ontology")


def _dereference(iri: str, kind: str):
    service = site().service
    if (request.args.get("format") or "").lower() == "text":
        return _plain_text(iri)
    reader, chosen_release = service, None
    if kind == "resource" and request.args.get("release"):
        chosen_release = site().history.release(request.args["release"])
        if chosen_release is None:
            return error_response(404, f"There is no release {request.args['release']!r}; the history is at "
                                       f"{request.url_root}releases/.")
        reader = released.reader(service.settings, chosen_release)
    elif kind == "resource":
        moved = resources.successors(service, iri)
        if moved:
            return _replaced(iri, moved)
    # A citation names the data version it was read from: the one served now (cite/facts.py).
    asked = citation_asked() if kind == "resource" and chosen_release is None else None
    if asked:
        response = citation_response(service, iri, asked, language())
        if response.status_code != 200:
            return response
    elif wants_html(request.accept_mimetypes, request.args.get("format"), available("graph"), browsers_by_default=True):
        page = resources.page(reader, iri, kind, language())
        if page is None:
            return _missing(iri, chosen_release)
        site().labels.prefetch(resources.iris_on(page, iri))
        show_dates(page, language())
        template = {"resource": "resource.html", "graph": "graph.html", "ontology": "ontology.html"}[kind]
        view = _document_view(page) if page.document_text is not None else None
        cite = citation(service, iri, language()) if kind == "resource" and chosen_release is None else None
        response = Response(render_template(template, page=page, iri=iri, lang=language(), document_view=view,
                                            outline=_outline(page, iri) if chosen_release is None else None,
                                            incoming=_incoming(page), versions=_versions(iri),
                                            shown_release=chosen_release, release_label=_own_label(page),
                                            citation=cite))
    else:
        try:
            chosen = negotiate("graph", request.accept_mimetypes, request.args.get("format"))
        except UnknownFormat as error:
            return error_response(400, f"format={error} is not an RDF format this service speaks.")
        if chosen is None:
            citable = kind == "resource" and citation(service, iri, language()) is not None
            return not_acceptable("graph", also=("text/html", *(citation_types() if citable else ())))
        key, media_type = chosen
        outcome = resources.describe_resource(reader, iri, kind, key)
        if outcome.status != 200:
            return failed(outcome)
        if outcome.count == 0:
            return _missing(iri, chosen_release)
        response = Response(outcome.body, content_type=f"{media_type}; charset=utf-8")
        response.headers["Content-Location"] = f"{request.script_root}{request.path}?format={key}"
        response.headers["Link"] = f'<{iri}>; rel="canonical"'
    response.headers["Vary"] = "Accept, Accept-Language"
    response.set_etag(service.etag(iri, request.headers.get("Accept"), request.query_string, language()))
    return response.make_conditional(request)


def _replaced(iri: str, successors: list[str]) -> Response:
    """301 to the one successor; 300 with the list where the resource was split."""
    targets = [href(s) or s for s in successors]
    if len(successors) == 1:
        response = redirect(targets[0], 301)
        response.headers["Link"] = f'<{successors[0]}>; rel="successor-version"'
        return response
    listing = "\n".join(f"  {s}" for s in successors)
    response = error_response(300, f"<{iri}> was replaced by {len(successors)} resources:\n{listing}")
    response.headers["Link"] = ", ".join(f'<{t}>; rel="successor-version"' for t in targets)
    return response


def _missing(iri: str, shown_release):
    """404 for what was never here; 410, with the release that removed it, for what was."""
    history = site().history
    if shown_release is not None:
        statement = history.statement_of(iri)
        found = ", ".join(r.number for r, _ in history.versions(statement)) if statement else ""
        return error_response(404, f"<{iri}> is not in release {shown_release.number}"
                                   + (f"; it is in releases {found}." if found else "."))
    statement = history.statement_of(iri)
    versions = history.versions(statement) if statement else []
    removal = history.removal(statement) if statement else None
    if removal is not None:
        last = history.release(removal.predecessor)
        page = f"{request.url_root}release/{removal.number}"
        return error_response(410, f"<{iri}> was removed in release {removal.number} ({page}). As it was in "
                                   f"release {last.number}: {request.path}?release={last.number}",
                              {"Link": f'<{page}>; rel="describedby", <{request.path}?release={last.number}>; '
                                       f'rel="memento"'})
    if versions:
        last = versions[-1][0]
        return error_response(410, f"<{iri}> is not in the data served now (a version not yet released); it was "
                                   f"last in release {last.number}: {request.path}?release={last.number}",
                              {"Link": f'<{request.path}?release={last.number}>; rel="memento"'})
    return error_response(404, f"Nothing is known about <{iri}>.")


def _own_label(page) -> dict | None:
    """The resource's label as the page's data has it (a release's own), in the page's language
    where it has one: the names the pages look up are the data served now."""
    labels = {v.term.get("xml:lang"): v.term["value"] for v in page.properties.get(str(RDFS.label), [])}
    lang = language()
    for wanted in (lang, "en", "fi"):
        if wanted in labels:
            return {"lang": wanted, "text": labels[wanted]}
    return None


def _versions(iri: str):
    """The releases the statement is in, with what each did to it (none when it has no record)."""
    history = site().history
    if not history.releases or history.statement_of(iri) not in (iri, None):
        return None  # no release yet, or a part of a statement (whose page lists the statement's)
    return {"statement": iri, "versions": history.versions(iri)}


def _outline(page, iri: str):
    """A strategy's page reads like the strategy (outline.py); other resources have none."""
    types = {value.term["value"] for value in page.properties.get(str(RDF.type), [])}
    if str(HVA.Strategy) not in types:
        return None
    lang = language()
    return outline(site().service, site().queries, iri, lambda kind: label(kind, lang))


def _incoming(page) -> list[tuple[str, list[str]]]:
    """What refers to the resource, by property (named in the page's language), in source order."""
    lang = language()
    grouped: dict[str, list[str]] = {}
    for subject, property_ in page.incoming:
        grouped.setdefault(property_, []).append(subject)
    return [(property_, sorted(subjects, key=natural))
            for property_, subjects in sorted(grouped.items(), key=lambda item: label(item[0], lang).casefold())]


def _document_view(page):
    lang = language()
    cited = [Cited(start, end, f"{local_path(statement)}?lang={lang}" if local_path(statement) else statement,
                   label(statement, lang)) for start, end, statement in page.cited]
    return document_view(page.document_text, cited, _current_passage())


def _current_passage() -> tuple[int, int] | None:
    """The passage a reader came for (?passage=START-END, as a statement's page links it)."""
    start, _, end = (request.args.get("passage") or "").partition("-")
    return (int(start), int(end)) if start.isdigit() and end.isdigit() else None


def _plain_text(iri: str) -> Response:
    """A source document's text as the file the data cites (its checksum checked), to download."""
    page = resources.page(site().service, iri, "resource", language())
    if page is None or page.document_text is None:
        return error_response(404, f"<{iri}> is not a source document whose text this server holds.")
    response = Response(page.document_text, content_type="text/plain; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{iri.rsplit("/", 1)[-1]}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
