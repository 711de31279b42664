"""Security headers on every answer the app gives (pages, results, dumps, errors, cached replays).

The Content-Security-Policy allows only this server's own scripts, styles, images and fonts:
YASGUI and Vega-Lite are served from here (no CDN), run without inline scripts, and the editor
asks only this endpoint. The pages' own `<script type="application/ld+json">` (schema.org
Dataset) and `<script type="application/json">` (the editor's configuration) are data blocks,
which browsers never run, so script-src does not apply to them and needs no hash. Inline styles
stay allowed because CodeMirror (in YASGUI) and Vega position their elements with style
attributes, and YASR's column resizer adds a style element (web/static/editor.css carries its
rules too, so the pages also work where styles are 'self' only: tests/test_browser_tasks.py);
no script can be injected through a style.
Nothing may frame a page (clickjacking), and no response may be sniffed into another type: an
error that echoes a query is plain text, and stays so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # start-up hands HEADERS to the HTTP front (front/) without loading Flask
    from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def install(app: Flask) -> None:
    app.after_request(add_security_headers)
