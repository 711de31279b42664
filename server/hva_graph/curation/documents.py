"""Documents the text names beside the strategy (a service strategy, a budget, a staff programme …):
each once, at its first mention in the text (not in a heading), explained or handled by the
statements that name it; a line that is a document's name and its years, or its name, a dash and
what happened to it."""

from __future__ import annotations

import os
import re

from . import classify, cues, dates, phrases
from .classify import Reading
from .layout import trim
from .model import EVENTS, Drafted


def add_documents(rules) -> None:
    seen: dict[tuple[str, str], Drafted] = {}
    for block in rules.blocks:
        if block.kind in ("heading", "row"):
            continue
        for found in phrases.documents(rules.text, block.start, block.end) + _other_strategies(rules, block):
            key = (found.value, found.cue.lower()[:8])
            document = seen.get(key) or _named_already(rules, found)
            if document is None:
                document = rules.add(found.value, *found.span, found.cue, "document-noun")
                if document is None:
                    continue
                seen[key] = document
                _submitted(rules, document)
            _link(rules, document, found.span)


def _named_already(rules, found: phrases.Found) -> Drafted | None:
    """A document a line already names with its years ("Helsingin kaupungin talousarvio 2023")."""
    return next((d for d in rules.out if d.kind == found.value and d.span[0] <= found.span[0]
                 and found.span[1] <= d.span[1]), None)


def _other_strategies(rules, block) -> list[phrases.Found]:
    """"… johdetaan kaupunkistrategiasta, jonka kaupunginvaltuusto hyväksyi 6.10.2021": the strategy of the
    whole city (or a municipality, a region) that a division's or county's strategy names is a document
    beside it, unless it is the text's own strategy (a city strategy's page)."""
    from .language import words
    from .status import OTHER_LEVELS, own_names

    own = own_names(rules.text, rules.strategy_span)
    return [phrases.Found("RelatedDocument", (w.start, w.end), w.text) for w in words(rules.text[block.start:block.end],
                                                                                       block.start)
            if any(b.endswith("strategia") and b.startswith(OTHER_LEVELS) and b not in own for b in w.base)]


def _submitted(rules, document: Drafted) -> None:
    """"… toukokuussa 2023 STM:lle ja THL:lle toimittama taustaselvitys": a document's name that says
    when it was submitted, prepared or published (a dated participle of such a verb before it) names
    that event too, from the name's start to the participle (a participle of deciding, "14.6.2023
    aluevaltuuston hyväksymällä", names the decision the text gives anyway)."""
    from .events import event

    start, end = document.span
    reading = Reading.of(rules.text, start, end)
    participle = next((w for w in reading.words if w.has("PARTICIPLE", "agent") and _preparing(w)), None)
    if participle is None or not dates.find(rules.text[start:participle.start], start, rules._year(start)):
        return
    made = event(rules, start, participle.end, Reading.of(rules.text, start, participle.end), "participle-before-document")
    if made is not None:
        made.concerns = [document]


def _preparing(word) -> bool:
    """An agent participle ("toimittama", "laatima", "julkaisema") of a verb of preparing or publishing."""
    return any(len(os.path.commonprefix([base, verb])) >= max(5, len(verb) - 3)
               for base in word.base for verb in cues.PREPARATION_VERBS - cues.STARTING_VERBS)


def _link(rules, document: Drafted, span: tuple[int, int]) -> None:
    for law in rules.out:
        if law.kind == "LegalRequirement" and law.cues["type"].rule == "legal-citation" and law.parent is None \
                and 0 <= law.span[0] - span[1] <= 3 and rules.text[span[1]:law.span[0]].strip() in ("(", ""):
            law.parent = document  # "… taustaselvitys … (Laki … 29 §:n 2 momentti)": the report's legal basis
            law.propose("partOf", rules.text[slice(*document.span)][:40], "citation-after-document")
    for statement in rules.out:
        between = rules.text[span[1]:statement.span[0]]
        if statement.kind in EVENTS and document not in statement.concerns and (
                re.fullmatch(r"\s[–-]\s+", between) or statement.cues["type"].rule == "relative-clause"
                and re.fullmatch(r",\s*(?:jo|mi)\w*\s+", between)):
            statement.concerns = [document]  # "Palvelustrategia – … hyväksyi …", "…, jonka … hyväksyi"
            continue
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


def dated_document(rules, start: int, end: int, reading: Reading) -> Drafted | None:
    """"Pelastustoimen palvelutasopäätös 2022–2025", "Helsingin kaupungin talousarvio 2023": a line of
    nothing but a document's name and its years is that document (carrying its years)."""
    named = phrases.documents(rules.text, start, end)
    if not named or classify.finite_verbs(reading):
        return None
    a, b = named[0].span
    rest = rules.text[start:a] + rules.text[b:end]
    if re.sub(r"(?:vuosille|vuodelle)?\s*20\d{2}(?:\s*[-–]\s*(?:20)?\d{2})?|[\s.,:()–-]", "", rest):
        return None
    return rules.add(named[0].value, start, end, named[0].cue, "dated-document-name")


def after_named_document(rules, start: int, end: int) -> int | None:
    """Where what a line says of a document begins, when the line is the document's name, a dash and
    a clause with a date ("Henkilöstöohjelma – valmistellaan syksyllä 2023"); None otherwise."""
    dash = re.search(r"\s[–-]\s+", rules.text[start:end])
    if dash is None or not dates.find(rules.text[start + dash.end():end], start + dash.end(), rules._year(start)):
        return None
    named = phrases.documents(rules.text, start, start + dash.start())
    if not named or named[0].span != trim(rules.text, start, start + dash.start()):
        return None
    return start + dash.end()
