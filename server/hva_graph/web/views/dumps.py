"""/dumps/ (the index and the files) and /.well-known/void (the dataset description)."""

from __future__ import annotations

import datetime
import hashlib
import json

from rdflib import BNode, URIRef
from flask import Blueprint, Response, render_template, request, send_file, url_for

from ...knowledge.terms import to_rdflib
from ...publish import folder
from ...publish.schema_org import dataset
from ...publish.void import dataset_description
from ...releases.feed import versions
from ...sparql.formats import GRAPH_FORMATS, UnknownFormat, negotiate
from ..answers import page_json_or_graph
from ..errors import error_response, not_acceptable
from ..site import language, site

bp = Blueprint("dumps", __name__)
INDEX_FORMATS = {"html": "text/html", "json": "application/json"}
INDEX_HINT = "format=html|json|turtle|jsonld|ntriples|rdfxml|trig|nquads"


class Unavailable(Exception):
    def __init__(self, message: str, retry_after: int = 60):
        super().__init__(message)
        self.retry_after = retry_after


@bp.errorhandler(Unavailable)
def unavailable(error: Unavailable):
    return error_response(503, str(error), {"Retry-After": str(error.retry_after)})


WRITING_SECONDS = 5
"""Retry-After while the dumps of the version served are being written."""


def published() -> dict:
    """The manifest of the dumps to serve, without waiting: those of the data version served
    once written (they are made beside the server meanwhile), until then the previous
    version's after a reload, else Unavailable with the seconds to wait."""
    shared = site()
    if shared.dumps is not None:
        return shared.dumps
    manifest = shared.dumps_maker.manifest()
    if manifest is not None:
        shared.dumps = manifest
        return manifest
    if shared.previous_dumps is not None:
        return shared.previous_dumps
    if shared.dumps_maker.error is not None:
        raise Unavailable(f"The dumps cannot be made: {shared.dumps_maker.error}",
                          retry_after=int(shared.dumps_maker.RETRY_SECONDS))
    raise Unavailable(f"The dumps of data version {shared.service.version[:16]} are being written; "
                      f"try again in a few seconds.", retry_after=WRITING_SECONDS)


def _modified(manifest: dict) -> datetime.datetime:
    return datetime.datetime.strptime(manifest["modified"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


@bp.get("/dumps/<name>")
def dump_file(name: str):
    manifest = published()
    entry = next((f for f in manifest["files"] if f["name"] == name), None)
    if entry is None:
        return error_response(404, f"There is no dump file named {name!r}. The index at /dumps/ lists "
                                   "every file with its size and SHA-256 checksum.")
    path = folder.folder_for(site().settings, manifest["data_version"], manifest["build"]) / entry["name"]
    if not path.is_file():
        site().dumps = None  # the folder was removed: make it again next time
        raise Unavailable(f"The dump file {name} is missing on disk; it is being made again.")
    # A .gz file is a download of its own: no Content-Encoding, so clients keep it compressed.
    content_type = "application/gzip" if entry["compression"] else GRAPH_FORMATS[entry["format"]].content_type
    response = send_file(path, as_attachment=True, download_name=name, conditional=True,
                         etag=entry["sha256"], last_modified=_modified(manifest))
    response.headers["Content-Type"] = content_type  # as is: werkzeug would add a second charset to text/*
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Link"] = f'<{url_for("dumps.void")}>; rel="describedby"'
    return response


@bp.get("/dumps/")
def index():
    manifest = published()
    wanted = page_json_or_graph(request.accept_mimetypes, request.args.get("format"))
    if wanted is None:
        return not_acceptable("graph", also=tuple(INDEX_FORMATS.values()), hint=INDEX_HINT)
    if wanted in INDEX_FORMATS:
        body = _index_json(manifest) if wanted == "json" else render_template(
            "dumps.html", files=_with_urls(manifest), manifest=manifest, lang=language(), serving=site().service.version,
            dataset_jsonld=dataset(request.url_root, manifest["files"]))
        response = Response(body, content_type=f"{INDEX_FORMATS[wanted]}; charset=utf-8")
    else:
        response = _description(manifest, wanted)
    return _conditional(response, manifest, wanted)


@bp.get("/.well-known/void")
def void():
    manifest = published()
    try:
        chosen = negotiate("graph", request.accept_mimetypes, request.args.get("format"))
    except UnknownFormat as error:
        return error_response(400, f"format={error} is not an RDF format; use turtle, jsonld, ntriples or rdfxml.")
    if chosen is None:
        return not_acceptable("graph")
    return _conditional(_description(manifest, chosen[0]), manifest, chosen[0])


SHARED_WITH_VERSIONS = tuple(URIRef(iri) for iri in (
    "http://www.w3.org/ns/dcat#theme", "http://purl.org/dc/terms/spatial", "http://purl.org/dc/terms/temporal",
    "http://www.w3.org/ns/dcat#keyword", "http://www.w3.org/ns/dcat#contactPoint", "http://purl.org/dc/terms/publisher",
    "http://purl.org/dc/terms/language"))
"""What DCAT-AP recommends of a dataset that a release shares with the dataset it is a version of."""
HAS_VERSION = URIRef("http://www.w3.org/ns/dcat#hasVersion")


def _description(manifest: dict, key: str) -> Response:
    description = dataset_description(manifest, request.url_root)
    for quad in versions(site().settings, site().history, request.url_root):  # its releases, with their diffs
        description.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    # each release is a version of this dataset: of the same themes, place, time, keywords and publisher
    dataset = URIRef(site().settings.base_iri + "dataset")
    for version in list(description.objects(dataset, HAS_VERSION)):
        for predicate in SHARED_WITH_VERSIONS:
            for value in list(description.objects(dataset, predicate)):
                if isinstance(value, BNode):  # (the period): named after the version, so that every
                    named = URIRef(f"{version}#{predicate.rsplit('/', 1)[-1]}")  # replica writes the same bytes
                    for inner, item in list(description.predicate_objects(value)):
                        description.add((named, inner, item))
                    value = named
                description.add((version, predicate, value))
    body = description.serialize(format=GRAPH_FORMATS[key].rdflib, encoding="utf-8")
    return Response(body, content_type=GRAPH_FORMATS[key].content_type)


def _conditional(response: Response, manifest: dict, variant: str) -> Response:
    tag = repr((manifest["data_version"], manifest["build"], site().service.etag_base, request.url_root, variant,
                language()))
    response.set_etag(hashlib.sha256(tag.encode()).hexdigest()[:32])
    response.last_modified = _modified(manifest)
    response.headers["Vary"] = "Accept, Accept-Language"
    response.headers["Link"] = f'<{url_for("dumps.void")}>; rel="describedby"'
    return response.make_conditional(request)


def _with_urls(manifest: dict) -> list[dict]:
    return [{**entry, "url": request.url_root + "dumps/" + entry["name"]} for entry in manifest["files"]]


def _index_json(manifest: dict) -> str:
    return json.dumps({
        "description": request.url_root + ".well-known/void",
        "sparql_endpoint": request.url_root + "sparql",
        "data_version": manifest["data_version"],
        "serving_data_version": site().service.version,
        "modified": manifest["modified"],
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "files": _with_urls(manifest),
    }, indent=1, ensure_ascii=False)
