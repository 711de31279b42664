"""What keeps the review page the curator's own: it answers only to its own loopback address,
and changes only come from its own pages.

- DNS rebinding: a site whose name an attacker points at 127.0.0.1 reaches this port with its
  own name in Host; only 127.0.0.1:PORT and localhost:PORT are answered (else 421 Misdirected
  Request, RFC 9110 15.5.20).
- Cross-site requests: every change is a POST carrying the session's token (a random value kept
  in a SameSite=Strict, HttpOnly session cookie and written into each form), from a page of this
  origin (Origin, or Referer where a browser sends no Origin); else 403.
- The pages load nothing from elsewhere and run no inline script (Content-Security-Policy), cannot
  be framed, and are never cached.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, abort, request, session

LOOPBACK = "127.0.0.1"
TOKEN_FIELD = "csrf"
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
    "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class BindRefused(ValueError):
    """The review page is served on the loopback address only."""


def check_bind(host: str) -> None:
    if host != LOOPBACK:
        raise BindRefused(f"the review page is bound to {LOOPBACK} only (it edits files on this machine); "
                          f"refusing to listen on {host!r}")


def origins(port: int) -> set[str]:
    return {f"http://{LOOPBACK}:{port}", f"http://localhost:{port}"}


def install(app: Flask, port: int) -> None:
    app.secret_key = secrets.token_bytes(32)
    app.config.update(SESSION_COOKIE_NAME=f"hva-curate-{port}", SESSION_COOKIE_SAMESITE="Strict",
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SECURE=False)
    hosts, allowed = {f"{LOOPBACK}:{port}", f"localhost:{port}"}, origins(port)

    @app.before_request
    def guard() -> None:
        if request.host not in hosts:
            abort(Response(f"This review page answers only at http://{LOOPBACK}:{port}/.\n", 421,
                           mimetype="text/plain"))
        if request.method not in ("GET", "HEAD"):
            if _origin() not in allowed:
                abort(Response("Changes come only from the review page itself.\n", 403, mimetype="text/plain"))
            sent, kept = request.form.get(TOKEN_FIELD, ""), session.get(TOKEN_FIELD, "")
            if not kept or not hmac.compare_digest(sent.encode(), kept.encode()):
                abort(Response("This change did not carry the review session's token: reload the page and "
                               "make it again.\n", 403, mimetype="text/plain"))

    @app.after_request
    def headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers[name] = value
        return response


def token() -> str:
    """The session's token, made on its first page."""
    if TOKEN_FIELD not in session:
        session[TOKEN_FIELD] = secrets.token_urlsafe(32)
    return session[TOKEN_FIELD]


def _origin() -> str | None:
    origin = request.headers.get("Origin")
    if origin is None and request.referrer:
        parts = urlsplit(request.referrer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return origin
