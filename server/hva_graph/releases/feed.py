"""The releases as feeds: a Linked Data Event Stream for machines, an Atom feed for people.

LDES (https://w3id.org/ldes/specification, on TREE, https://w3id.org/tree/specification): the
event stream <…/releases> whose members are the releases, each a version of the dataset
(ldes:versionOfPath dcterms:isVersionOf) stamped by when it was made (ldes:timestampPath
prov:generatedAtTime), with its diffs and dumps as DCAT distributions with their checksums.
The members are paged oldest first, `feed_page_size` a page; each page links the next by a
tree:GreaterThanOrEqualToRelation on the timestamp. A page that links the next never changes
again: it says so (ldes:immutable) and is served with Cache-Control immutable; only the last page
grows (a member, or its link to a new page).

Atom (RFC 4287): one entry per release, newest first, linking its changelog page and its patch.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ElementTree

import pyoxigraph as ox

from ..knowledge.released import DESCRIPTION, Release, diff_path
from ..namespaces import BASE, HVA
from ..settings import Settings
from .describe import DCAT, DCTERMS, PROV, SPDX, XSD
from .history import History

STREAM = BASE + "releases"
LDES = "https://w3id.org/ldes#"
TREE = "https://w3id.org/tree#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ATOM = "http://www.w3.org/2005/Atom"
RDF_PATCH = "application/rdf-patch"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def page_count(history: History, size: int) -> int:
    return max(1, math.ceil(len(history.releases) / size))


def page_url(host_url: str, number: int) -> str:
    return f"{host_url}releases/feed" + (f"/{number}" if number > 1 else "")


def immutable(history: History, size: int, number: int) -> bool:
    """A page never changes again once the next page exists: it is full, and it links the next
    (a full page without that link would leave a client that keeps it blind to what follows)."""
    return len(history.releases) > number * size


def ldes_page(settings: Settings, history: History, number: int, host_url: str) -> list[ox.Quad] | None:
    """Page `number` (1 = the root, where the stream is described) of the event stream; None
    past the last page."""
    size = settings.feed_page_size
    if number < 1 or number > page_count(history, size):
        return None
    members = history.releases[(number - 1) * size:number * size]
    page = ox.NamedNode(page_url(host_url, number))
    stream = ox.NamedNode(STREAM)
    quads = [_q(stream, RDF_TYPE, ox.NamedNode(LDES + "EventStream")),
             _q(stream, RDF_TYPE, ox.NamedNode(TREE + "Collection")),  # implied by LDES; said for TREE clients
             _q(stream, LDES + "timestampPath", ox.NamedNode(str(PROV.generatedAtTime))),
             _q(stream, LDES + "versionOfPath", ox.NamedNode(str(DCTERMS.isVersionOf))),
             _q(stream, TREE + "view", ox.NamedNode(page_url(host_url, 1))),
             _q(page, RDF_TYPE, ox.NamedNode(TREE + "Node"))]
    if immutable(history, size, number):
        quads.append(_q(page, LDES + "immutable", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))))
    following = history.releases[number * size:number * size + 1]
    if following:
        relation = ox.NamedNode(f"{page.value}#next")
        quads += [_q(page, TREE + "relation", relation),
                  _q(relation, RDF_TYPE, ox.NamedNode(TREE + "GreaterThanOrEqualToRelation")),
                  _q(relation, TREE + "path", ox.NamedNode(str(PROV.generatedAtTime))),
                  _q(relation, TREE + "value", ox.Literal(following[0].released,
                                                          datatype=ox.NamedNode(XSD + "dateTime"))),
                  _q(relation, TREE + "node", ox.NamedNode(page_url(host_url, number + 1)))]
    for release in members:
        quads.append(_q(stream, TREE + "member", ox.NamedNode(release.iri)))
        quads += member(settings, release, host_url)
    return quads


def member(settings: Settings, release: Release, host_url: str) -> list[ox.Quad]:
    """A release as a member of the stream: its description (release.ttl, without the statement
    changes, which its changelog lists) and its files as distributions with their checksums."""
    quads = []
    raw = diff_path(settings, release, DESCRIPTION).read_bytes()
    for quad in ox.parse(raw, format=ox.RdfFormat.TURTLE, base_iri=release.iri):
        if quad.predicate.value == str(HVA.change) or quad.subject.value.startswith(f"{release.iri}/change/"):
            continue
        if quad.subject.value == BASE + "dataset":
            continue  # the dataset's list of its versions belongs to the dataset, not to this member
        quads.append(ox.Quad(quad.subject, quad.predicate, quad.object))
    node = ox.NamedNode(release.iri)
    local = f"{host_url}release/{release.number}"
    # DCAT-AP's mandatory description: what the release is, and the curator's note in its language
    quads += [_q(node, str(DCTERMS.description), ox.Literal(text, language=lang)) for lang, text in (
        ("fi", f"Hyvinvointialuestrategioiden tietoaineiston julkaisu {release.number}."),
        ("en", f"Release {release.number} of the wellbeing services counties' strategies."))]
    quads.append(_q(node, str(DCTERMS.description), ox.Literal(release.note, language=release.note_lang)))
    quads.append(_q(node, "http://www.w3.org/2000/01/rdf-schema#seeAlso", ox.NamedNode(local)))
    before = release.predecessor or "the empty graph"
    files = [(f"diff/{release.patch['name']}", "patch", release.patch,
              {"fi": f"Julkaisun {release.number} muutokset julkaisuun {before} nähden, kaikki nimetyt graafit: RDF Patch",
               "en": f"What release {release.number} changed since {before}, every named graph: RDF Patch"})]
    for graph, entry in release.diff.items():
        name = graph.rsplit("/", 1)[-1]
        files.append((f"diff/{entry['patch']['name']}", "patch", entry["patch"],
                      {"fi": f"Julkaisun {release.number} muutokset graafiin {name}: RDF Patch",
                       "en": f"What release {release.number} changed in graph/{name}: RDF Patch"}))
        for side, fi, en in (("added", "lisätyt", "added"), ("removed", "poistetut", "removed")):
            if entry.get(side):
                files.append((entry[side]["file"], "nquads", entry[side],
                              {"fi": f"Julkaisussa {release.number} graafiin {name} {fi} kolmikot: kanoniset N-Quads, gzip",
                               "en": f"The statements release {release.number} {en} in graph/{name}: canonical "
                                     "N-Quads, gzip"}))
    for relative, kind, recorded, texts in files:
        quads += _distribution(node, f"{release.iri}/{relative}", f"{local}/{relative}", local, kind, recorded, texts)
    return quads


def versions(settings: Settings, history: History, host_url: str) -> list[ox.Quad]:
    """Every release as a version of the dataset (DCAT 3), with its diffs: for the dataset's
    VoID/DCAT description."""
    dataset = ox.NamedNode(BASE + "dataset")
    quads = []
    for release in history.releases:
        quads.append(_q(dataset, str(DCAT.hasVersion), ox.NamedNode(release.iri)))
        quads += member(settings, release, host_url)
    if history.latest:
        quads.append(_q(dataset, str(DCAT.hasCurrentVersion), ox.NamedNode(history.latest.iri)))
    return quads


IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
AVAILABLE = "http://publications.europa.eu/resource/authority/planned-availability/AVAILABLE"
DCATAP_AVAILABILITY = "http://data.europa.eu/r5r/availability"
DIFF_FILES = {
    # gzipped canonical N-Quads: the EU file type and the IANA type of what is inside, and gzip
    "nquads": {"format": "RDF_N_QUADS", "media": "application/n-quads", "compress": "application/gzip"},
    # RDF Patch has no registered media type: plain text, conforming to its specification
    "patch": {"format": "TXT", "media": "text/plain", "conforms": "https://afs.github.io/rdf-delta/rdf-patch.html"},
}
"""What DCAT-AP asks of a distribution, per kind of diff file (as publish/void.py gives the dumps)."""


def _distribution(dataset, iri: str, url: str, page: str, kind: str, recorded: dict,
                  texts: dict[str, str]) -> list[ox.Quad]:
    node, checksum = ox.NamedNode(iri), ox.NamedNode(f"{iri}#sha256")
    spec = DIFF_FILES[kind]
    found = [_q(dataset, str(DCAT.distribution), node),
             _q(node, RDF_TYPE, ox.NamedNode(str(DCAT.Distribution))),
             _q(node, str(DCTERMS.title), ox.Literal(url.rsplit("/", 1)[-1], language="en")),
             *(_q(node, str(DCTERMS.description), ox.Literal(text, language=lang)) for lang, text in texts.items()),
             _q(node, str(DCAT.downloadURL), ox.NamedNode(url)),
             _q(node, str(DCAT.accessURL), ox.NamedNode(page)),
             _q(node, str(DCTERMS["format"]), ox.NamedNode(FILE_TYPE + spec["format"])),
             _q(node, str(DCAT.mediaType), ox.NamedNode(IANA + spec["media"])),
             _q(node, str(DCTERMS.license), ox.NamedNode(LICENCE)),
             _q(node, DCATAP_AVAILABILITY, ox.NamedNode(AVAILABLE)),
             _q(node, str(SPDX.checksum), checksum),
             _q(checksum, RDF_TYPE, ox.NamedNode(str(SPDX.Checksum))),
             _q(checksum, str(SPDX.algorithm), ox.NamedNode(str(SPDX.checksumAlgorithm_sha256))),
             _q(checksum, str(SPDX.checksumValue), ox.Literal(recorded["sha256"], datatype=ox.NamedNode(XSD + "hexBinary")))]
    # the classes DCAT-AP expects of the terms it names (as publish/void.py types the dumps')
    found += [_q(ox.NamedNode(FILE_TYPE + spec["format"]), RDF_TYPE, ox.NamedNode(str(DCTERMS.MediaTypeOrExtent))),
              _q(ox.NamedNode(IANA + spec["media"]), RDF_TYPE, ox.NamedNode(str(DCTERMS.MediaType)))]
    if "compress" in spec:
        found += [_q(node, str(DCAT.compressFormat), ox.NamedNode(IANA + spec["compress"])),
                  _q(ox.NamedNode(IANA + spec["compress"]), RDF_TYPE, ox.NamedNode(str(DCTERMS.MediaType)))]
    if "conforms" in spec:
        found += [_q(node, str(DCTERMS.conformsTo), ox.NamedNode(spec["conforms"])),
                  _q(ox.NamedNode(spec["conforms"]), RDF_TYPE, ox.NamedNode(str(DCTERMS.Standard)))]
    if "size" in recorded:
        found.append(_q(node, str(DCAT.byteSize), ox.Literal(str(recorded["size"]),
                                                              datatype=ox.NamedNode(XSD + "nonNegativeInteger"))))
    return found


def _q(subject, predicate: str, obj) -> ox.Quad:
    return ox.Quad(subject, ox.NamedNode(predicate), obj)


def atom(history: History, host_url: str, counts: dict[str, dict[str, int]], limit: int = 50) -> bytes:
    """The Atom feed: the newest `limit` releases, each with its note and its counts of changes."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})

    def sub(parent, name: str, text: str | None = None, **attributes) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        if text is not None:
            element.text = text
        return element

    latest = history.latest
    sub(feed, "id", STREAM)
    sub(feed, "title", "hva-graph releases")
    sub(feed, "subtitle", "Releases of the knowledge graph of Finland's wellbeing services county strategies: "
                          "what each changed, with its diffs.")
    sub(feed, "updated", latest.released if latest else "1970-01-01T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", "hva-graph curators")
    sub(feed, "link", rel="self", type="application/atom+xml", href=f"{host_url}releases/feed.atom")
    sub(feed, "link", rel="alternate", type="text/html", href=f"{host_url}releases/")
    sub(feed, "link", rel="related", type="text/turtle", href=page_url(host_url, 1))
    for release in reversed(history.releases[-limit:]):
        entry = sub(feed, "entry")
        sub(entry, "id", release.iri)
        sub(entry, "title", f"Release {release.number}")
        sub(entry, "published", release.released)
        sub(entry, "updated", release.released)
        sub(entry, "link", rel="alternate", type="text/html", href=f"{host_url}release/{release.number}")
        sub(entry, "link", rel="related", type=RDF_PATCH,
            href=f"{host_url}release/{release.number}/diff/{release.patch['name']}")
        counted = counts.get(release.number, {})
        told = ", ".join(f"{n} {kind}" for kind, n in counted.items() if n) or "no statement changed"
        summary = sub(entry, "summary", f"{release.note} ({told}; data version {release.digest[:16]})".strip())
        summary.set("{http://www.w3.org/XML/1998/namespace}lang", release.note_lang)
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)

