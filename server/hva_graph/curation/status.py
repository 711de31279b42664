"""A strategy's status as its text shows it, with the passage that shows it (data/README.md, "Status").

Adopted: the text says a body adopted the strategy itself. A version brought for decision: the
title block names a body's meeting and its date. A draft for comments: the text calls itself a
draft and asks for comments. A preparation plan: it says what is prepared, so its strategy is in
preparation (a stage of the strategy; the preparation plan is the kind of document, issue 20); so
is a strategy the text says is being prepared over a time. Otherwise the text does not say (not
stated); a page that only summarises and points to the strategy document is a web summary.
"""

from __future__ import annotations

import re

from . import classify, cues
from .classify import Reading
from .layout import trim
from .model import EVENTS, Drafted
from .outline import sentences

NOT_STATED = ("not-stated", "not-stated", None, "the text does not say whether the strategy is adopted")


def status(rules, drafted: list[Drafted], web_page: bool) -> tuple[str, str, tuple[int, int] | None, str]:
    text = rules.text
    for decision in drafted:
        if decision.kind == "Decision" and decision.decision_kind == "adopts" and decision.status == "Held" \
                and adopts_the_strategy(text, decision, own_names(text, rules.strategy_span)):
            span = _sentence_around(rules, decision.span)
            return "adopted", "web-summary-of-adopted" if web_page else "adopted", span, text[slice(*decision.span)]
    if rules.title_block is not None:
        cue = text[slice(*rules.title_block)]
        return "for-decision", "for-decision", rules.title_block, cue
    for block in rules.blocks:
        if block.kind == "row":
            continue
        for start, end in sentences(text, block.start, block.end):
            reading = Reading.of(text, start, end)
            if reading.has("luonnos", "strategialuonnos") and reading.has("kuulla", "kommentoida", "kommentti",
                                                                           "lausunto", "palaute", "kommentoitava"):
                if classify.decision_verb(reading) and classify.decision_kind(reading)[0] == "sends-draft-for-comments":
                    continue  # "hyväksyi/hyväksyy strategialuonnoksen lausunnoille": a body's step, past or planned
                if _timeline_step(drafted, start, end):
                    continue  # "• luonnos on lausunnoilla 5.12.2025 asti": a step of the timeline, no status
                return "draft-for-comments", "draft-for-comments", _before_call(text, start, end), reading.text
    for plan in drafted:
        if plan.kind == "PreparationPlan" and plan.parent is None:
            return "in-preparation", "preparation-plan", plan.span, text[slice(*plan.span)]
    for sentence in drafted:
        if _being_prepared(rules, sentence):
            content = any(d.kind in CONTENT for d in drafted)  # a plan tells how, with no content yet
            return "in-preparation", "in-preparation" if content else "preparation-plan", sentence.span, \
                text[slice(*sentence.span)]
    return _summary(rules) or NOT_STATED


CONTENT = {"Mission", "Vision", "Value", "StrategicGoal", "Priority", "StrategicPrinciple", "CriticalSuccessFactor",
           "ServicePromise", "EmployerPromise"}
"""What a strategy says (a document with any of it is no preparation plan, data/document-statuses.ttl)."""


def _timeline_step(drafted: list[Drafted], start: int, end: int) -> bool:
    """Whether a sentence is a timeline's item the rules drafted as an event (a hearing, a decision)."""
    return any(d.kind in EVENTS and d.cues["type"].rule == "timeline-item" and d.span[0] <= start < d.span[1]
               for d in drafted)


def _being_prepared(rules, sentence: Drafted) -> bool:
    """"Uusi hyvinvointialuestrategia valmistellaan vuoden 2025 aikana …": the text says the strategy is being
    prepared over a time (a present passive of preparing, the strategy its subject), so its content is not
    decided yet: in preparation (data/document-statuses.ttl), though no plan of the work follows."""
    from .clauses import prepared_over

    if sentence.kind != "Explanation" or sentence.when is None:
        return False
    reading = Reading.of(rules.text, *sentence.span)
    present = any(w.base & cues.PLAN_VERBS and w.has("PERSON", "4") and w.has("TENSE", "present_simple")
                  for w in reading.words)
    return present and prepared_over(rules, reading, sentence.when)


OTHER_LEVELS = ("kaupunki", "kunta", "maakunta")
"""A strategy of the whole city, a municipality or a region ("kaupunkistrategia") is another strategy than a
county's or a city division's own, unless the text's strategy is itself named so (a city strategy page)."""


def own_names(text: str, span: tuple[int, int] | None) -> frozenset[str]:
    """The base forms of the words that name the text's own strategy ("Kaupunkistrategia 2021–2025")."""
    return frozenset(b for w in Reading.of(text, *span).words for b in w.base) if span else frozenset()


def adopts_the_strategy(text: str, decision: Drafted, own: frozenset[str] = frozenset()) -> bool:
    """Whether a decision's words name the strategy itself (not a service strategy or another
    document the text names beside it, nor the city's strategy a division's strategy is derived
    from), or it concerns the strategy alone."""
    reading = Reading.of(text, *decision.span)
    named = [b for w in reading.words for b in w.base if b.endswith("strategia") and b not in cues.DOCUMENTS]
    if named and all(b.startswith(OTHER_LEVELS) and b not in own for b in named):
        return False  # "kaupunkistrategiasta, jonka kaupunginvaltuusto hyväksyi": another strategy's adoption
    return bool(named) or "strategy" in decision.concerns and not any(d != "strategy" for d in decision.concerns)


def _sentence_around(rules, span: tuple[int, int]) -> tuple[int, int]:
    for block in rules.blocks:
        if block.start <= span[0] < block.end + 1:
            for start, end in sentences(rules.text, block.start, block.end):
                if start <= span[0] and span[1] <= end + 1:
                    return start, end
    return span


def _before_call(text: str, start: int, end: int) -> tuple[int, int]:
    """A status sentence without the call to action it ends in ("… ajatuksia – tutustu ja vastaa …!")."""
    cut = re.search(r"\s[–-]\s", text[start:end])
    return trim(text, start, start + cut.start()) if cut else (start, end)


def _summary(rules):
    """A page that points to the strategy document for the rest is a web summary of it."""
    text = rules.text
    for block in rules.blocks:
        if block.kind not in ("paragraph", "item"):
            continue
        for start, end in sentences(text, block.start, block.end):
            reading = Reading.of(text, start, end)
            if classify.is_pointer(reading) and reading.has("strategia-asiakirja", "strategiadokumentti", "asiakirja"):
                return "not-stated", "web-summary", (start, end), reading.text
    return None
