"""Consultations: surveys, requests for statements and other ways of hearing people, with their
stakeholder groups, respondent counts, phases and purposes; also from a participation table."""

from __future__ import annotations

import re

from . import classify, dates, phrases
from .classify import Reading
from .layout import trim
from .model import Drafted
from .outline import Block

_SEPARATORS = " ,;\n\t"


def consultations(rules, start: int, end: int, during: Drafted | None) -> list[Drafted]:
    """One consultation per respondent count ("kyselyt henkilöstölle (n=1031) ja asukkaille
    (n=481)"), or per group a survey is sent to ("kyselyjä henkilöstölle, alueen asukkaille …"),
    else the span is one; each names its groups, and its kind is its own or the one before it."""
    text = rules.text
    kind = None
    segments = _by_counts(text, start, end)
    if not segments:
        segments = _by_groups(rules, start, end)
        if segments:  # "kyselyjä henkilöstölle, …": each group's survey is the survey the sentence names
            kind = consultation_noun(rules, start, end)
    segments = segments or [(start, end)]
    made = []
    for a, b in segments:
        reading = Reading.of(text, a, b)
        found = classify.consultation_kind(reading)
        kind = found or kind or ("Consultation", reading.text[:30])
        drafted = rules.add(kind[0], a, b, kind[1], "consultation-words" if found else "same-as-before")
        if drafted is None:
            continue
        groups = phrases.groups(text, a, b)
        drafted.groups = [g.value for g in groups]
        if groups:
            drafted.propose("groups", ", ".join(g.cue for g in groups), "group-words")
        elif (reader := _addresses_reader(reading)) is not None:
            drafted.groups = ["residents"]
            drafted.propose("groups", reader, "the-page-s-reader")
        counted = phrases.counts(text, a, b)
        written = phrases.respondents(text, a, b)
        if counted and counted[-1][0] is not None:
            drafted.count = counted[-1][0]
            drafted.propose("count", text[slice(*counted[-1][1])], "respondent-count")
        elif written is not None:
            drafted.count = written[0]
            drafted.propose("count", text[slice(*written[1])], "respondents-written-out")
        drafted.during = during
        made.append(drafted)
    _dated_by_sentence(rules, start, end, made)
    return made


def _addresses_reader(reading: Reading) -> str | None:
    """"Voit kommentoida luonnosta verkkokyselyssä …", "Kerro mielipiteesi": a consultation that speaks
    to the page's reader (a verb in the second person) and names no group asks the public, the
    residents and customers of the area (the stakeholder scheme's residents); the verb is the cue."""
    verb = next((w for w in reading.words if w.has("PERSON", "2") and w.has("CLASS", "teonsana")), None)
    return verb.text if verb is not None else None


def _dated_by_sentence(rules, start: int, end: int, made: list[Drafted]) -> None:
    """"Keväällä 2023 toteutettiin kyselyt henkilöstölle ja asukkaille": each group's survey is dated by
    the sentence's date, outside its own words."""
    found = dates.find(rules.text[start:end], start, rules._year(start))
    for consultation in made:
        if consultation.when is None and found and len(made) > 1:
            consultation.when = found[0]
            consultation.propose("date", found[0].cue, f"date-{found[0].precision}-of-sentence")


def _by_counts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    counted = phrases.counts(text, start, end)
    if len(counted) < 2:
        return []
    segments, at = [], start
    for _, (_, stop) in counted:
        a = at
        while a < stop and (text[a] in _SEPARATORS or text.startswith(("ja ", "sekä "), a)):
            a += 3 if text.startswith("ja ", a) else 5 if text.startswith("sekä ", a) else 1
        segments.append(trim(text, a, stop))
        at = stop
    return segments


def consultation_noun(rules, start: int, end: int, strict: bool = False) -> tuple[str, str] | None:
    """The word that names a way of consulting (not one in the genitive: "Kyselyjen tulokset …"
    speaks of a survey's results, not of a survey). A verb alone ("osallistettiin", "pääsivät
    kommentoimaan") names one only with the people it heard or their count: "Valmisteluun
    osallistettiin laajasti." says how the strategy was prepared. Strict: a noun only."""
    reading = Reading.of(rules.text, start, end)
    for word in reading.words:
        if word.has("SIJAMUOTO", "omanto") and not word.has("SIJAMUOTO", "nimento"):
            continue
        found = classify.consultation_kind(Reading([word], set(word.lemmas), word.text))
        if not found:
            continue
        if word.has("CLASS", "teonsana") and all(dict(r).get("CLASS") == "teonsana" for r in word.readings):
            if strict or not (phrases.groups(rules.text, start, end) or phrases.counts(rules.text, start, end)):
                continue
        return found
    return None


def _by_groups(rules, start: int, end: int) -> list[tuple[int, int]]:
    """"… toteutettu kyselyjä henkilöstölle, alueen asukkaille, kuntapäättäjille ja muille
    sidosryhmille": surveys sent to several groups are one survey per group, each its group's words (as
    source 004's curated surveys are: a questionnaire is answered, and counted, group by group); a
    workshop or forum "järjestöille ja yrityksille" is one, held with both."""
    text = rules.text
    reading = Reading.of(text, start, end)
    noun = next((w for w in reading.words if classify.consultation_kind(Reading([w], set(w.lemmas), w.text))), None)
    if noun is None or classify.consultation_kind(Reading([noun], set(noun.lemmas), noun.text))[0] != "Survey":
        return []
    groups = [g for g in phrases.groups(text, noun.end, end) if _allative(text, g)]
    if len(groups) < 2:
        return []
    return [_with_genitives(text, g.span, noun.end) for g in groups]


def _allative(text: str, group) -> bool:
    last = Reading.of(text, *group.span).words[-1]
    return last.has("SIJAMUOTO", "ulkotulento")


def _with_genitives(text: str, span: tuple[int, int], floor: int) -> tuple[int, int]:
    """A group's words with the genitive before them ("alueen asukkaille")."""
    before = Reading.of(text, floor, span[0]).words
    start = span[0]
    for word in reversed(before):
        if text[word.end:start].strip() or not word.has("SIJAMUOTO", "omanto"):
            break
        start = word.start
    return start, span[1]


def clause_before(rules, start: int, end: int) -> tuple[int, int] | None:
    """The clause of a sentence before the consultation it goes on to ("… taustadokumentteja sekä
    toteutettu kyselyjä …", "… on muovautunut monen käsittelyn myötä, ja tästä versiosta
    haluaisimme kuulla …"): what it says besides the consultation."""
    reading = Reading.of(rules.text, start, end)
    cue = next((w for w in reading.words if classify.consultation_kind(Reading([w], set(w.lemmas), w.text))), None)
    if cue is None:
        return None
    text = rules.text[start:cue.start]
    joint = max(text.rfind(" sekä "), text.rfind(", ja "))
    if joint <= 0:
        return None
    clause = Reading.of(rules.text, start, start + joint)
    if not classify.finite_verbs(clause) and not any(w.has("PARTICIPLE", "past_active") for w in clause.words):
        return None
    return trim(rules.text, start, start + joint, ",")


# --- a participation table ---------------------------------------------------------------------

GROUP_HEADS = {"ryhmä", "sidosryhmä", "osallistettava", "kohderyhmä", "kuka", "ken", "osallistujaryhmä"}
"""A column's heading that names the groups consulted, also as a question ("Kuka", "Keitä", "Kenelle")."""
PURPOSE_HEADS = {"tavoite", "tarkoitus"}
METHOD_HEADS = {"keino", "menetelmä", "tapa", "osallistamiskeino", "miten", "kanava"}
"""A column's heading that names the ways of consulting ("Keino", "Miten", "Millä tavalla")."""
COUNT_HEADS = {"vastaaja", "vastaus", "vastaajamäärä", "osallistuja"}
TIME_HEADS = {"ajankohta", "aika", "päivämäärä", "pvm", "ajoitus", "milloin", "aikataulu"}


def table(rules, rows: list[Block]) -> bool:
    """A participation table: the header names the columns (group, purpose, means per phase, time,
    respondents); each row is a group, its purposes and the means used with it in each phase, when
    its time cell says. False for a table that is none."""
    header, body = rows[0], rows[1:]
    roles = _by_contents(rules, [_role(rules.text, *cell) for cell in header.cells], body)
    if "group" not in roles or not ({"method", "purpose"} & set(roles)):
        return False
    phases = {}
    for column, (role, cell) in enumerate(zip(roles, header.cells)):
        found = dates.find(rules.text[cell[0]:cell[1]], cell[0], rules._year(cell[0])) if role == "method" else []
        if found:
            phase = rules.add("ConsultationPhase", *found[0].span, rules.text[slice(*cell)], "column-heading")
            phases[column] = phase
    for row in body:
        _row(rules, row, roles, phases)
    return True


def _by_contents(rules, roles: list[str], body: list[Block]) -> list[str]:
    """The roles of the columns whose headings do not say: a column whose every cell names a stakeholder
    group is the groups', one whose every cell names a way of consulting the means' (by what the table holds,
    whatever its headings' words)."""
    from . import phrases

    def every(column: int, test) -> bool:
        cells = [row.cells[column] for row in body if column < len(row.cells)]
        return len(cells) >= 2 and len(cells) == len(body) and all(test(*cell) for cell in cells)

    roles = list(roles)
    for column, role in enumerate(roles):
        if role:
            continue
        if "group" not in roles and every(column, lambda a, b: phrases.groups(rules.text, a, b)):
            roles[column] = "group"
        elif "method" not in roles and every(column, lambda a, b: consultation_noun(rules, a, b, strict=True)):
            roles[column] = "method"
    return roles


def _role(text: str, start: int, end: int) -> str:
    reading = Reading.of(text, start, end)
    terms = reading.lemmas
    if terms & GROUP_HEADS:
        return "group"
    if terms & METHOD_HEADS:
        return "method"
    if terms & PURPOSE_HEADS:
        return "purpose"
    if terms & COUNT_HEADS or re.fullmatch(r"\s*n\s*", reading.text):
        return "count"
    if terms & TIME_HEADS:
        return "time"
    return ""


def _row(rules, row: Block, roles: list[str], phases: dict) -> None:
    text = rules.text
    cells = dict(enumerate(row.cells))
    group_cell = cells.get(roles.index("group"))
    found = phrases.groups(text, *group_cell) if group_cell else []
    groups = [f.value for f in found]  # "Järjestöt ja yritykset": both
    count = None
    if "count" in roles and roles.index("count") in cells:
        counted = phrases.counts(text, *cells[roles.index("count")])
        digits = re.fullmatch(r"\s*(\d[\d \u00a0]*)\s*", text[slice(*cells[roles.index("count")])])
        count = counted[0][0] if counted else int(re.sub(r"\D", "", digits.group(1))) if digits else None
    surveys, made_in_row = [], []
    for column, role in enumerate(roles):
        if column not in cells or role not in ("purpose", "method"):
            continue
        for a, b in cell_items(text, *cells[column]):
            made = _cell_statement(rules, role, a, b, groups, phases.get(column), found)
            if made is not None:
                made_in_row.append(made)
            if made is not None and made.kind == "Survey":
                surveys.append(made)
    methods = [d for d in made_in_row if d.kind != "ConsultationPurpose"]
    counted = surveys[:1] or (methods if len(methods) == 1 else [])
    if count is not None and counted:
        counted[0].count = count
        counted[0].propose("count", str(count), "respondents-column")
    _dated_by_row(rules, row, roles, cells, methods)


def _dated_by_row(rules, row: Block, roles: list[str], cells: dict, methods: list[Drafted]) -> None:
    """The row's time cell ("lokakuussa 2022", "viimeistään 28.4.2023") dates the means of its row."""
    if "time" not in roles or roles.index("time") not in cells:
        return
    start, end = cells[roles.index("time")]
    found = dates.find(rules.text[start:end], start, rules._year(start))
    if not found:
        return
    for method in methods:
        if method.when is None:
            method.when = found[0]
            method.propose("date", found[0].cue, f"date-{found[0].precision}-of-row")


def cell_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of a cell: its text split at bullets, without HTML debris."""
    items, at = [], start
    for match in re.finditer(r"•|<[^>]*>", text[start:end]):
        items.append((at, start + match.start()))
        at = start + match.end()
    items.append((at, end))
    return [span for span in (trim(text, a, b, "•;,") for a, b in items) if span[1] > span[0]
            and re.search(r"\w", text[span[0]:span[1]])]


def _cell_statement(rules, role: str, a: int, b: int, groups: list[str], phase, found) -> Drafted | None:
    reading = Reading.of(rules.text, a, b)
    if role == "purpose":
        drafted = rules.add("ConsultationPurpose", a, b, "tavoite", "purpose-column")
    else:
        kind = classify.consultation_kind(reading) or ("Consultation", reading.text[:30])
        drafted = rules.add(kind[0], a, b, kind[1], "means-column")
    if drafted is None:
        return None
    drafted.groups = list(groups)
    if groups:
        drafted.propose("groups", ", ".join(f.cue for f in found), "group-column")
    counted = phrases.counts(rules.text, a, b)  # "Verkkokysely (n=2 104)": the count in the means' own cell
    if role == "method" and counted and counted[-1][0] is not None:
        drafted.count = counted[-1][0]
        drafted.propose("count", rules.text[slice(*counted[-1][1])], "respondent-count")
    if phase is not None and role == "method":
        drafted.phase = phase
        drafted.propose("phase", rules.text[slice(*phase.span)], "phase-column")
    return drafted
