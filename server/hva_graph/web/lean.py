"""The lean road for machine clients: a SPARQL query (GET, or POST as form or body) answered
without Flask's dispatch, hooks and response objects, which took most of the web process's time
per computed answer and which only pages need. The protocol work is the same as on Flask's road
(views/sparql.py), through the same functions: the request's limits and parsing (sparql.protocol),
negotiation and ETags (answers.py), the security headers, CORS, and the gunicorn access log
(unchanged: it is the front's). The engine's serialised answer is passed on as it is.

Whatever this road does not serve goes on to Flask unchanged: a browser navigating (it may get
an HTML page or an HTML error page), an answer that would be a page (HTML negotiated), /sparql
without a query (the editor or the service description), `lang=` (which sets a cookie), and
CORS preflights. The response cache (in front) and admission (fair shares) are the same for
both roads."""

from __future__ import annotations

import io

from flask import Flask
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request

from ..sparql.formats import not_acceptable_message
from ..sparql.protocol import ProtocolError, parse_operation
from .answers import EXPOSED, answer_headers, etag_of, job_of, negotiated, wants_page
from .cache import CACHEABLE
from .headers import HEADERS
from .site import site_of

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
        if environ.get("PATH_INFO") not in PATHS or _for_flask(environ):
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
            environ[CACHEABLE] = service.version
        headers = answer_headers(outcome, formats[outcome.kind][1])
        headers["ETag"] = f'"{etag}"'
        return _send(200, headers, outcome.body, environ, start_response)


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
    listed = [*headers.items(), ("Content-Length", str(len(body))),
              ("Vary", f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"),
              ("Access-Control-Allow-Origin", origin or "*"), ("Access-Control-Expose-Headers", EXPOSED),
              *HEADERS.items()]
    start_response(STATUS.get(status) or f"{status} Error", listed)
    return [] if environ.get("REQUEST_METHOD") == "HEAD" or status == 304 else [body]
