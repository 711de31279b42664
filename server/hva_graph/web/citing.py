"""Citing a statement, strategy or source document: the reference shown on its page (cite/),
and the same citation as a file, by `format=` or by content negotiation on the IRI
(application/x-bibtex, application/x-research-info-systems,
application/vnd.citationstyles.csl+json). Another resource asked for a citation answers 406 with
what it has."""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import Response, request

from ..cite.bibtex import bibtex
from ..cite.csl import csl_item
from ..cite.facts import cited
from ..cite.render import reference
from ..cite.ris import ris
from ..sparql.formats import available
from .errors import error_response


@dataclass(frozen=True)
class CitationFormat:
    key: str
    media_type: str
    extension: str
    name: str


FORMATS = {f.key: f for f in (
    CitationFormat("bibtex", "application/x-bibtex", "bib", "BibTeX"),
    CitationFormat("ris", "application/x-research-info-systems", "ris", "RIS"),
    CitationFormat("csl", "application/vnd.citationstyles.csl+json", "json", "CSL-JSON"),
)}
BY_MEDIA_TYPE = {f.media_type: f.key for f in FORMATS.values()}
FORMAT_NAMES = {"bibtex": "bibtex", "bib": "bibtex", "ris": "ris", "csl": "csl", "csl-json": "csl", "csljson": "csl",
                **BY_MEDIA_TYPE}


@dataclass(frozen=True)
class Citation:
    text: str
    """The reference, as a CSL processor writes it in the page's language."""
    item: dict
    """The CSL-JSON item it is made from."""


def citation(service, iri: str, lang: str) -> Citation | None:
    facts = cited(service, iri)
    if facts is None:
        return None
    item = csl_item(facts, lang)
    return Citation(reference(item, lang, facts.date.text(lang) if item.get("issued") else None), item)


def citation_asked() -> str | None:
    """The citation format the request asks for: named by format=, or the media type Accept
    prefers by name (a wildcard never asks for a citation)."""
    given = (request.args.get("format") or "").strip().lower()
    if given:
        return FORMAT_NAMES.get(given)
    accept = request.accept_mimetypes
    named = [media_type for media_type in BY_MEDIA_TYPE if any(value.lower() == media_type and q > 0 for value, q in accept)]
    if not named:
        return None
    best = accept.best_match(["text/html", *available("graph"), *named])
    return BY_MEDIA_TYPE.get(best)


def citation_response(service, iri: str, key: str, lang: str) -> Response:
    found = citation(service, iri, lang)
    if found is None:
        offered = ", ".join(["text/html", *available("graph")])
        return error_response(406, f"<{iri}> is not a statement, strategy or source document, so it has no "
                                   f"citation ({FORMATS[key].media_type}). Available: {offered}.", {"Vary": "Accept"})
    chosen = FORMATS[key]
    if key == "bibtex":
        body = bibtex(found.item)
    elif key == "ris":
        body = ris(found.item)
    else:
        body = json.dumps([found.item], ensure_ascii=False, indent=2) + "\n"
    response = Response(body, content_type=f"{chosen.media_type}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{found.item["id"]}.{chosen.extension}"'
    response.headers["Link"] = f'<{iri}>; rel="cite-as"'
    return response


def citation_types() -> tuple[str, ...]:
    return tuple(FORMATS[key].media_type for key in FORMATS)
