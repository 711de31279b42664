"""Words marked where a search found them: the forms a canned query lists (graph/search's
hva:matchedForm, as written in the text, joined by " | " as the canned queries join lists)
become <mark> in the columns that hold the text."""

from __future__ import annotations

import re

from markupsafe import Markup, escape


def mark_words(table: dict, words_column: str, text_columns: list[str]) -> None:
    """Give each cell of `text_columns` a `marked` rendering with the row's words marked."""
    for row in table["rows"]:
        words = [word for word in (row.get(words_column) or {}).get("value", "").split(" | ") if word]
        if not words:
            continue
        pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))
                             + r")(?!\w)", re.IGNORECASE)
        for column in text_columns:
            cell = row.get(column)
            if cell is not None and cell.get("type") == "literal":
                cell["marked"] = marked(cell["value"], pattern)


def marked(text: str, pattern: re.Pattern) -> Markup:
    """The text, escaped, with every match of `pattern` in <mark>."""
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last:match.start()]), Markup("<mark>{}</mark>").format(match.group())]
        last = match.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def searched_terms(query, parameters: dict) -> list[list[str]]:
    """The terms each word of a search looked for (the table its `search` parameter bound:
    word number, term, …), so an answer can say what was searched."""
    found: dict[int, set[str]] = {}
    for name, spec in query.parameters.items():
        table = parameters.get(f"{name} terms")
        if spec.get("type") != "search" or table is None:
            continue
        for row in table[2]:
            found.setdefault(int(row[0][1]), set()).add(row[1][1])
    return [sorted(terms) for _, terms in sorted(found.items())]
