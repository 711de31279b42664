"""SPARQL shown with syntax highlighting, rendered on the server by Pygments (no JavaScript)."""

from __future__ import annotations

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import SparqlLexer

_FORMATTER = HtmlFormatter(cssclass="sparql", wrapcode=True)


def highlight_sparql(text: str) -> Markup:
    return Markup(highlight(text, SparqlLexer(), _FORMATTER))


def stylesheet() -> str:
    return _FORMATTER.get_style_defs(".sparql")
