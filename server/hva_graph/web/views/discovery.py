"""/sitemap.xml and /robots.txt: how search engines find the strategies.

The sitemap lists the pages a reader starts from (home, the query index and every canned
query, the API documentation, every strategy with its county and source document, the ontology, the downloads, the
accessibility statement), each in fi, sv and en with the others as its alternates; statements
are one link away from their strategy. Addresses are made against the host that was asked, as
every page's are. robots.txt points to it and keeps crawlers off the endpoint and the result
downloads, which are answers to queries, not pages."""

from __future__ import annotations

from xml.etree import ElementTree

from flask import Blueprint, Response, request, url_for

from ...store.results import QueryJob
from ..cache import cached
from ..messages import LANGUAGES
from ..site import local_path, site

bp = Blueprint("discovery", __name__)
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
DOCUMENTS = "SELECT DISTINCT ?document WHERE { ?s <https://w3id.org/hva-graph/ontology#describedIn> ?document }"


def _pages() -> list[str]:
    shared = site()
    paths = [url_for("pages.home"), url_for("pages.index"), url_for("resources.ontology"),
             url_for("dumps.index"), url_for("pages.accessibility"), url_for("api.documentation")]
    paths += [url_for("pages.query_page", name=name) for name in shared.queries.queries]
    for strategy in shared.strategies.all():
        paths += [local_path(strategy.iri), local_path(strategy.organiser) if strategy.organiser else None]
    documents = shared.service.runner.run(QueryJob(DOCUMENTS, {"tabular": "json"}, result_limit=10_000)).values()
    paths += [local_path(row["document"]) for row in documents]
    return list(dict.fromkeys(path for path in paths if path))


@bp.get("/sitemap.xml")
@cached
def sitemap():
    ElementTree.register_namespace("", SITEMAP)
    ElementTree.register_namespace("xhtml", XHTML)
    root = ElementTree.Element(f"{{{SITEMAP}}}urlset")
    base = request.host_url.rstrip("/")
    for path in _pages():
        for lang in LANGUAGES:
            entry = ElementTree.SubElement(root, f"{{{SITEMAP}}}url")
            ElementTree.SubElement(entry, f"{{{SITEMAP}}}loc").text = f"{base}{path}?lang={lang}"
            for other in LANGUAGES:
                ElementTree.SubElement(entry, f"{{{XHTML}}}link", rel="alternate", hreflang=other,
                                       href=f"{base}{path}?lang={other}")
    body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, content_type="application/xml; charset=utf-8")


@bp.get("/robots.txt")
@cached
def robots():
    root = request.script_root
    lines = ["User-agent: *", f"Disallow: {root}/sparql", f"Disallow: {root}/queries/*/results", f"Allow: {root}/",
             f"Sitemap: {url_for('discovery.sitemap', _external=True)}", ""]
    return Response("\n".join(lines), content_type="text/plain; charset=utf-8")
