"""The releases: the history page, each release's changelog, its diffs and dumps at stable
addresses, and the feeds (LDES for machines, Atom for people).

    /releases/                       the history (HTML; JSON; graph/releases as RDF)
    /release/<number>                a release's changelog (HTML; its record as JSON; release.ttl as RDF)
    /release/<number>/diff/<file>    <graph>.added.nq.gz, <graph>.removed.nq.gz, <graph>.rdfp, hva-graph.rdfp
    /release/<number>/dumps/<file>   its dumps (the newest `release_dumps_kept` releases)
    /releases/feed[/<page>]          the Linked Data Event Stream, paged
    /releases/feed.atom              the Atom feed

Every release file is immutable: its ETag is its SHA-256 and it is cached for a year.
"""

from __future__ import annotations

import datetime
import hashlib
import json

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, send_file
from rdflib import Graph

from ...knowledge.released import DESCRIPTION, DamagedRelease, diff_path, read_lines
from ...knowledge.terms import to_rdflib
from ...publish.canonical import canonical, serialise
from ...releases import dumps as release_dumps
from ...releases.changelog import KIND_ORDER, changelog
from ...releases.describe import PREFIXES_WRITTEN
from ...releases.diff import GraphDiff, rdf_patch
from ...releases.feed import RDF_PATCH, atom, immutable, ldes_page, page_count
from ...sparql.formats import GRAPH_FORMATS, UnknownFormat, negotiate
from ..answers import page_json_or_graph
from ..errors import error_response, not_acceptable
from ..site import language, site

bp = Blueprint("releases", __name__)
IMMUTABLE = "public, max-age=31536000, immutable"
GROWING = "public, max-age=300"
FEED_PREFIXES = {**PREFIXES_WRITTEN, "ldes": "https://w3id.org/ldes#", "tree": "https://w3id.org/tree#"}


@bp.errorhandler(DamagedRelease)
def damaged(error: DamagedRelease):
    return error_response(503, f"This release's files cannot be served as its own: {error}")


@bp.after_request
def allow_cross_origin(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Disposition, Content-Length"
    return response


def _history():
    return site().history


def counts(number: str) -> dict[str, int]:
    records = _history().changes.get(number, [])
    return {kind: sum(1 for r in records if r.kind == kind) for kind in KIND_ORDER}


@bp.get("/releases/")
def history_page():
    history = _history()
    wanted = page_json_or_graph(request.accept_mimetypes, request.args.get("format"))
    if wanted is None:
        return not_acceptable("graph", also=("text/html", "application/json"))
    if wanted == "json":
        body = json.dumps({"releases": [_record_json(r) for r in reversed(history.releases)],
                           "feed": request.url_root + "releases/feed", "atom": request.url_root + "releases/feed.atom",
                           "dumps_kept": release_dumps.kept(site().settings, history.releases)},
                          indent=1, ensure_ascii=False)
        response = Response(body, content_type="application/json; charset=utf-8")
    elif wanted == "html":
        kept = release_dumps.kept(site().settings, history.releases)
        response = Response(render_template("releases.html", history=history, counts=counts, kept=kept,
                                            lang=language(), serving=history.of_version(site().service.version)))
    else:
        quads = [q for r in history.releases for q in _description(r)]
        response = _rdf(quads, wanted)
    return _conditional(response, history.latest.digest if history.latest else "none", wanted)


@bp.get("/release/<number>")
def release_page(number: str):
    history = _history()
    release = history.release(number)
    if release is None:
        return _no_release(number)
    wanted = page_json_or_graph(request.accept_mimetypes, request.args.get("format"))
    if wanted is None:
        return not_acceptable("graph", also=("text/html", "application/json"))
    if wanted == "json":
        response = Response(json.dumps(_record_json(release), indent=1, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    elif wanted == "html":
        log = changelog(site().settings, history, number)
        kept = number in release_dumps.kept(site().settings, history.releases)
        response = Response(render_template("release.html", log=log, kept=kept, lang=language(),
                                            following=next((r for r in history.releases if r.predecessor == number),
                                                           None)))
    else:
        response = _rdf(_description(release), wanted)
    response.headers["Link"] = f'<{release.iri}>; rel="canonical"'
    return _conditional(response, release.digest + str(len(history.releases)), wanted)


@bp.get("/release/<number>/diff/<name>")
def diff_file(number: str, name: str):
    release = _history().release(number)
    if release is None:
        return _no_release(number)
    if name == release.patch["name"]:
        return _patch(release, name, list(release.diff), release.patch)
    for graph, entry in release.diff.items():
        if name == entry["patch"]["name"]:
            return _patch(release, name, [graph], entry["patch"])
        for side in ("added", "removed"):
            if entry.get(side) and name == entry[side]["file"].rsplit("/", 1)[-1]:
                path = diff_path(site().settings, release, entry[side]["file"])
                read_lines(path, entry[side]["sha256"])  # DamagedRelease when it is not the recorded file
                return _immutable_file(send_file(path, as_attachment=True, download_name=name), entry[side]["sha256"],
                                       "application/gzip", release)
    return error_response(404, f"Release {number} has no diff file named {name!r}: its page lists them "
                               f"({request.url_root}release/{number}).")


def _patch(release, name: str, graphs: list[str], recorded: dict) -> Response:
    settings = site().settings
    diffs = []
    for graph in graphs:
        entry = release.diff[graph]
        sides = {side: tuple(read_lines(diff_path(settings, release, entry[side]["file"]), entry[side]["sha256"]))
                 if entry.get(side) else () for side in ("added", "removed")}
        diffs.append(GraphDiff(graph, sides["added"], sides["removed"]))
    history = _history()
    if len(graphs) == 1:
        before = next((r for r in reversed(history.releases[:history.releases.index(release)])
                       if graphs[0] in r.diff), None)
        previous = before and f"{before.iri}/diff/{before.diff[graphs[0]]['patch']['name']}"
    else:
        previous = release.predecessor and f"{history.release(release.predecessor).iri}/diff/{name}"
    body = rdf_patch(f"{release.iri}/diff/{name}", previous, diffs)
    if hashlib.sha256(body).hexdigest() != recorded["sha256"]:
        raise DamagedRelease(f"the RDF Patch {name} made from the release's diffs is not the one it recorded")
    response = Response(body, content_type=f"{RDF_PATCH}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return _immutable_file(response, recorded["sha256"], f"{RDF_PATCH}; charset=utf-8", release)


@bp.get("/release/<number>/dumps/<name>")
def dump_file(number: str, name: str):
    history = _history()
    release = history.release(number)
    if release is None:
        return _no_release(number)
    entry = next((e for e in release.dumps if e["name"] == name), None)
    if entry is None:
        return error_response(404, f"Release {number} has no dump named {name!r}: its page lists them.")
    settings = site().settings
    if number not in release_dumps.kept(settings, history.releases):
        return error_response(410, f"The dumps of release {number} are no longer served (the newest "
                                   f"{settings.release_dumps_kept} releases' are). Its data is the diffs of every "
                                   f"release up to it applied in order; {name} had SHA-256 {entry['sha256']}.",
                              {"Link": f'<{request.url_root}release/{number}>; rel="describedby"'})
    path = release_dumps.dump_file(settings, release, name)
    content_type = "application/gzip" if entry["compression"] else GRAPH_FORMATS[entry["format"]].content_type
    response = send_file(path, as_attachment=True, download_name=name)
    return _immutable_file(response, entry["sha256"], content_type, release)


@bp.get("/releases/feed")
@bp.get("/releases/feed/<int:number>")
def feed(number: int = 1):
    history = _history()
    settings = site().settings
    quads = ldes_page(settings, history, number, request.url_root)
    if quads is None:
        return error_response(404, f"The event stream has {page_count(history, settings.feed_page_size)} pages.")
    try:
        chosen = negotiate("graph", request.accept_mimetypes, request.args.get("format"))
    except UnknownFormat as error:
        return error_response(400, f"format={error} is not an RDF format; use turtle, jsonld, ntriples or trig.")
    if chosen is None:
        return not_acceptable("graph")
    response = _rdf(quads, chosen[0])
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest())
    full = immutable(history, settings.feed_page_size, number)
    response.headers["Cache-Control"] = IMMUTABLE if full else GROWING
    response.headers["Vary"] = "Accept"
    return response.make_conditional(request)


@bp.get("/releases/feed.atom")
def atom_feed():
    history = _history()
    body = atom(history, request.url_root, {r.number: counts(r.number) for r in history.releases})
    response = Response(body, content_type="application/atom+xml; charset=utf-8")
    response.set_etag(hashlib.sha256(body).hexdigest())
    response.headers["Cache-Control"] = GROWING
    if history.latest:
        response.last_modified = _time(history.latest.released)
    return response.make_conditional(request)


def _description(release) -> list:
    """release.ttl's statements, checked against the record."""
    raw = diff_path(site().settings, release, DESCRIPTION).read_bytes()
    if hashlib.sha256(raw).hexdigest() != release.files.get(DESCRIPTION):
        raise DamagedRelease(f"release.ttl of {release.number} is not the file it recorded")
    return list(ox.parse(raw, format=ox.RdfFormat.TURTLE, base_iri=release.iri))


def _rdf(quads: list, key: str) -> Response:
    statements = canonical(quads)
    if key in ("trig", "nquads", "turtle", "ntriples", "jsonld"):
        body = serialise(statements, key, FEED_PREFIXES)
    else:
        graph = Graph()
        for quad in statements:
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        body = graph.serialize(format=GRAPH_FORMATS[key].rdflib, encoding="utf-8")
    return Response(body, content_type=GRAPH_FORMATS[key].content_type)


def _record_json(release) -> dict:
    base = f"{request.url_root}release/{release.number}"
    record = release.to_json()
    record["iri"] = release.iri
    record["changelog"] = base
    record["changes"] = counts(release.number)
    record["patch"] = {**release.patch, "url": f"{base}/diff/{release.patch['name']}"}
    for entry in record["diff"].values():
        entry["patch"] = {**entry["patch"], "url": f"{base}/diff/{entry['patch']['name']}"}
        for side in ("added", "removed"):
            if entry.get(side):
                entry[side] = {**entry[side], "url": f"{base}/diff/{entry[side]['file'].rsplit('/', 1)[-1]}"}
    kept = release.number in release_dumps.kept(site().settings, _history().releases)
    record["dumps"] = [{**e, "url": f"{base}/dumps/{e['name']}" if kept else None} for e in release.dumps]
    return record


def _no_release(number: str) -> Response:
    known = ", ".join(r.number for r in _history().releases) or "none yet"
    return error_response(404, f"There is no release {number!r} (releases: {known}; the history is at "
                               f"{request.url_root}releases/).")


def _immutable_file(response: Response, sha256: str, content_type: str, release) -> Response:
    response.headers["Content-Type"] = content_type
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.set_etag(sha256)
    response.last_modified = _time(release.released)
    return response.make_conditional(request)


def _conditional(response: Response, state: str, variant: str) -> Response:
    tag = repr((state, request.url_root, variant, language()))
    response.set_etag(hashlib.sha256(tag.encode()).hexdigest()[:32])
    response.headers["Vary"] = "Accept, Accept-Language"
    return response.make_conditional(request)


def _time(text: str) -> datetime.datetime:
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
