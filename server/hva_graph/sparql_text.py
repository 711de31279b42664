"""Lexical checks on SPARQL text made before a query reaches the engine.

Oxigraph evaluates SERVICE by calling the remote endpoint, so a public endpoint must
find SERVICE clauses itself. Strings, IRIs and comments are blanked out first, so a
"SERVICE" inside them is not mistaken for the keyword, and the keyword cannot hide
in them either.
"""

from __future__ import annotations

import re

_TOKENS = re.compile(
    r'''(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')'''
    r'''|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'''
    r'''|(?P<comment>\#[^\n]*)''',
    re.S,
)
_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:-])\s*(?:SILENT\s*)?(\S*)", re.I)
_PREFIX = re.compile(r"(?<![\w?$:-])PREFIX\s+([\w.-]*):\s*(\x00\d+\x00)", re.I)


def _blank(query: str) -> tuple[str, list[str]]:
    """The query with strings and comments replaced by spaces and IRIs by numbered marks."""
    iris: list[str] = []

    def replace(match: re.Match) -> str:
        if match.lastgroup == "iri":
            iris.append(match.group()[1:-1])
            return f" \x00{len(iris) - 1}\x00 "
        return " "

    return _TOKENS.sub(replace, query), iris


def service_targets(query: str) -> list[str | None]:
    """The endpoint IRI of every SERVICE clause; None where it is a variable or unresolvable."""
    text, iris = _blank(query)
    prefixes = {name: iris[int(mark.strip("\x00"))] for name, mark in _PREFIX.findall(text)}
    targets: list[str | None] = []
    for match in _SERVICE.finditer(text):
        token = match.group(1)
        if token.startswith("\x00"):
            targets.append(iris[int(token.split("\x00")[1])])
        elif ":" in token and not token.startswith(("?", "$")):
            prefix, local = token.split(":", 1)
            base = prefixes.get(prefix)
            targets.append(base + re.split(r"[\s{]", local)[0] if base is not None else None)
        else:
            targets.append(None)
    return targets
