"""What a query's text says, read once before the query reaches the engine: its form (or that
it is an update), its dataset clauses, where its WHERE group opens, how deeply it nests, and
its SERVICE clauses (read_query).

Oxigraph evaluates SERVICE by calling the remote endpoint, so a public endpoint must
find SERVICE clauses itself. The text is read token by token, left to right, as the
SPARQL grammar lexes it: strings, IRIs and comments are skipped, so a "SERVICE" inside
them is not mistaken for the keyword; and names (variables, prefixed names with their
escapes) are read whole, so a `#` or `'` inside a name cannot start a comment or a
string that hides the keyword.

Oxigraph's parser is not a lexer with longest matches: it accepts a keyword glued to the
token before it (`?c.SERVICE`, `1SERVICE`, `trueSERVICE`) and backtracks on an
undeclared prefix. So the check errs on the side of refusing: the letters SERVICE count
as the keyword wherever they appear outside a string, IRI or comment, unless they sit
in a variable name or in the plain local part of a prefixed name (`?service`,
`hva:ServiceOrganiser`), which no parse can split. And where `<` may be the less-than
operator (after an operand inside parentheses) both readings, IRI and operator, are
followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_U = _BASE + "_"
_CHARS = _U + "0-9\\-\u00B7\u0300-\u036F\u203F-\u2040"  # PN_CHARS
_VARCHARS = _U + "0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_ECHAR = r"(?:\\[tbnrf\\\"']|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = rf"(?:[{_U}0-9:]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"

_TOKEN = re.compile("|".join((
    r"(?P<space>\s+)",
    r"(?P<comment>#[^\r\n]*)",
    rf'(?P<string>"""(?:[^"\\]|{_ECHAR}|"(?!""))*"""|\'\'\'(?:[^\'\\]|{_ECHAR}|\'(?!\'\'))*\'\'\''
    rf'|"(?:[^"\\\r\n]|{_ECHAR})*"|\'(?:[^\'\\\r\n]|{_ECHAR})*\')',
    r"(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)",
    rf"(?P<var>[?$][{_VARCHARS}]+)",
    rf"(?P<bnode>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)",
    rf"(?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)",
    r"(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
    rf"(?P<word>[{_U}0-9]+)",
    r"(?P<other>.)",
)), re.S)

_SERVICE = re.compile("service", re.I)
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_-]*")
_NOT_OPERANDS = set("(,=!&|+-*/<>^")
"""After these, `<` always opens an IRI; after anything else inside parentheses it may be less-than."""
_STEPS_PER_CHARACTER = 2
"""Tokens read over all readings, per character of the query (one reading needs at most one);
a query needing more is refused as unreadable."""


class _Unreadable(Exception):
    pass


def _hides_service(kind: str, text: str) -> bool:
    """Whether every occurrence of SERVICE in this token is safely part of a name."""
    if kind in ("space", "comment", "string", "iri"):
        return True
    if kind == "var":
        return True
    if kind == "pname":
        prefix, _, local = text.partition(":")
        if _SERVICE.search(prefix):
            return False
        return all(_PLAIN_LOCAL.fullmatch(local[:m.start()]) for m in _SERVICE.finditer(local))
    return not _SERVICE.search(text)


def _tokens(query: str, start: int):
    position = start
    while position < len(query):
        match = _TOKEN.match(query, position)
        yield match.lastgroup, match.group(), position
        position = match.end()


Token = tuple  # (kind, text, position)


@dataclass(frozen=True)
class QueryFacts:
    """What the text of one query says, read once (see read_query)."""
    form: str | None
    """SELECT, CONSTRUCT, DESCRIBE or ASK; None for anything else (an update, a typo)."""
    dataset: tuple[tuple[bool, str | None], ...]
    """(NAMED?, IRI) for every FROM and FROM NAMED clause; the IRI is None where it cannot be resolved."""
    where_start: int | None
    """The position just after the `{` that opens the query's WHERE group; None when the query
    has none that a VALUES block may open (CONSTRUCT WHERE, DESCRIBE without a pattern)."""
    services: tuple[str | None, ...]
    """The endpoint IRI of every SERVICE clause; None where it is a variable, cannot be
    resolved, or the keyword cannot be told apart from its surroundings."""
    update: bool = False
    """Whether the text is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR …) rather than a query."""
    depth: int = 0
    """The deepest nesting of brackets, braces and parentheses (see MAX_DEPTH)."""

    @property
    def declares_dataset(self) -> bool:
        """Whether the query names its own dataset (FROM or FROM NAMED), which then replaces the
        endpoint's default dataset (SPARQL 1.1 Query, 13.2). Subqueries cannot have one."""
        return bool(self.dataset)


def read_query(query: str) -> QueryFacts:
    """Read the text once: the SERVICE scan's first reading is the plain token stream, from
    which everything else is taken."""
    if _SERVICE.search(query) is None:  # no SERVICE anywhere, so one plain reading is all there is
        positions, tokens = set(), [(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(query)]
    else:
        try:
            positions, tokens = _service_positions(query)
        except _Unreadable:
            positions, tokens = None, list(_tokens(query, 0))
    significant = [t for t in tokens if t[0] not in ("space", "comment")]
    prefixes = _prefixes(significant)
    if positions is None:
        services: tuple[str | None, ...] = (None,)
    else:
        services = tuple(_target(query, position, prefixes) for position in sorted(positions))
    keyword = _first_keyword(significant)
    return QueryFacts(_form(keyword), tuple(_dataset(significant, prefixes)), _where_start(significant),
                      services, keyword in UPDATE_KEYWORDS, _depth(significant))


def _prefixes(significant: list[Token]) -> dict[str, str | None]:
    """PREFIX declarations; a prefix declared twice differently is None."""
    declared: dict[str, str | None] = {}
    for (k1, t1, _), (k2, t2, _), (k3, t3, _) in zip(significant, significant[1:], significant[2:]):
        if k1 == "word" and t1.upper() == "PREFIX" and k2 == "pname" and t2.endswith(":") and k3 == "iri":
            name, iri = t2[:-1], t3[1:-1]
            declared[name] = iri if declared.get(name, iri) == iri else None
    return declared


def _expand(text: str, prefixes: dict[str, str | None]) -> str | None:
    """The IRI of a prefixed name, or None when its prefix is unknown or ambiguous."""
    prefix, _, local = text.partition(":")
    base = prefixes.get(prefix)
    return None if base is None else base + re.sub(r"\\(.)", r"\1", local)


def _target(query: str, position: int, prefixes: dict[str, str | None]) -> str | None:
    """The endpoint IRI of the SERVICE keyword token that starts at position."""
    significant = (t for t in _tokens(query, position) if t[0] not in ("space", "comment"))
    keyword = next(significant)
    if keyword[1].upper() != "SERVICE":
        return None  # glued to something: refuse rather than guess
    kind, text, _ = next(significant, ("other", "", 0))
    if kind == "word" and text.upper() == "SILENT":
        kind, text, _ = next(significant, ("other", "", 0))
    if kind == "iri":
        return text[1:-1]
    if kind == "pname":
        return _expand(text, prefixes)
    return None


def _service_positions(query: str) -> tuple[set[int], list[Token]]:
    """Start of every token that may hold the SERVICE keyword, under every reading of `<`; and
    the tokens of the first reading (`<` always an IRI), which is the plain token stream."""
    found: set[int] = set()
    first: list[Token] = []
    seen: set[tuple[int, int, bool]] = set()
    stacks: dict[tuple[int, str], int] = {}  # open brackets as numbered (outer stack, bracket) pairs
    outer: list[tuple[int, str]] = [(-1, "")]  # stack number -> (outer stack number, innermost bracket)
    pending = [(0, 0, False)]  # position, stack number, previous token an operand
    budget = _STEPS_PER_CHARACTER * len(query) + 1000
    reading = 0
    while pending:
        position, stack, operand = pending.pop()
        reading += 1
        while position < len(query):
            state = (position, stack, operand)
            if state in seen:
                break  # another reading has been here in the same state
            seen.add(state)
            if len(seen) > budget:
                raise _Unreadable
            match = _TOKEN.match(query, position)
            kind, text = match.lastgroup, match.group()
            if reading == 1:
                first.append((kind, text, position))
            if kind == "iri" and operand and outer[stack][1] == "(":
                pending.append((position + 1, stack, False))  # the other reading: `<` is less-than
            if not _hides_service(kind, text):
                found.add(position)
            if kind not in ("space", "comment"):
                if text in ("(", "{", "["):
                    key = (stack, text)
                    if key not in stacks:
                        stacks[key] = len(outer)
                        outer.append(key)
                    stack = stacks[key]
                elif text in (")", "}", "]"):
                    stack = max(outer[stack][0], 0)
                operand = not (kind == "other" and text in _NOT_OPERANDS or text in ("(", "{", "["))
            position = match.end()
    return found, first


QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
"""The words an update operation opens with (SPARQL 1.1 Update, 3.1 and 3.2)."""

MAX_DEPTH = 128
"""The deepest nesting of ( { [ accepted. Oxigraph parses and evaluates a query recursively: on
a default 8 MB thread stack it crashed its process at 712 nested EXISTS, 960 nested STR( and
2,208 nested braces (benchmarks/NESTING.md); real queries nest about ten deep. Refusing deeper
text costs one count here, and keeps every query far from any stack."""


def _first_keyword(significant: list[Token]) -> str | None:
    """The first keyword after the prologue (PREFIX and BASE declarations)."""
    for kind, text, _ in significant:
        if kind == "word" and text.upper() not in ("PREFIX", "BASE"):
            return text.upper()
    return None


def _form(keyword: str | None) -> str | None:
    """The query form (a subquery's SELECT always comes after the first keyword)."""
    return keyword if keyword in QUERY_FORMS else None


def _depth(significant: list[Token]) -> int:
    deepest = depth = 0
    for _, text, _ in significant:
        if text in ("(", "{", "["):
            depth += 1
            deepest = max(deepest, depth)
        elif text in (")", "}", "]"):
            depth = max(depth - 1, 0)
    return deepest


def _where_start(significant: list[Token]) -> int | None:
    tokens = iter(significant)
    form = None
    for kind, text, _ in tokens:
        if kind == "word" and text.upper() in QUERY_FORMS:
            form = text.upper()
            break
    if form is None:
        return None
    depth, template = 0, form == "CONSTRUCT"
    for kind, text, position in tokens:
        if template:  # CONSTRUCT { template } [FROM …] WHERE { … }
            if text == "{":
                depth += 1
            elif text == "}":
                depth -= 1
                if depth == 0:
                    template = False
            elif depth == 0:
                return None  # CONSTRUCT WHERE { … }: the group is the template too
            continue
        if text == "(":
            depth += 1  # SELECT (EXISTS { … } AS ?x): a group inside an expression
        elif text == ")":
            depth -= 1
        elif text == "{" and depth == 0:
            return position + 1
    return None


def _dataset(significant: list[Token], prefixes: dict[str, str | None]):
    for index, (kind, text, _) in enumerate(significant):
        if kind != "word" or text.upper() != "FROM":
            continue
        following = significant[index + 1:index + 3]
        named = bool(following) and following[0][0] == "word" and following[0][1].upper() == "NAMED"
        if named:
            following = following[1:]
        kind, text, _ = following[0] if following else ("other", "", 0)
        if kind == "iri":
            yield named, text[1:-1]
        elif kind == "pname":
            yield named, _expand(text, prefixes)
        else:
            yield named, None
