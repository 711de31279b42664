"""The drafting rules: from a text's sections to the statements it makes, each with its passage,
class, parent, tier, dates, kind, bodies, groups and counts, and the cue of every proposal."""

from __future__ import annotations

import re
from functools import partial

from . import classify, clauses, cues, dates, events, phrases, tables
from .chrome import FILE_NOTE
from .classify import Reading
from .documents import after_named_document, dated_document
from .layout import trim
from .model import Drafted
from .outline import Block, sentences
from .sections import SINGLE, Section, split
from .strategy import strategy_passage
from .values import values

ANAPHORA = ("ne ", "se ", "tämä ", "nämä ", "näin ")
LAW_CITATION = re.compile(r"\(([^()]*(?:\d+/\d{4}|\b[Ll]ai?[kn]\w*|\basetu\w*)[^()]*)\)")
"""A law cited in parentheses, by its statute number or name ("(Laki … 611/2021, 41 §)"); a minutes'
paragraph ("(§ 112)") cites no law."""
PROMISES = {"ServicePromise", "EmployerPromise"}
UNDATED = {"Tier", "ConsultationPurpose"}
"""Every other statement carries the time it gives: an event or consultation its dates, anything else
(a goal "… vuoden 2026 loppuun mennessä", a plan section, an explanation) as dcterms:temporal (data/README.md:
every date a label mentions is structured)."""


class Rules:
    def __init__(self, text: str, blocks: list[Block]):
        self.text = text
        self.blocks = blocks
        self.out: list[Drafted] = []
        self.strategy_span = strategy_passage(text, blocks)
        self.reference = None
        self.title_block: tuple[int, int] | None = None

    # --- the whole text ------------------------------------------------------------------------

    def run(self) -> list[Drafted]:
        self.reference = self._reference_date()
        for section in split(self.text, self.blocks, self.strategy_span):
            self._section(section)
        tables.read(self)
        events.finish(self)
        events.repeated_decisions(self)
        self._documents()
        self._drop_repeats()
        from .phases import assign
        from .themes import tag

        assign(self.text, self.out, self.strategy_span)

        tag(self.text, self.out)
        return self.out

    def _section(self, section: Section) -> None:
        kind = section.kind
        if section.heading is not None:
            self._heading_statement(section)
        handler = {"Value": partial(values, self), "timeline": self._timeline, "plan": self._plan,
                   "FollowUpArrangement": self._follow_up}.get(kind)
        if kind in SINGLE:
            handler = self._single
        elif kind in cues.TIER_SECTIONS:
            handler = self._tiered
        (handler or self._neutral)(section)

    def _heading_statement(self, section: Section) -> None:
        """A heading that gives a date ("Aluehallitus 29.9.2022", "Vaiheet … 2021-2023") is an
        explanation carrying it; the strategy's own title is the strategy."""
        block = section.heading
        if section.kind in ("plan", *cues.TIER_SECTIONS) or self._is_strategy(block.start, block.end):
            return
        if self.strategy_span is not None and block.start <= self.strategy_span[0] < self.strategy_span[1] <= block.end:
            return  # "Hyvinvointialuestrategia 2023–2026: näin se valmistellaan": the title and a subtitle
        found = dates.find(self.text[block.start:block.end], block.start, self._year(block.start))
        rest = self.text[block.start:found[0].span[0]] + self.text[found[-1].span[1]:block.end] if found else ""
        if found and len(rest.split()) <= 1 and section.kind != "neutral":
            return  # "Visio 2027": the section's own title and a year
        if found:
            reading = Reading.of(self.text, block.start, block.end)
            if dated_document(self, block.start, block.end, reading) is not None:
                return
            event = classify.event_kind(reading)
            if event is not None and event[0] == "Hearing":
                # "Strategialuonnos – kommentoitavana 8.3.2024 asti": what the title line says of the draft
                dash = re.search(r"\s[–-]\s", reading.text)
                start = block.start + dash.end() if dash and reading.text.find(event[1]) > dash.start() else block.start
                self._event(start, block.end, Reading.of(self.text, start, block.end), "dated-heading")
                return
            self.add("Explanation", block.start, block.end, self._text(block), "dated-heading",
                     explains=["strategy"])

    # --- adding a statement -----------------------------------------------------------------------

    def add(self, kind: str, start: int, end: int, cue: str, rule: str, **attributes) -> Drafted | None:
        raw = (start, end)
        start, end = self._clean_span(start, end)
        if end <= start or self._is_strategy(start, end, exact=True):
            return None
        drafted = Drafted(kind, (start, end), **attributes)
        drafted.propose("type", cue, rule)
        if kind not in UNDATED:
            self._date(drafted, raw)
        self.out.append(drafted)
        return drafted

    def _clean_span(self, start: int, end: int) -> tuple[int, int]:
        """No markup at the ends (a bold "**29.9.2022**" is left out), nor spaces, nor a
        parenthesis that encloses the whole."""
        start, end = trim(self.text, start, end)
        note = FILE_NOTE.search(self.text, start, end)
        if note is not None and note.start() > start:
            end = note.start()  # "Henkilöstöohjelma 2023–2025 (PDF, 860 kt)": the link's note of its file
        bold = re.match(r"\*\*[^*]+\*\*[\s:]*", self.text[start:end])
        if bold:
            start = start + bold.end()
        start, end = trim(self.text, start, end, "•")
        while end - start > 2 and self.text[start] == "(" and self.text[end - 1] == ")":
            start, end = trim(self.text, start + 1, end - 1)
        tag = re.match(r"(?:<[^>]*>\s*)+", self.text[start:end])
        if tag:
            start = start + tag.end()
        return trim(self.text, start, end, "•")

    def _is_strategy(self, start: int, end: int, exact: bool = False) -> bool:
        if self.strategy_span is None:
            return False
        s, e = self.strategy_span
        return (s, e) == trim(self.text, start, end) if exact else (s <= start and end <= e) or (start, end) == (s, e)

    def _text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    def _year(self, position: int) -> int | None:
        return dates.nearest_year(self.text, position)

    def _year_of_word(self, cue: str, after: int) -> int | None:
        """"… hyväksyä strategian kesäkuussa." before "… kesäkuussa 2022": the year the text gives
        the same month or season later, when it gives none before."""
        if re.search(r"20\d{2}", self.text[:after]):
            return None
        word = cue.split()[0].lower()
        match = re.search(re.escape(word) + r"\s+(20\d{2})", self.text[after:], re.IGNORECASE)
        return int(match.group(1)) if match else None

    def _date(self, drafted: Drafted, raw: tuple[int, int]) -> None:
        """The first date the statement's words give (a bold date left out of its passage counts)."""
        start, end = raw
        found = dates.find(self.text[start:end], start, self._year(start))
        if found and not re.search(r"20\d{2}", found[0].cue) and found[0].precision != "deadline":
            later = self._year_of_word(found[0].cue, end)
            if later is not None:
                found = dates.find(self.text[start:end], start, later)
        if found:
            drafted.when = found[0]
            drafted.propose("date", found[0].cue, f"date-{found[0].precision}")

    # --- sections ---------------------------------------------------------------------------------

    def _single(self, section: Section) -> None:
        """Mission, vision, a promise: the first block is the statement (after a lead-in that
        names it: "Perustehtäväksi eli missioksi on määritelty tällainen: …"); a paragraph after it
        explains it."""
        main = None
        for block in section.blocks:
            if block.kind == "row":
                continue
            if main is None or block.kind == "item" and section.kind in PROMISES and main.kind == section.kind \
                    and all(b.kind == "item" for b in section.blocks[:section.blocks.index(block)]):
                # a list of promises ("Lupauksemme asukkaille" 1. … 2. … 3. …): each item is one
                start = self._after_lead_in(block.start, block.end, section)
                main = self.add(section.kind, start, block.end, self._text(section.heading), "heading-class")
                continue
            if block.kind in ("paragraph", "item"):
                self.add("Explanation", block.start, block.end, self._text(section.heading), "elaboration",
                         explains=[main])

    def _after_lead_in(self, start: int, end: int, section: Section) -> int:
        text = self.text[start:end]
        colon = text.find(": ")
        if colon < 0:
            return start
        lead = Reading.of(self.text, start, start + colon)
        named = {w for w, k in cues.SECTIONS.items() if k == section.kind}
        if lead.lemmas & named or lead.text.rstrip().lower().endswith(("näin", "tällainen", "seuraava", " on")):
            return start + colon + 2
        return start

    def _tiered(self, section: Section) -> None:
        from .tiers import TierSection

        TierSection(self, section).run()

    def _timeline(self, section: Section) -> None:
        """The preparation timeline: a dated item is an event (a seminar, a decision and its kind,
        an information session, a hearing); an item under it that names a survey or a request for
        statements is a consultation (during it only where it says so), any other one explains it."""
        parent = None
        for block in section.blocks:
            if block.kind == "item" and block.depth <= 1:
                parent = self._timeline_item(block)
            elif block.kind == "item":
                self._sub_item(block, parent)
            elif block.kind == "row":
                continue
            elif block.kind in ("paragraph", "heading"):
                self._neutral_block(block, section)

    def _timeline_item(self, block: Block) -> Drafted | None:
        """A timeline's item: a decision when a body decides, else the surveys or other ways of
        consulting it names (each dated by the item), else the event it names; undated, it explains."""
        from .consultations import consultation_noun

        reading = Reading.of(self.text, block.start, block.end)
        when = dates.find(reading.text, block.start, self._year(block.start))
        named = classify.event_kind(reading)
        if when and (classify.decision_verb(reading) or reading.first_hit(cues.EVENT_KINDS)
                     or named and named[0] == "Hearing"):  # "Strategialuonnos on lausunnoilla": out for comments
            return self._event(block.start, block.end, reading, "timeline-item")
        way = consultation_noun(self, block.start, block.end)
        if way and way[0] == "Consultation" and not phrases.groups(self.text, block.start, block.end) \
                and not phrases.counts(self.text, block.start, block.end) and when:
            # "Toukokuu 2022 Visiota, arvoja … työstetään työpajoissa.": work on the strategy that hears
            # no one the text names is an event of its preparation, not a consultation (of a group)
            return self._event(block.start, block.end, reading, "timeline-item")
        if way:
            made = self._consultations(block.start, block.end, None)
            for consultation in made:
                if consultation.when is None and when:
                    consultation.when = when[0]
                    consultation.propose("date", when[0].cue, f"date-{when[0].precision}-of-item")
            return made[0] if made else None
        if not when:
            return self.add("Explanation", block.start, block.end, reading.text, "undated-item", explains=["strategy"])
        return self._event(block.start, block.end, reading, "timeline-item")

    def _sub_item(self, block: Block, parent: Drafted | None) -> None:
        reading = Reading.of(self.text, block.start, block.end)
        if classify.consultation_kind(reading) or phrases.counts(self.text, block.start, block.end):
            # listed under a dated line, a consultation took place during that event only where it says
            # so ("tilaisuuden aikana", "seminaarissa"): data/README.md, "Consultations"
            during = parent if parent is not None and classify.says_during(reading) else None
            for consultation in self._consultations(block.start, block.end, during):
                consultation.during = during
            return
        self.add("Explanation", block.start, block.end, reading.text, "item-under-event",
                 explains=[parent] if parent else ["strategy"])

    def _plan(self, section: Section) -> None:
        """A preparation plan ("Mitä valmistellaan vuoden 2022 aikana"): the heading is the plan,
        each heading under it a part of it, each item a step (a decision when it decides)."""
        plan = self.add("PreparationPlan", section.heading.start, section.heading.end, self._text(section.heading),
                        "plan-heading")
        current = plan
        for block in section.blocks:
            if block.kind == "heading":
                current = self.add("PreparationPlan", block.start, block.end, self._text(section.heading),
                                   "part-of-plan", parent=plan) or current
            elif block.kind == "item":
                reading = Reading.of(self.text, block.start, block.end)
                if classify.decision_verb(reading) and dates.find(reading.text, block.start, self._year(block.start)):
                    self._event(block.start, block.end, reading, "plan-decision", parent=current)
                else:
                    cue = self.text[current.span[0]:current.span[1]] if current else ""
                    self.add("PreparationStep", block.start, block.end, cue, "plan-item", parent=current)
            elif block.kind == "paragraph":
                self._explanations(block, explains=[plan] if plan else ["strategy"])

    def _follow_up(self, section: Section) -> None:
        """Follow-up: a sentence that says how the strategy's realisation is followed up, measured or
        reported (its words: seurata, mittari, raportoida …) is a follow-up arrangement; another one
        ("Strategia toimeenpannaan vuosittain talousarviossa.": how it is carried out) says what it
        says, and a pointer to another page nothing."""
        lead = None
        for block in section.blocks:
            if block.kind == "item" and lead is not None:  # a measure of the list the lead announces
                measure = self.add("FollowUpArrangement", block.start, block.end, self.text[slice(*lead.span)][:40],
                                   "listed-measure", parent=lead)
                if measure is not None:
                    measure.propose("partOf", self.text[slice(*lead.span)][:40], "listed-under-it")
                continue
            lead = None
            if block.kind in ("paragraph", "item", "heading"):
                for start, end in sentences(self.text, block.start, block.end):
                    reading = Reading.of(self.text, start, end)
                    if classify.is_pointer(reading):
                        continue
                    if reading.lemmas & cues.FOLLOW_UP_WORDS:
                        made = self.add("FollowUpArrangement", start, end, self._text(section.heading), "heading-class")
                        lead = made if made is not None and self.text[start:block.end].rstrip().endswith(":") else None
                    else:
                        self._sentence(start, end, explains=["strategy"])

    def _neutral(self, section: Section) -> None:
        """Outside any named section every sentence says what it is; a list hangs from the line
        just before it, and an item indented under another from that one."""
        lead, items = None, {}
        for block in section.blocks:
            if block.kind == "item":
                parent = items.get(block.depth - 1) if block.depth > 1 else lead
                made = self._sentence(block.start, block.end, parent=parent)
                items = {d: s for d, s in items.items() if d < block.depth}
                items[block.depth] = made
            elif block.kind == "paragraph":
                lead = self._explanations(block, explains=["strategy"], classify_each=True, whole=True)
                items = {}
            elif block.kind == "heading":
                lead, items = None, {}

    def _neutral_block(self, block: Block, section: Section) -> None:
        if block.kind == "paragraph":
            self._explanations(block, explains=["strategy"], classify_each=True, whole=True)

    # --- sentences -------------------------------------------------------------------------------

    def _explanations(self, block: Block, explains: list, classify_each: bool = False,
                      default: list | None = None, whole: bool = False) -> Drafted | None:
        """The statements of a paragraph, sentence by sentence (a sentence that goes on with "Ne",
        "Se", "Tämä" … goes on the explanation before it; a paragraph of nothing but plain
        explanation is one); the last one made."""
        previous, made = None, []
        for start, end in sentences(self.text, block.start, block.end):
            reading = Reading.of(self.text, start, end)
            if classify.is_pointer(reading) or self._is_call_to_action(reading):
                previous = None
                continue
            if previous is not None and previous.kind == "Explanation" and reading.text.lower().startswith(ANAPHORA):
                previous.span = (previous.span[0], end)
                continue
            if previous is not None and previous.kind == "LegalRequirement" and classify.states_obligation(reading):
                # "Laki … edellyttää, että …. Strategiassa on otettava huomioon …": the requirement, in part
                statement = self.add("LegalRequirement", start, end, reading.text[:40], "obligation-after-requirement",
                                     parent=previous)
                if statement is not None:
                    statement.propose("partOf", self.text[slice(*previous.span)][:40], "the-requirement-before-it")
            elif classify_each:
                statement = self._sentence(start, end, explains=default)
            else:
                statement = self.add("Explanation", start, end, reading.text[:40], "elaboration", explains=explains)
            if statement is not None:
                made.append(statement)
            previous = statement or previous
        return (self._one_explanation(block, made) if whole else None) or previous

    def _one_explanation(self, block: Block, made: list[Drafted]) -> Drafted | None:
        """A paragraph whose every sentence is a plain explanation explains one thing: one statement."""
        if len(made) < 2 or any(d.kind != "Explanation" or d.cues["type"].rule not in ("sentence", "elaboration")
                                for d in made):
            return None
        if any(d.kind == "Tier" and block.start <= d.span[0] < block.end for d in self.out):
            return None  # a sentence that names a tier keeps its own passage
        first = made[0]
        first.span = (first.span[0], made[-1].span[1])
        self.out = [d for d in self.out if d not in made[1:]]
        first.when = None
        self._date(first, first.span)
        return first

    def _is_call_to_action(self, reading: Reading) -> bool:
        """"Tutustu ja kommentoi!", or a title that ends in one ("… loppukiri – tutustu ja kommentoi!")."""
        from .chrome import is_call_to_action

        if is_call_to_action(reading.text):
            return True
        parts = re.split(r"\s[–-]\s", reading.text)
        if len(parts) < 2 or not reading.text.rstrip().endswith("!") or not is_call_to_action(parts[-1]):
            return False
        title = Reading.of(self.text, reading.words[0].start, reading.words[0].start + len(parts[0]))
        return not classify.finite_verbs(title)

    def _sentence(self, start: int, end: int, parent: Drafted | None = None,
                  explains: list | None = None) -> Drafted | None:
        """One sentence (or item) outside any section that says what it is."""
        if self._is_strategy(start, end):
            return None
        note = FILE_NOTE.search(self.text, start, end)
        if note is not None and note.start() > start:
            end = note.start()  # a document link's note of its file is no part of what the line says
        reading = Reading.of(self.text, start, end)
        if not reading.words:
            return None
        document = dated_document(self, start, end, reading)
        if document is not None:  # "Talousarvio ja taloussuunnitelma" in a list of documents: that document
            return document
        if parent is None and self._is_label_only(reading):
            return None
        named = classify.lead_in(reading)
        if named:
            return self.add(named[0], start + named[1], end, reading.text[:named[1]], "named-by-lead-in")
        after = after_named_document(self, start, end)
        if after is not None:  # "Palvelustrategia – aluevaltuusto hyväksyi 12.6.2023": what happened to it
            return self._sentence(after, end, parent, explains)
        subject = classify.named_subject(reading) if parent is None else None
        if subject:
            return self.add(subject, start, end, reading.text[:40], "named-by-subject")
        citation = LAW_CITATION.search(reading.text)
        if citation and not classify.is_legal(Reading.of(self.text, start, start + citation.start())) \
                and not classify.states_requirement(reading):
            # "… taustaselvitys … (Laki … 612/2021: 29 §:n 2 momentti).": the citation is the requirement
            law = self.add("LegalRequirement", start + citation.start(1), start + citation.end(1), citation.group(1),
                           "legal-citation")
            rest = Reading.of(self.text, start, start + citation.start())
            if not classify.finite_verbs(rest):
                return law
            end = start + citation.start()
            reading = rest
        if classify.is_legal(reading) or (parent is not None and parent.kind == "LegalRequirement"):
            rule = "legal-words" if classify.is_legal(reading) else "item-of-requirement"
            return self.add("LegalRequirement", start, end, reading.text[:40], rule,
                            parent=parent if parent is not None and parent.kind == "LegalRequirement" else None)
        event = clauses.clause_event(self, start, end, reading)
        if event is not None:
            return event
        split = clauses.clauses(self, start, end)
        if split:
            made = [self._sentence(a, b, parent, explains) for a, b in split]
            clauses.shared_subject(*made)
            return next((m for m in made if m is not None), None)
        return self._classified(start, end, reading, parent, explains)

    def _classified(self, start: int, end: int, reading: Reading, parent, explains) -> Drafted | None:
        when = dates.find(reading.text, start, self._year(start))
        event = classify.event_kind(reading)
        if event and event[0] == "Decision" and when and classify.decision_verb(reading):
            return self._decision_sentence(start, end, reading)
        from .consultations import consultation_noun

        if event and event[0] == "Hearing" and when:
            return self._event(start, end, reading, "dated-event")  # "on lausunnoilla … asti": out for comments
        if classify.purpose_of_consulting(reading):
            return self._purpose(start, end, reading)
        if consultation_noun(self, start, end):
            return self._consultation_sentence(start, end, reading)
        bodies = phrases.bodies(self.text, start, end)
        if len(bodies) >= 2 and "käsitellä" in {classify.verb_of(w) for w in reading.words} | reading.base():
            from .events import handled_by_bodies

            return handled_by_bodies(self, start, end, reading, bodies)
        if when and (event or classify.preparation_verb(reading) and not clauses.prepared_over(self, reading, when[0])):
            return self._event(start, end, reading, "dated-event")
        if classify.is_follow_up(reading):
            return self.add("FollowUpArrangement", start, end, reading.text[:40], "follow-up-words")
        if when and when[0].precision != "year" and classify.body_as_subject(reading):
            # "Valtuustoryhmät neuvottelivat strategiasta elo–syyskuussa 2025.": what a body did at a time
            return self._event(start, end, reading, "body-at-a-time")
        target = [parent] if parent is not None else (explains or ["strategy"])
        return self.add("Explanation", start, end, reading.text[:40], "sentence", explains=target)

    def _purpose(self, start: int, end: int, reading: Reading) -> Drafted | None:
        """"Osallistamisen tavoitteena on, että strategia perustuu asukkaiden ja henkilöstön näkemyksiin.": why
        people are consulted, with the groups it names."""
        purpose = self.add("ConsultationPurpose", start, end, reading.text[:40], "purpose-of-consulting")
        if purpose is not None:
            found = phrases.groups(self.text, start, end)
            purpose.groups = [f.value for f in found]
            if found:
                purpose.propose("groups", ", ".join(f.cue for f in found), "group-words")
        return purpose

    def _consultation_sentence(self, start: int, end: int, reading: Reading) -> Drafted | None:
        from .consultations import clause_before

        before = clause_before(self, start, end)
        explanation = None
        if before is not None:  # what it says besides the consultation: an explanation, or an event it names
            explanation = self._classified(*before, Reading.of(self.text, *before), None, ["strategy"])
            start = before[1]
            while start < end and not self.text[start].isalnum():
                start += 1
            for joint in ("ja ", "sekä "):
                if self.text.startswith(joint, start):
                    start += len(joint)
        made = self._consultations(start, end, None)
        return made[0] if made else explanation

    def _is_label_only(self, reading: Reading) -> bool:
        """A line of a word or two with no verb and no date ("Strategia" under the site's name) says nothing."""
        return len(reading.words) <= 3 and not classify.finite_verbs(reading) and \
            not dates.find(reading.text) and not reading.text.rstrip().endswith((".", "!", "?"))

    def _decision_sentence(self, start: int, end: int, reading: Reading) -> Drafted | None:
        """A body deciding in the active voice is a decision ("Aluevaltuusto hyväksyi …"), and so is a
        passive sentence that names no body ("Palvelustrategia hyväksytään vuonna 2023."); a passive
        one that names the body ("… on hyväksytty aluevaltuustossa joulukuussa 2022") explains, and
        the decision is the words from the verb to the date."""
        verb = classify.decision_verb(reading)
        passive = verb is not None and (verb.has("PARTICIPLE", "past_passive") or verb.has("PERSON", "4"))
        if not passive or not phrases.bodies(self.text, verb.end, end):
            return self._event(start, end, reading, "decision-sentence")
        explanation = self.add("Explanation", start, end, reading.text[:40], "passive-decision", explains=["strategy"])
        when = dates.find(reading.text, start, self._year(start))
        stop = max(w.span[1] for w in when) if when else end
        sub = Reading.of(self.text, verb.start, stop)
        decision = self._event(verb.start, stop, sub, "passive-decision", full=reading)
        if explanation is not None and decision is not None:
            explanation.explains.append(decision)
        return explanation

    # --- events and consultations ---------------------------------------------------------------

    def _event(self, start: int, end: int, reading: Reading, rule: str, parent: Drafted | None = None,
               full: Reading | None = None) -> Drafted | None:
        from .events import event

        return event(self, start, end, reading, rule, parent, full)

    def _consultations(self, start: int, end: int, during: Drafted | None) -> list[Drafted]:
        from .consultations import consultations

        return consultations(self, start, end, during)

    # --- the rest ---------------------------------------------------------------------------------

    def _documents(self) -> None:
        from .documents import add_documents

        add_documents(self)

    def _drop_repeats(self) -> None:
        """A line that repeats an earlier statement word for word (a slogan at the foot of the
        page) is not a statement of its own."""
        seen: dict[str, Drafted] = {}
        kept = []
        for drafted in sorted(self.out, key=lambda d: d.span):
            key = " ".join(self.text[drafted.span[0]:drafted.span[1]].split())
            if key in seen and seen[key].kind != drafted.kind and drafted.kind == "Explanation":
                continue
            seen.setdefault(key, drafted)
            kept.append(drafted)
        self.out = kept

    def status_line(self, span: tuple[int, int] | None) -> list[Drafted]:
        """A title line that shows what the text is ("Luonnos lausuntokierrosta varten", "Aluehallitus
        29.9.2022") says so: an explanation of the strategy, when no statement has it yet."""
        heading = any(b.kind == "heading" and (b.start, b.end) == span for b in self.blocks)
        if heading and not any(d.span == span for d in self.out):
            self.add("Explanation", *span, self.text[span[0]:span[1]], "status-line", explains=["strategy"])
        return self.out

    def _reference_date(self):
        """The date the text was written as of: a "Päivitetty" line, or a title-block line naming a
        body and a date before the first section (a version brought to that meeting)."""
        match = re.search(r"(?im)^\s*(?:päivitetty|julkaistu|muokattu)\s*:?\s*(\d{1,2}\.\d{1,2}\.20\d{2})", self.text)
        if match:
            found = dates.find(match.group(1))
            if found:
                return found[0].end
        for block in self.blocks[:6]:
            if block.kind != "heading":
                continue
            reading = Reading.of(self.text, block.start, block.end)
            found = dates.find(reading.text, block.start)
            if found and found[0].precision == "day" and phrases.bodies(self.text, block.start, block.end) \
                    and len(reading.words) <= 6:
                self.title_block = (block.start, block.end)
                return found[0].end
        return None
