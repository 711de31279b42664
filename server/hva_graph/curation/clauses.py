"""A sentence of two statements, and a statement in a sentence's last clause: where the drafter splits a
sentence ("… käsitteli strategiaa 7.12.2022 ja hyväksyi sen … 24.1.2023."), where one clause is the event
the sentence explains ("…, jotka valmistellaan syksyllä 2023."), and when the strategy's own preparation
over a time is no event."""

from __future__ import annotations

import re

from . import classify, cues, dates, phrases
from .classify import Reading
from .layout import trim
from .model import EVENTS, Drafted


def clauses(rules, start: int, end: int) -> list[tuple[int, int]]:
    """Two statements in one sentence: "Luonnos on lausunnoilla 30.5.2022 asti, ja aluevaltuusto
    päättää strategiasta kesäkuussa 2022." and "Aluevaltuusto käsitteli strategiaa 7.12.2022 ja
    hyväksyi sen kokouksessaan 24.1.2023." (each clause with its own verb and date), "… valmistelu on
    loppusuoralla ja tavoitteena on, että aluevaltuusto voisi hyväksyä strategian kesäkuussa." (a
    dated decision after a clause that gives no date), and
    "Asukaskyselyyn vastasi 1 812 lappilaista, ja henkilöstön työpajoihin osallistui …" (each clause
    with its own verb and way of consulting)."""
    from .consultations import consultation_noun

    for joint in re.finditer(r",? ja ", rules.text[start:end]):
        first = trim(rules.text, start, start + joint.start())
        second = trim(rules.text, start + joint.end(), end)
        readings = [Reading.of(rules.text, a, b) for a, b in (first, second)]
        if not all(classify.finite_verbs(r) for r in readings):
            continue
        dated = [bool(dates.find(r.text, a, rules._year(a))) for r, (a, _) in zip(readings, (first, second))]
        if all(dated) or dated == [False, True] and readings[1].base() & cues.DECISION_VERBS:
            return [first, second]
        ways = [consultation_noun(rules, a, b, strict=True) for a, b in (first, second)]
        if joint.group().startswith(",") and all(ways) and not _same_consultation(rules, ways, second):
            return [first, second]
    return []


def _same_consultation(rules, ways: list, second: tuple[int, int]) -> bool:
    """"Lausuntopyyntö lähetetään järjestöille …, ja lausunnot pyydetään viimeistään 30.9.2022.": a second
    clause of the same way of consulting that names no group of its own goes on about the first one."""
    return ways[0][0] == ways[1][0] and not phrases.groups(rules.text, *second)


def clause_event(rules, start: int, end: int, reading: Reading) -> Drafted | None:
    """"Palvelustrategia täydentyy myöhemmin toimeenpano-ohjelmalla ja se tullaan lisäämään
    viimeisteltynä versiona syksyllä myös verkkosivuille.", "Strategiaa täydentävät palvelustrategia
    … ja henkilöstöohjelma, jotka valmistellaan syksyllä 2023.": a sentence whose last clause (after
    "ja" or a relative pronoun) alone is dated, by a verb of preparing or publishing, explains; that
    clause is the event."""
    boundaries = [(start + m.start(), start + m.end()) for m in re.finditer(r",? ja ", reading.text)]
    boundaries += [(rules.text.rfind(",", start, w.start), w.start) for w in reading.words[1:]
                   if w.base & {"joka", "mikä"} and rules.text[start:w.start].rstrip().endswith(",")]
    if not boundaries:
        return None
    joint, clause_start = max(boundaries)
    if dates.find(rules.text[start:joint]):
        return None
    a, b = trim(rules.text, clause_start, end, ".")
    clause = Reading.of(rules.text, a, b)
    if not dates.find(clause.text, a, rules._year(a)) or \
            not classify.finite_verbs(Reading.of(rules.text, start, joint)):
        return None
    relative = clause.words and clause.words[0].base & {"joka", "mikä"}
    if relative and classify.decision_verb(clause) and len(clause.words) > 2:
        # "… kaupunkistrategiasta, jonka kaupunginvaltuusto hyväksyi 6.10.2021.": the decision is the clause
        # after its pronoun, on what the pronoun stands for (documents.py links it to that document)
        a = clause.words[1].start
        clause = Reading.of(rules.text, a, b)
        rule = "relative-clause"
    elif not classify.preparation_verb(clause) or classify.decision_verb(clause):
        return None
    else:
        rule = "dated-clause"
    explanation = rules.add("Explanation", start, end, reading.text[:40], "sentence", explains=["strategy"])
    event = rules._event(a, b, clause, rule)
    if explanation is not None and event is not None:
        explanation.explains.append(event)
    return explanation


def prepared_over(rules, reading: Reading, when) -> bool:
    """"Hyvinvointialueen ensimmäinen strategia valmistellaan vuoden 2022 aikana …": the strategy's own
    preparation over a time is the plan the page describes, which carries the time, not an event
    (data/README.md: a plan section "vuoden 2022 aikana"); a document prepared in a time
    ("Palvelustrategia valmistellaan vuoden 2023 aikana") is an event of the strategy's timeline."""
    following = re.match(r"\s+(\w+)", rules.text[when.span[1]:when.span[1] + 20])
    over = following is not None and following.group(1).lower() in cues.PERIOD_WORDS
    start, end = reading.words[0].start, reading.words[-1].end
    return over and reading.has("strategia") and not phrases.documents(rules.text, start, end)


def shared_subject(first: Drafted | None, second: Drafted | None) -> None:
    """"Aluevaltuusto käsitteli … ja hyväksyi sen …": the second clause's body is the first's."""
    if first is None or second is None or second.kind not in EVENTS or second.bodies or not first.bodies:
        return
    second.bodies = list(first.bodies)
    second.propose("heldBy", first.cues["heldBy"].text if "heldBy" in first.cues else first.bodies[0], "shared-subject")
