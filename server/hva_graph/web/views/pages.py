"""Pages for researchers: the home page, the query index, one page per canned query, and the
accessibility statement."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request, url_for

from ...publish.schema_org import dataset
from ...canned.parameters import ParameterError, SearchUnavailable
from ...sparql.binding import bind_values
from ...sparql.formats import GRAPH_FORMATS, KINDS, RESULT_FORMATS, UnknownFormat, negotiate
from ...store.results import QueryJob
from .. import charts, comparison, forms
from ..cache import cached
from ..errors import error_response, failed, not_acceptable
from ..highlight import highlight_sparql
from ..marks import mark_words, searched_terms
from ..site import language, site

bp = Blueprint("pages", __name__)

HOME_QUERY = """
PREFIX hva: <https://w3id.org/hva-graph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
SELECT ?strategy ?status ?organiser ?document ?file (COUNT(?element) AS ?statements) WHERE {
  ?strategy a hva:Strategy ; hva:organiser ?organiser ; hva:describedIn ?document .
  ?document dcterms:identifier ?file .
  OPTIONAL { ?strategy schema:creativeWorkStatus ?status }
  OPTIONAL { ?element hva:inStrategy ?strategy }
} GROUP BY ?strategy ?status ?organiser ?document ?file ORDER BY ?file"""


def _service():
    return site().service


def _canned():
    return site().queries


@bp.get("/")
@cached
def home():
    strategies = _service().runner.run(QueryJob(HOME_QUERY, {"tabular": "json"})).bindings()
    site().labels.prefetch(iris_in(strategies))
    return render_template("home.html", strategies=strategies, service=_service(),
                           queries=_canned().queries, lang=language(), dataset_jsonld=dataset(request.host_url))


@bp.get("/accessibility")
@cached
def accessibility():
    """The accessibility statement (saavutettavuusseloste), as Finnish public services publish one."""
    return render_template("accessibility.html", lang=language())


@bp.get("/queries/")
@cached
def index():
    lang = language()
    questions = site().questions
    grouped = {number: [q for q in _canned().queries.values() if number in q.questions] for number in questions}
    return render_template("queries.html", questions=questions, grouped=grouped, lang=lang)


@bp.get("/queries/<name>")
@cached
def query_page(name: str):
    lang = language()
    query = _canned().get(name) or abort(404, f"There is no canned query named {name!r}.")
    given = {key: value for key, value in request.args.items() if key in query.parameters}
    try:
        answer = _canned().run(name, given, {"tabular": "json", "boolean": "json", "graph": "ntriples"})
    except ParameterError as error:
        return error_response(400, str(error))
    except SearchUnavailable as error:
        return error_response(503, f"The search is not available on this server: {error}")
    outcome = answer.outcome
    if outcome.status != 200:
        return failed(outcome)
    table = _table(outcome)
    if table:
        site().labels.prefetch(iris_in(table["rows"]))
        if query.highlight:
            mark_words(table, query.highlight["words"], query.highlight["in"])
    values = {key: term[1] for key, term in answer.parameters.items() if key in query.parameters}
    permalink = url_for("pages.query_page", name=name, _external=True, **values, lang=lang)
    return render_template(
        "query.html", query=query, lang=lang, table=table, values=values, fields=forms.fields(query, values),
        columns=comparison.columns(query, table["variables"]) if table else [],
        grid=comparison.grid(query, table), coverage=comparison.coverage(query, table, answer.parameters),
        sparql_html=highlight_sparql(query.body), permalink=permalink,
        chart=charts.spec(query, table, lang) if query.chart and table else None,
        downloads=_downloads(name, outcome.kind, values), editor_url=_editor_url(query, answer.parameters, lang),
        count=outcome.count, searched=searched_terms(query, answer.parameters), queries=_canned().queries,
    )


def _editor_url(query, parameters: dict, lang: str) -> str:
    """The editor with this query in a tab named after it, its parameters bound as a VALUES
    block (as a remote engine gets them), and run at once (static/editor.js reads the fragment)."""
    text = bind_values(query.body, parameters) if parameters else query.body
    return url_for("sparql.sparql") + "#" + urlencode({"query": text, "name": query.title[lang], "run": "1"})


@bp.get("/queries/<name>/results")
@cached
def query_results(name: str):
    """The answer as a file: format= or Accept picks the syntax (csv, json, tsv, xml; RDF for graphs)."""
    query = _canned().get(name) or abort(404, f"There is no canned query named {name!r}.")
    given = {key: value for key, value in request.args.items() if key in query.parameters}
    try:
        formats = {kind: (chosen[0] if (chosen := negotiate(kind, request.accept_mimetypes,
                                                              request.args.get("format"))) else None)
                   for kind in KINDS}
        answer = _canned().run(name, given, formats)
    except UnknownFormat as error:
        return error_response(400, f"format={error} is not a format this service speaks.")
    except ParameterError as error:
        return error_response(400, str(error))
    except SearchUnavailable as error:
        return error_response(503, f"The search is not available on this server: {error}")
    outcome = answer.outcome
    if outcome.status == 406:
        return not_acceptable(outcome.kind)
    if outcome.status != 200:
        return failed(outcome)
    fmt = (RESULT_FORMATS if outcome.kind != "graph" else GRAPH_FORMATS)[outcome.format]
    response = Response(outcome.body, content_type=fmt.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt.extension}"'
    response.set_etag(_service().etag(name, outcome.format, sorted(given.items())))
    response.headers["Vary"] = "Accept"
    return response.make_conditional(request)


def iris_in(rows: list[dict]) -> set[str]:
    """The IRIs in SPARQL-JSON rows: what a page will name."""
    return {cell["value"] for row in rows for cell in row.values() if cell.get("type") == "uri"}


def _table(outcome) -> dict | None:
    if outcome.kind == "boolean":
        return {"variables": ["answer"], "rows": [{"answer": {"type": "literal", "value": str(outcome.boolean()).lower()}}]}
    if outcome.kind == "tabular":
        variables, rows = outcome.table()
        return {"variables": variables, "rows": rows}
    return None


def _downloads(name: str, kind: str, values: dict) -> list[tuple[str, str]]:
    keys = ("csv", "json", "tsv", "xml") if kind != "graph" else ("turtle", "jsonld", "ntriples")
    return [(key, url_for("pages.query_results", name=name, format=key, **values)) for key in keys]
