"""Every IRI of the graph dereferences: a readable page for browsers, RDF by content negotiation."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from rdflib.namespace import RDF

from ...namespaces import HVA
from ...sparql.formats import UnknownFormat, available, negotiate, wants_html
from .. import resources
from ..document import Cited, document_view
from ..outline import natural, outline
from ..cache import cached
from ..errors import error_response, failed, not_acceptable
from ..site import label, language, local_path, site

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
    if wants_html(request.accept_mimetypes, request.args.get("format"), available("graph"), browsers_by_default=True):
        page = resources.page(service, iri, kind, language())
        if page is None:
            abort(404, f"Nothing is known about <{iri}>.")
        site().labels.prefetch(resources.iris_on(page, iri))
        template = {"resource": "resource.html", "graph": "graph.html", "ontology": "ontology.html"}[kind]
        view = _document_view(page) if page.document_text is not None else None
        response = Response(render_template(template, page=page, iri=iri, lang=language(), document_view=view,
                                            outline=_outline(page, iri), incoming=_incoming(page)))
    else:
        try:
            chosen = negotiate("graph", request.accept_mimetypes, request.args.get("format"))
        except UnknownFormat as error:
            return error_response(400, f"format={error} is not an RDF format this service speaks.")
        if chosen is None:
            return not_acceptable("graph", also=("text/html",))
        key, media_type = chosen
        outcome = resources.describe_resource(service, iri, kind, key)
        if outcome.status != 200:
            return failed(outcome)
        if outcome.count == 0:
            return error_response(404, f"Nothing is known about <{iri}>.")
        response = Response(outcome.body, content_type=f"{media_type}; charset=utf-8")
        response.headers["Content-Location"] = f"{request.path}?format={key}"
        response.headers["Link"] = f'<{iri}>; rel="canonical"'
    response.headers["Vary"] = "Accept, Accept-Language"
    response.set_etag(service.etag(iri, request.headers.get("Accept"), request.query_string, language()))
    return response.make_conditional(request)


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
    return document_view(page.document_text, cited)


def _plain_text(iri: str) -> Response:
    """A source document's text as the file the data cites (its checksum checked), to download."""
    page = resources.page(site().service, iri, "resource", language())
    if page is None or page.document_text is None:
        return error_response(404, f"<{iri}> is not a source document whose text this server holds.")
    response = Response(page.document_text, content_type="text/plain; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{iri.rsplit("/", 1)[-1]}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
