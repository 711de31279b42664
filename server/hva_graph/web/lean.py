"""The lean road for machine clients: a SPARQL query (GET, or POST as form or body) and one of
the graph's IRIs as RDF, answered without Flask's dispatch, hooks and response objects, which
took most of the web process's time per computed answer and which only pages need. The protocol
work is the same as on Flask's road (views/sparql.py, views/resources.py), through the same
functions: the request's limits and parsing (sparql.protocol), negotiation and ETags
(answers.py), the security headers, CORS where Flask's road gives it (/sparql), and the gunicorn
access log (unchanged: it is the front's). The engine's serialised answer is passed on as it is.

Whatever this road does not serve goes on to Flask unchanged: a browser navigating (it may get
an HTML page or an HTML error page), an answer that would be a page (HTML negotiated), /sparql
without a query (the editor or the service description), `lang=` (which sets a cookie), a
format this road does not know or nothing acceptable (Flask's 400 and 406), and CORS
preflights. The response cache (in front) and admission (fair shares) are the same for both
roads; tests/test_lean_road.py holds the two roads' answers equal."""

from __future__ import annotations

import io

from flask import Flask
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from ..sparql.formats import HTML, UnknownFormat, not_acceptable_message
from ..sparql.protocol import ProtocolError, parse_operation
from .answers import EXPOSED, answer_headers, etag_of, job_of, negotiated, resource_format, wants_page
from .cache import CACHEABLE
from .headers import HEADERS
from .messages import LANGUAGES
from .resources import describe_resource, successors
from .site import COOKIE, site_of

PATHS = ("/sparql", "/sparql/")
STATUS = {200: "200 OK", 304: "304 Not Modified", 400: "400 Bad Request", 403: "403 Forbidden",
          405: "405 Method Not Allowed", 406: "406 Not Acceptable", 413: "413 Request Entity Too Large",
          414: "414 Request-URI Too Long", 415: "415 Unsupported Media Type", 422: "422 Unprocessable Entity",
          429: "429 Too Many Requests", 500: "500 Internal Server Error", 502: "502 Bad Gateway",
          503: "503 Service Unavailable"}


class LeanSparql:
    """WSGI middleware in front of the Flask app (`app`: its wsgi_app; `flask_app`: the app)."""

    def __init__(self, app, flask_app: Flask):
        self.app, self.flask_app = app, flask_app
        self.request_class = type("LeanRequest", (Request,),
                                  {"max_content_length": flask_app.config.get("MAX_CONTENT_LENGTH")})

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if _for_flask(environ):
            return self.app(environ, start_response)
        if path.startswith(RESOURCES) and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return self._resource(environ, start_response)
        if path not in PATHS:
            return self.app(environ, start_response)
        request = self.request_class(environ)
        service = site_of(self.flask_app).service
        settings = service.settings
        try:
            operation = parse_operation(request, settings.max_query_length, settings.service_allowlist)
            formats = None if operation.query is None else negotiated(environ.get("HTTP_ACCEPT"), operation.format)
        except ProtocolError as error:
            return _plain(error.status, error.message, error.headers, environ, start_response)
        except RequestEntityTooLarge:  # as Flask's road says it (errors.py)
            return _plain(413, f"The request body is larger than the limit of {settings.max_request_bytes} bytes.",
                          {}, environ, start_response)
        if formats is None or wants_page(formats):
            return self.app(_rewound(request, environ), start_response)
        etag = etag_of(service, operation, formats)
        method = environ.get("REQUEST_METHOD")
        if method in ("GET", "HEAD") and etag in request.if_none_match:
            return _send(304, {"ETag": f'"{etag}"', "Vary": "Accept"}, b"", environ, start_response)
        outcome = service.runner.run(job_of(service, operation, formats))
        if outcome.status == 406:
            message = not_acceptable_message(outcome.kind, request.headers.get("Accept", ""))
            return _plain(406, message, {"Vary": "Accept"}, environ, start_response)
        if outcome.status != 200:
            retry = {"Retry-After": str(outcome.retry_after)} if outcome.retry_after else {}
            return _plain(outcome.status, outcome.message, retry, environ, start_response)
        if method == "GET":
            environ[CACHEABLE] = service.etag_base
        headers = answer_headers(outcome, formats[outcome.kind][1])
        headers["ETag"] = f'"{etag}"'
        return _send(200, headers, outcome.body, environ, start_response)


    def _resource(self, environ, start_response):
        """One of the graph's IRIs as RDF (views/resources.py gives the same answer, and every
        other: its page, a plain-text reading, a 400 or 406)."""
        request = self.request_class(environ)
        site = site_of(self.flask_app)
        iri, kind = _resource_of(request.path, site.settings.base_iri)
        format_parameter = request.args.get("format")
        try:
            chosen = None if iri is None or (format_parameter or "").lower() == "text" else \
                resource_format(environ.get("HTTP_ACCEPT"), format_parameter)
        except UnknownFormat:
            chosen = None
        service = site.service
        # Flask's road for everything but the resource as RDF: a page, a citation, a release's
        # version (?release=), a replaced resource's redirect, and a 404 or 410 for one not here.
        if chosen is None or chosen == HTML or "release" in request.args or \
                (kind == "resource" and successors(service, iri)):
            return self.app(environ, start_response)
        key, media_type = chosen
        outcome = describe_resource(service, iri, kind, key)
        if outcome.status != 200:
            retry = {"Retry-After": str(outcome.retry_after)} if outcome.retry_after else {}
            return _own(_text(outcome.status, outcome.message, retry), environ, start_response)
        if outcome.count == 0:
            return self.app(environ, start_response)
        response = Response(outcome.body, content_type=f"{media_type}; charset=utf-8")
        response.headers["Content-Location"] = f"{request.script_root}{request.path}?format={key}"
        response.headers["Link"] = f'<{iri}>; rel="canonical"'
        response.headers["Vary"] = "Accept, Accept-Language, Accept-Encoding"
        response.set_etag(service.etag(iri, request.headers.get("Accept"), request.query_string, _language(request)))
        response = response.make_conditional(environ)
        if environ.get("REQUEST_METHOD") == "GET" and response.status_code == 200:
            environ[CACHEABLE] = service.etag_base
        return _own(response, environ, start_response)


RESOURCES = ("/id/", "/graph/", "/ontology")


def _resource_of(path: str, base: str) -> tuple[str | None, str | None]:
    """The IRI and kind a path names, as views/resources.py routes it; (None, None) for any other."""
    if path.startswith("/id/") and len(path) > len("/id/"):
        return base + path[1:], "resource"
    name = path[len("/graph/"):]
    if path.startswith("/graph/") and name and "/" not in name:
        return base + "graph/" + name, "graph"
    if path == "/ontology":
        return base + "ontology", "ontology"
    return None, None


def _language(request: Request) -> str:
    """site.language() without Flask (no lang= here: that goes to Flask's road)."""
    remembered = request.cookies.get(COOKIE)
    return remembered if remembered in LANGUAGES else request.accept_languages.best_match(LANGUAGES) or "en"


def _text(status: int, message: str, headers: dict | None = None) -> Response:
    response = Response(message.rstrip() + "\n", status=status, content_type="text/plain; charset=utf-8",
                        headers=headers or {})
    response.vary.add("Accept-Encoding")
    return response


def _own(response: Response, environ, start_response):
    """A resource's answer with the security headers and CORS, as Flask's road gives them
    (web/app.py: every resource is public and read-only)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    origin = environ.get("HTTP_ORIGIN")
    response.headers["Access-Control-Allow-Origin"] = origin or "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if origin:
        response.vary.add("Origin")
    return response(environ, start_response)


def _for_flask(environ) -> bool:
    """What only Flask's road serves: a browser navigating (pages, HTML error pages), `lang=`
    (a cookie), CORS preflights."""
    return (environ.get("REQUEST_METHOD") == "OPTIONS" or environ.get("HTTP_SEC_FETCH_MODE") == "navigate"
            or (environ.get("HTTP_UPGRADE_INSECURE_REQUESTS") == "1" and "HTTP_SEC_FETCH_MODE" not in environ)
            or "lang=" in environ.get("QUERY_STRING", ""))


def _rewound(request: Request, environ):
    """The environ with the body this road has read put back, for Flask to read again."""
    if environ.get("REQUEST_METHOD") == "POST":
        body = request.get_data(cache=True)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
    return environ


def _plain(status: int, message: str, headers: dict, environ, start_response):
    body = (message.rstrip() + "\n").encode("utf-8")
    return _send(status, {"Content-Type": "text/plain; charset=utf-8", **headers}, body, environ, start_response)


def _send(status: int, headers: dict, body: bytes, environ, start_response):
    """Headers as Flask's road gives them: the answer's, Vary with Accept-Encoding (pages are
    compressed, answers are not), CORS for any origin, the security headers."""
    vary = headers.pop("Vary", None)
    origin = environ.get("HTTP_ORIGIN")
    length = [] if status == 304 else [("Content-Length", str(len(body)))]  # RFC 9110, 8.6: not a 304's
    listed = [*headers.items(), *length,
              ("Vary", f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"),
              ("Access-Control-Allow-Origin", origin or "*"), ("Access-Control-Expose-Headers", EXPOSED),
              *HEADERS.items()]
    if origin:  # the answer names the origin it was asked from: caches must tell origins apart
        listed.append(("Vary", "Origin"))
    start_response(STATUS.get(status) or f"{status} Error", listed)
    return [] if environ.get("REQUEST_METHOD") == "HEAD" or status == 304 else [body]
