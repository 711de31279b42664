"""Events of the strategy: which kind, what a decision decided, held or planned, by which body (a
council group meets but decides nothing), to whom a document went, and the hearing a draft sent
out for comments opens. Whether each is of the preparation or of the implementation, phases.py says."""

from __future__ import annotations

import re

from . import classify, cues, phrases
from .classify import Reading
from .dates import DAY, DEADLINE, When
from .model import Drafted

_UNTIL = re.compile(r"\s*(?:ad\.?|asti|saakka|–|-)\s*$", re.IGNORECASE)
_UNTIL_AFTER = re.compile(r"\s*(?:asti|saakka)\b", re.IGNORECASE)


def event(rules, start: int, end: int, reading: Reading, rule: str, parent: Drafted | None = None,
          full: Reading | None = None) -> Drafted | None:
    kind, cue = classify.event_kind(reading) or classify.event_kind(full or reading) or ("PreparationEvent", "")
    drafted = rules.add(kind, start, end, cue or reading.text[:40], rule, parent=parent)
    if drafted is None:
        return None
    context = full or reading
    if kind == "Decision":
        drafted.decision_kind, verb = classify.decision_kind(context)
        drafted.propose("kind", verb, "decision-kind")
    _status(rules, drafted, context)
    found = phrases.bodies(rules.text, *drafted.span) or (phrases.bodies(rules.text, *_span(full)) if full else [])
    if found:
        drafted.bodies = [found[0].value]
        drafted.propose("heldBy", found[0].cue, "body-name")
        if kind == "Decision" and drafted.bodies == [cues.COUNCIL_GROUPS]:
            _meeting(drafted, found[0].cue)
    else:
        _organiser_as_agent(drafted, Reading.of(rules.text, *drafted.span))
    _recipients(rules, drafted, context)
    if drafted.kind in ("InformationSession", "Seminar", "PreparationEvent", "Hearing"):
        documents = phrases.documents(rules.text, *drafted.span)  # "henkilöstöohjelma" names no group
        drafted.groups = [g.value for g in phrases.groups(rules.text, *drafted.span)
                          if not any(a <= g.span[0] < b for a, b in (d.span for d in documents))]
        if drafted.groups:
            drafted.propose("groups", rules.text[slice(*drafted.span)][:40], "group-words")
    drafted.concerns = ["strategy"]
    if drafted.kind == "Decision" and drafted.decision_kind == "sends-draft-for-comments":
        _hearing(rules, drafted)
    return drafted


def _meeting(drafted: Drafted, cue: str) -> None:
    """"… valtuustoryhmienkin kokouksissa": the council groups are no body of the county and take none
    of its decisions (hvash:DecisionShape); their meeting on the strategy is an event of its own."""
    drafted.kind, drafted.decision_kind = "PreparationEvent", None
    drafted.cues.pop("kind", None)
    drafted.propose("type", cue, "council-groups-decide-nothing")


def _organiser_as_agent(drafted: Drafted, reading: Reading) -> None:
    """"Etelä-Karjalan hyvinvointialueen toukokuussa 2023 STM:lle ja THL:lle toimittama": the county
    itself is the agent of what it did (hva:heldBy the organisation, not a body of it)."""
    agent = next((i for i, w in enumerate(reading.words) if w.has("PARTICIPLE", "agent")), None)
    if agent is None:
        return
    named = next((w for w in reading.words[:agent] if w.base & cues.ORGANISERS and w.has("SIJAMUOTO", "omanto")), None)
    if named is not None:
        drafted.bodies = [cues.ORGANISER]
        drafted.propose("heldBy", named.text, "organiser-as-agent")


def _recipients(rules, drafted: Drafted, reading: Reading) -> None:
    """"… STM:lle ja THL:lle toimittama": the organisations a document was submitted or sent to."""
    stems = tuple(verb[:-2] for verb in cues.SUBMITTING_VERBS)  # "toimittama": a participle is its own base
    if not any(w.base & cues.SUBMITTING_VERBS or w.text.lower().startswith(stems) for w in reading.words):
        return
    found = phrases.recipients(rules.text, *drafted.span)
    if found:
        drafted.recipients = [f.value for f in found]
        drafted.propose("recipients", ", ".join(f.cue for f in found), "sent-to")


def _span(reading: Reading) -> tuple[int, int]:
    return (reading.words[0].start, reading.words[-1].end) if reading.words else (0, 0)


def _status(rules, drafted: Drafted, reading: Reading) -> None:
    status, cue = classify.event_status(reading)
    if status is None and drafted.when is not None:
        reference = rules.reference
        status = "Planned" if reference is not None and drafted.when.end > reference else "Held"
        cue, rule = drafted.when.cue, "date-against-page-date" if reference else "dated-item"
    else:
        rule = "verb-tense"
    drafted.status = status or "Held"
    drafted.propose("eventStatus", cue or rules.text[slice(*drafted.span)][:30], rule)


def _hearing(rules, decision: Drafted) -> None:
    """"… hyväksyi strategialuonnoksen lausunnoille ad. 15.8.2022": the draft is out for comments
    from the decision's day to the day after "ad."/"asti"; the decision's label ends before it."""
    from .dates import find

    start, end = decision.span
    found = find(rules.text[start:end], start, rules._year(start))
    if len(found) < 2 or decision.when is None:
        return
    until = found[-1]
    hearing = Drafted("Hearing", decision.span)
    hearing.propose("type", until.cue, "draft-out-for-comments")
    # "ad. 15.8.2022" is the time by which, not the day the round opened (data/README.md: a deadline
    # has an end date and no start, even where the decision's day suggests when it began)
    hearing.when = When(None, until.end, DEADLINE, until.span, until.cue)
    hearing.propose("date", until.cue, "deadline-for-comments")
    hearing.label_skip = decision.when.span  # the decision's day is the decision's
    hearing.status = decision.status
    hearing.propose("eventStatus", decision.cues["eventStatus"].text, decision.cues["eventStatus"].rule)
    hearing.concerns = ["strategy"]
    rules.out.append(hearing)
    before = rules.text[decision.when.span[1]:until.span[0]]
    cut = _UNTIL.search(before)
    decision.label_end = decision.when.span[1] + (cut.start() if cut else len(before))


def finish(rules) -> None:
    """What only the whole timeline shows: a hearing that gives only its last day starts on the
    day the draft was sent out; the council's planned handling of the strategy, the last step of
    the timeline, is its decision on it."""
    decisions = sorted((d for d in rules.out if d.kind == "Decision"), key=lambda d: d.span)
    for hearing in (d for d in rules.out if d.kind == "Hearing" and d.when is not None and d.when.start == d.when.end):
        sent = [d for d in decisions if d.decision_kind == "sends-draft-for-comments" and d.when is not None
                and d.span[0] < hearing.span[0] and d.when.end <= hearing.when.end]
        if sent and hearing.when.precision == DAY:
            # the day it ends, after the day a body sent the draft out: a deadline, whose start the
            # text does not give (the sending day is the decision's, not the round's)
            hearing.when = When(None, hearing.when.end, DEADLINE, hearing.when.span, hearing.when.cue)
            hearing.propose("date", hearing.when.cue, "sent-for-comments-until")
        elif hearing.when.precision == DAY and _UNTIL_AFTER.match(rules.text, hearing.when.span[1]):
            # "kommentoitavana 8.3.2024 asti" and no day it was sent out: it ends then, its start is not said
            hearing.when = When(None, hearing.when.end, DEADLINE, hearing.when.span, hearing.when.cue)
            hearing.propose("date", hearing.when.cue, "open-until")
    council = [d for d in decisions if d.decision_kind == "handles" and "aluevaltuusto" in d.bodies]
    if council and council[-1] is decisions[-1] and council[-1].status == "Planned" \
            and not _handling_said(rules, council[-1]):
        last = council[-1]
        last.decision_kind = "decides"
        last.propose("kind", last.cues["kind"].text, "council-last-step-decides")


def _handling_said(rules, decision: Drafted) -> bool:
    """"Aluevaltuusto käsittelee strategiaa kokouksessaan 14.11.2022." says the council will handle it,
    which is what the data records ('handles'); only a timeline's last step that names the council and
    the strategy and no verb ("11.10.2022 Aluevaltuusto Hyvinvointialuestrategia …", 000) shows its
    decision on it (data/README.md, "Decision kinds")."""
    return any(classify.verb_of(w) == "käsitellä" or "käsitellä" in w.base
               for w in Reading.of(rules.text, *decision.span).words)


def handled_by_bodies(rules, start: int, end: int, reading: Reading, bodies) -> Drafted | None:
    """"… strategiaa on käsitelty kevään mittaan niin aluehallituksen, aluevaltuuston kuin
    valtuustoryhmienkin kokouksissa ja lisäksi erilaisissa strategiatilaisuuksissa.": each body
    handled it (the last one's words run to the meetings they name), and the events named after
    them ("strategiatilaisuuksissa") were held too."""
    made = []
    for position, body in enumerate(bodies):
        a, b = body.span
        if position == len(bodies) - 1:
            meeting = re.match(r"\s+(kokouk\w*|istun\w*)", rules.text[b:end])
            if meeting:
                b += meeting.end()
        groups = body.value == cues.COUNCIL_GROUPS  # they meet on it, and decide nothing
        decision = rules.add("PreparationEvent" if groups else "Decision", a, b, body.cue,
                             "council-groups-decide-nothing" if groups else "bodies-that-handled-it")
        if decision is None:
            continue
        _date_from(rules, decision, start, end)
        if not groups:
            decision.decision_kind = "handles"
            decision.propose("kind", body.cue, "body-and-matter-only")
        decision.bodies = [body.value]
        decision.propose("heldBy", body.cue, "body-name")
        _status(rules, decision, reading)
        decision.concerns = ["strategy"]
        made.append(decision)
    tail = rules.text[bodies[-1].span[1]:end]
    for match in re.finditer(r"(\w+\s+)?(\w*(?:tilaisuu|seminaar)\w*)", tail):
        a = bodies[-1].span[1] + match.start()
        seminar = rules.add("Seminar", a, bodies[-1].span[1] + match.end(), match.group(2), "event-noun")
        if seminar is not None:
            _date_from(rules, seminar, start, end)
            _status(rules, seminar, reading)
            seminar.concerns = ["strategy"]
            made.append(seminar)
    return made[0] if made else None


def _date_from(rules, drafted: Drafted, start: int, end: int) -> None:
    from .dates import find

    found = find(rules.text[start:end], start, rules._year(start))
    if found:
        drafted.when = found[0]
        drafted.propose("date", found[0].cue, f"date-{found[0].precision}-of-sentence")


def repeated_decisions(rules) -> None:
    """"Tavoitteena on, että aluevaltuusto hyväksyy strategian päädokumentti ennen juhannusta." after
    "… aluevaltuusto hyväksyy hyvinvointialueen strategian kesäkuussa 2022": the same planned decision
    named again explains the first (with the time it adds)."""
    seen: list[Drafted] = []
    for decision in sorted((d for d in rules.out if d.kind == "Decision"), key=lambda d: d.span):
        same = next((d for d in seen if d.status == "Planned" == decision.status and d.bodies == decision.bodies
                     and d.decision_kind == decision.decision_kind and d.concerns == decision.concerns), None)
        if same is None:
            seen.append(decision)
            continue
        decision.kind = "Explanation"
        decision.explains = [same]
        decision.decision_kind, decision.status, decision.bodies = None, None, []
        for name in ("kind", "eventStatus", "heldBy"):
            decision.cues.pop(name, None)
        decision.propose("type", rules.text[slice(*same.span)][:40], "same-decision-again")
