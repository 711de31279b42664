"""The canned queries described as an API, from their front matter and the data being served:
an OpenAPI 3.1 document (/openapi.json) and a plain JSON list (/queries/ as JSON).

Every parameter is described with its type, its default, whether it may be left out, and,
where the data gives it at most MAX_ENUM values (the pickers' choices: themes, statuses,
strategies), those values; every result format of the query's kind is a `format` value and a
response media type. The description is made per data version: the allowed values are the
data's.
"""

from __future__ import annotations

from ..sparql.formats import GRAPH_FORMATS, HTML, KINDS, RESULT_FORMATS
from .files import LANGUAGES, CannedQuery

OPENAPI = "3.1.0"
MAX_ENUM = 50
"""Allowed values are listed when there are at most this many; longer lists (the statements) are
described by their class, and any value of it (IRI, short name or exact label) is taken."""
KIND_OF_FORM = {"SELECT": "tabular", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
ERRORS = {
    "400": "A parameter the query does not take, one given twice, or a bad value: the message names it.",
    "404": "No canned query of that name.",
    "406": "None of the media types in Accept can carry this answer; the message lists those that can.",
    "422": "The answer is larger than the result limit or the byte limit (it is never truncated).",
    "503": "The query ran past the time or memory limit, or the search is not available here.",
}


def kind(query: CannedQuery) -> str:
    """tabular, boolean or graph: what the query's answer is."""
    return KIND_OF_FORM.get(query.text.form if query.text else "SELECT", "tabular")


def formats(query: CannedQuery) -> list[str]:
    """The format keys its results come in, the default first (no HTML: that is the page)."""
    return [key for key in KINDS[kind(query)] if key != HTML]


def media_type(query: CannedQuery, key: str) -> str:
    return (GRAPH_FORMATS if kind(query) == "graph" else RESULT_FORMATS)[key].media_type


def parameter_schema(spec: dict, choices: list) -> dict:
    """The JSON Schema of one parameter's value, from its front matter and its values in the data."""
    kind_ = spec.get("type", "string")
    if kind_ == "integer":
        schema: dict = {"type": "integer"}
    elif kind_ == "language":
        schema = {"type": "string", "enum": list(spec.get("choices") or [])}
    elif kind_ == "iri":
        schema = {"type": "string", "format": "iri"}
        if choices and len(choices) <= MAX_ENUM:
            schema["enum"] = [choice.iri for choice in choices]
    else:  # string, search: the user's text
        schema = {"type": "string", "minLength": 1, "maxLength": int(spec.get("max_length", 200))}
    if spec.get("default") not in (None, ""):
        schema["default"] = int(spec["default"]) if kind_ == "integer" else str(spec["default"])
    return schema


def _parameter_text(spec: dict, choices: list) -> str:
    label = (spec.get("label") or {}).get("en", "")
    notes = []
    if spec.get("type") == "iri" and ("class" in spec or "scheme" in spec):
        where = f"an instance of <{spec['class']}>" if "class" in spec else f"a concept of <{spec['scheme']}>"
        notes.append(f"{where}: its IRI, its short name (e.g. {choices[0].slug}) or its exact label"
                     if choices else where)
    if spec.get("type") == "search":
        notes.append("words in any inflected form; several words must all match")
    if spec.get("optional"):
        notes.append("leave out for all")
    return "; ".join(filter(None, [label, *notes]))


def parameters(query: CannedQuery, choices_of) -> list[dict]:
    """The query's own parameters as OpenAPI parameter objects (`choices_of(query, name)` gives a
    parameter's values in the data)."""
    described = []
    for name, spec in query.parameters.items():
        choices = choices_of(query, name)
        required = not spec.get("optional") and spec.get("default") in (None, "")
        described.append({"name": name, "in": "query", "required": required,
                          "description": _parameter_text(spec, choices), "schema": parameter_schema(spec, choices)})
    return described


def _common(query: CannedQuery) -> list[dict]:
    """The parameters every results address takes, but those the query declares itself (a
    query's own `lang` names its answer's names' language, and is described with it)."""
    return [parameter for parameter in _every_common(query) if parameter["name"] not in query.parameters]


def _every_common(query: CannedQuery) -> list[dict]:
    return [
        {"name": "format", "in": "query", "required": False,
         "description": "The result format (else the Accept header decides; the first is the default).",
         "schema": {"type": "string", "enum": formats(query), "default": formats(query)[0]}},
        {"name": "lang", "in": "query", "required": False,
         "description": "The reader's language (remembered in a cookie for the pages).",
         "schema": {"type": "string", "enum": list(LANGUAGES)}},
    ]


def operation(query: CannedQuery, choices_of) -> dict:
    content = {media_type(query, key): {} for key in formats(query)}
    return {
        "operationId": query.name,
        "summary": query.title["en"],
        "description": query.description["en"],
        "tags": [f"Competency question {number}" for number in query.questions] or ["Other"],
        "parameters": parameters(query, choices_of) + _common(query),
        "responses": {"200": {"description": f"The answer ({kind(query)}), as a download named {query.name}.EXT.",
                              "headers": {"ETag": {"schema": {"type": "string"}}}, "content": content},
                      "304": {"description": "Not modified (If-None-Match)."},
                      **{status: {"description": text, "content": {"text/plain": {}}}
                         for status, text in ERRORS.items()}},
    }


def openapi(queries: dict[str, CannedQuery], choices_of, version: str, root: str) -> dict:
    """The OpenAPI 3.1 document of the canned queries over the data version `version`, served from
    `root` (the public address, proxy prefix included)."""
    paths = {f"/queries/{name}/results": {"get": operation(query, choices_of)} for name, query in queries.items()}
    paths["/queries/"] = {"get": {
        "operationId": "list", "summary": "The canned queries, their parameters and formats",
        "parameters": [{"name": "format", "in": "query", "required": False, "schema": {"type": "string",
                                                                                         "enum": ["json", "html"]}}],
        "responses": {"200": {"description": "The list (JSON with format=json or Accept: application/json).",
                              "content": {"application/json": {}, "text/html": {}}}}}}
    return {
        "openapi": OPENAPI,
        "info": {
            "title": "hva-graph canned queries",
            "version": version,
            "summary": "Comparisons of Finland's wellbeing services counties' strategies, as ready-made queries.",
            "description": ("Each canned query answers a competency question over the graph; its parameters are "
                            "bound as RDF terms, never pasted into the query. `info.version` is the data version "
                            "served, and the allowed values are that data's. Ad-hoc SPARQL: /sparql."),
            "license": {"name": "CC BY 4.0 (the data)", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": root.rstrip("/")}],
        "paths": paths,
    }


def listing(queries: dict[str, CannedQuery], choices_of, root: str) -> list[dict]:
    """The canned queries as a plain JSON list: names, texts in fi/sv/en, parameters, formats, URLs."""
    root = root.rstrip("/")
    return [{
        "name": name,
        "title": query.title,
        "description": query.description,
        "questions": list(query.questions),
        "parameters": {p["name"]: {**p["schema"], "required": p["required"], "description": p["description"]}
                       for p in parameters(query, choices_of)},
        "formats": {key: media_type(query, key) for key in formats(query)},
        "page": f"{root}/queries/{name}",
        "results": f"{root}/queries/{name}/results",
    } for name, query in queries.items()]
