"""Documents the text names beside the strategy (a service strategy, a budget, a staff programme …):
each once, at its first mention in the text (not in a heading), explained or handled by the
statements that name it."""

from __future__ import annotations

from . import phrases
from .model import EVENTS, Drafted


def add_documents(rules) -> None:
    seen: dict[tuple[str, str], Drafted] = {}
    for block in rules.blocks:
        if block.kind in ("heading", "row"):
            continue
        for found in phrases.documents(rules.text, block.start, block.end):
            key = (found.value, found.cue.lower()[:8])
            document = seen.get(key)
            if document is None:
                document = rules.add(found.value, *found.span, found.cue, "document-noun")
                if document is None:
                    continue
                seen[key] = document
            _link(rules, document, found.span)


def _link(rules, document: Drafted, span: tuple[int, int]) -> None:
    for law in rules.out:
        if law.kind == "LegalRequirement" and law.cues["type"].rule == "legal-citation" and law.parent is None \
                and 0 <= law.span[0] - span[1] <= 3 and rules.text[span[1]:law.span[0]].strip() in ("(", ""):
            law.parent = document  # "… taustaselvitys … (Laki … 29 §:n 2 momentti)": the report's legal basis
            law.propose("partOf", rules.text[slice(*document.span)][:40], "citation-after-document")
    for statement in rules.out:
        if statement is document or not (statement.span[0] <= span[0] and span[1] <= statement.span[1]):
            continue
        if statement.kind == "Explanation" and document not in statement.explains:
            statement.explains.append(document)
        elif statement.kind in EVENTS and document not in statement.concerns:
            statement.concerns.append(document)
            if not _names_strategy(rules, statement, span) and "strategy" in statement.concerns:
                statement.concerns.remove("strategy")


def _names_strategy(rules, statement: Drafted, document_span: tuple[int, int]) -> bool:
    from .classify import Reading

    start, end = statement.span
    outside = [w for w in Reading.of(rules.text, start, end).words
               if not (document_span[0] <= w.start < document_span[1])]
    return any("strategia" in w.lemmas for w in outside)
