"""Pages for researchers: the home page, the query index, one page per canned query, and the
accessibility statement."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request, url_for

from ...publish.schema_org import dataset
from ...canned.parameters import ParameterError, SearchUnavailable, given
from ...sparql.binding import bind_values
from ...sparql.formats import GRAPH_FORMATS, KINDS, RESULT_FORMATS, UnknownFormat, negotiate
from ...store.results import QueryJob
from .. import charts, comparison, forms
from ..dated import add_dates
from ..downloads import MEDIA_TYPES, as_csv, as_xlsx, grid_as_seen, table_as_seen
from .api import query_list
from ..cache import cached
from ..errors import error_response, failed, not_acceptable
from ..highlight import highlight_sparql
from ..marks import mark_words, searched_terms
from ..site import language, site, t

bp = Blueprint("pages", __name__)

PAGE_COMMON = ("lang",)
"""What a query page takes beside the query's own parameters: the reader's language."""
RESULTS_COMMON = ("format", "lang")
"""What a results download takes beside them: the format (else Accept decides), and the language."""

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
                           queries=_canned().queries, lang=language(), dataset_jsonld=dataset(request.url_root))


@bp.get("/accessibility")
@cached
def accessibility():
    """The accessibility statement (saavutettavuusseloste), as Finnish public services publish one."""
    return render_template("accessibility.html", lang=language())


@bp.get("/queries/")
@cached
def index():
    if _wants_list():
        return query_list()
    lang = language()
    questions = site().questions
    grouped = {number: [q for q in _canned().queries.values() if number in q.questions] for number in questions}
    return render_template("queries.html", questions=questions, grouped=grouped, lang=lang)


class Refused(Exception):
    """A canned answer that cannot be shown: the error response to give instead."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def _answer_for_people(name: str, lang: str):
    """(query, answer, table) of a canned query as its page shows it: the parameters from the
    address, names in the page's language, dates at their precision, IRIs' names fetched."""
    query = _canned().get(name) or abort(404, f"There is no canned query named {name!r}.")
    try:
        answer = _canned().run(name, _given(query, lang), {"tabular": "json", "boolean": "json", "graph": "ntriples"})
    except ParameterError as error:
        raise Refused(error_response(400, str(error))) from None
    except SearchUnavailable as error:
        raise Refused(error_response(503, f"The search is not available on this server: {error}")) from None
    outcome = answer.outcome
    if outcome.status != 200:
        raise Refused(failed(outcome))
    table = _table(outcome)
    if table:
        add_dates(query, table, lang)
        site().labels.prefetch(iris_in(table["rows"]))
    return query, answer, table


@bp.get("/queries/<name>")
@cached
def query_page(name: str):
    lang = language()
    try:
        query, answer, table = _answer_for_people(name, lang)
    except Refused as refused:
        return refused.response
    outcome = answer.outcome
    if table and query.highlight:
        mark_words(table, query.highlight["words"], query.highlight["in"])
    values = {key: term[1] for key, term in answer.parameters.items() if key in query.parameters}
    permalink = url_for("pages.query_page", name=name, _external=True, **{**values, "lang": lang})
    grid = comparison.grid(query, table)
    return render_template(
        "query.html", query=query, lang=lang, table=table, values=values, fields=forms.fields(query, values),
        columns=comparison.columns(query, table["variables"]) if table else [],
        grid=grid, coverage=comparison.coverage(query, table, answer.parameters),
        sparql_html=highlight_sparql(query.body), permalink=permalink,
        chart=charts.spec(query, table, lang) if query.chart and table else None,
        downloads=_downloads(name, outcome.kind, values),
        people_downloads=_people_downloads(name, values, lang, bool(table), grid is not None),
        editor_url=_editor_url(query, answer.parameters, lang),
        count=outcome.count, searched=searched_terms(query, answer.parameters), queries=_canned().queries,
    )


@bp.get("/queries/<name>/<shape>.<extension>")
@cached
def as_seen(name: str, shape: str, extension: str):
    """The page's table (or grid) as a file a person opens: the page's columns and headings in
    the page's language, names for IRIs, dates at their precision."""
    if shape not in ("table", "grid") or extension not in MEDIA_TYPES:
        abort(404, f"A canned query's page downloads as table.csv, table.xlsx, grid.csv or grid.xlsx, not {shape}.{extension}.")
    lang = language()
    try:
        query, answer, table = _answer_for_people(name, lang)
    except Refused as refused:
        return refused.response
    grid = comparison.grid(query, table, lang) if shape == "grid" else None
    if table is None or (shape == "grid" and grid is None):
        abort(404, f"The query {name!r} has no {shape} to download.")
    headings, rows = grid_as_seen(grid, lang) if grid else \
        table_as_seen(table, comparison.columns(query, table["variables"], lang), lang)
    title = query.title[lang]
    if extension == "csv":
        body = as_csv(headings, rows)
    else:
        values = {key: term[1] for key, term in answer.parameters.items() if key in query.parameters}
        page = url_for("pages.query_page", name=name, _external=True, **{**values, "lang": lang})
        body = as_xlsx(headings, rows, title, [(t("download.source"), ""), (t("download.page"), page),
                                               (t("download.version"), _service().version)])
    response = Response(body, content_type=MEDIA_TYPES[extension])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{shape}-{lang}.{extension}"'
    response.set_etag(_service().etag(name, shape, extension, sorted(request.args.items()), lang))
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response.make_conditional(request)


def _people_downloads(name: str, values: dict, lang: str, has_table: bool, has_grid: bool) -> list[tuple[str, list]]:
    """(what, [(format, url)]) for the table and the grid as the page shows them."""
    shapes = [shape for shape, present in (("grid", has_grid), ("table", has_table)) if present]
    return [(shape, [(extension, url_for("pages.as_seen", name=name, shape=shape, extension=extension,
                                         **{**values, "lang": lang})) for extension in ("csv", "xlsx")])
            for shape in shapes]


def _given(query, lang: str) -> dict[str, str]:
    """The query's parameters from the address; the names its answer gives are in the page's
    language (its `lang` parameter, where it has one)."""
    given_ = given(query, request.args.items(multi=True), PAGE_COMMON)
    if "lang" in query.parameters:
        given_["lang"] = lang
    return given_


def _wants_list() -> bool:
    """The JSON list for format=json or a client that prefers application/json to a page."""
    wanted = (request.args.get("format") or "").lower()
    if wanted:
        return wanted == "json"
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


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
    try:
        values = given(query, request.args.items(multi=True), RESULTS_COMMON)
        formats = {kind: (chosen[0] if (chosen := negotiate(kind, request.accept_mimetypes,
                                                              request.args.get("format"))) else None)
                   for kind in KINDS}
        answer = _canned().run(name, values, formats)
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
    response.set_etag(_service().etag(name, outcome.format, sorted(values.items())))
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
