"""A tier section: goals, priorities, principles, success factors, preconditions under the source's
own heading for them, which is the tier (with its level in the strategy's hierarchy).

"Strategiset tavoitteet" names one tier; "Painopisteet ja strategiset periaatteet" two, the second
grouped under the first; "Päätavoitteista johdettu kuusi toiminnan painopistettä" one derived from
another, so one level below it. Items are the first tier's, items indented under them (or 1.1 under
1.) the second's; a name on its own line over a list groups the list; "Edellytys: …" under a goal
is its precondition. A statement numbered by its tier's noun ("Tavoite 1. …", "Painopiste 2: …") is
the name after the number; a heading naming the next tier right under it ("Tavoitteet") heads its
own list, and names that tier (once: the same heading again is the same tier), and so does a tier's
word over a list under each statement ("Kärkihankkeet:" again and again). Two lists under different
names are two tiers, even of one class ("Painopisteet", "Kärkihankkeet").
"""

from __future__ import annotations

import re

from . import cues, labels
from .classify import Reading
from .layout import trim
from .model import Drafted
from .outline import Block, sentences
from .sections import Section, heading_key, heading_meaning, numbered_instance

ENABLERS = {"CriticalSuccessFactor", "Precondition"}
"""What the goals need, not goals: their list is never the strategy's top tier, even where it stands
beside the goals as a list of its own (000's "Kriittiset menestystekijät": level 2, data/README.md,
"Tiers"; hvash:EnablerTierShape)."""

RELATIVE = {"joka", "mikä"}
"""The relative pronouns (in any case: "jotka", "joissa", "joihin", "mitkä" …) that open the clause after a
tier's name in the sentence that names it."""


class TierSection:
    def __init__(self, rules, section: Section):
        self.rules, self.section = rules, section
        self.text = rules.text
        meaning = section.meaning
        self.classes = meaning.classes or [section.kind]
        self.heading = section.heading
        self.tiers: list[Drafted | None] = [None, None]
        self.last_top: Drafted | None = None
        self.group: Drafted | None = None

    def run(self) -> None:
        self._name_tiers()
        blocks = [b for b in self.section.blocks if not self._is_title(b)]
        for i, block in enumerate(blocks):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if block.kind == "used" or block.kind == "row":
                continue
            if block.kind == "item":
                self._item(block)
            elif block.kind == "heading":
                self._heading(block, following, blocks[i - 1] if i else None)
            elif block.kind == "paragraph" and numbered_instance(self.text, block.start, block.end) is not None:
                self._heading(block, following, blocks[i - 1] if i else None)  # "Tavoite 2. …" wrapped on two lines
            elif block.kind == "paragraph":
                self._paragraph(block)

    def _is_title(self, block: Block) -> bool:
        span = self.rules.strategy_span
        return span is not None and block.start <= span[0] and span[1] <= block.end

    # --- the tiers --------------------------------------------------------------------------------

    def _name_tiers(self) -> None:
        heading = self.heading
        derived = self.section.meaning.derived_from
        level = 1
        if derived is not None:
            above = [d for d in self.rules.out if d.kind == "Tier" and d.cues.get("class") and
                     d.cues["class"].text == derived]
            level = (above[-1].level + 1) if above else 2
        first_span = (heading.start, heading.end)
        joint = self.text.find(" ja ", heading.start, heading.end)
        if joint > 0 and (len(self.classes) > 1 or not self._names_tier(joint + 4, heading.end)):
            first_span = trim(self.text, heading.start, joint)  # "Strategiset tavoitteet ja mittarit": the tier's name
        self.tiers[0] = self._tier(first_span, self.classes[0], level)
        if len(self.classes) > 1:
            named = self._containment_sentence()
            if named is None:
                joint = self.text.find(" ja ", heading.start, heading.end)
                named = self._without_pronoun(trim(self.text, joint + 4, heading.end)) if joint > 0 else None
            if named is not None:
                self.tiers[1] = self._tier(named, self.classes[1], level + 1)

    def _without_pronoun(self, span: tuple[int, int]) -> tuple[int, int]:
        """"… ja niiden tavoitteet": the tier is "tavoitteet" (a pronoun before the tier's noun only points
        back to the first tier)."""
        words = Reading.of(self.text, *span).words
        while len(words) > 1 and words[0].has("CLASS", "asemosana"):
            words = words[1:]
        return (words[0].start, span[1]) if words else span

    def _names_tier(self, start: int, end: int) -> bool:
        return any(lemma in cues.SECTIONS and cues.SECTIONS[lemma] in cues.TIER_SECTIONS
                   for w in Reading.of(self.text, start, end).words for lemma in w.base) or \
            not any(w.base & set(cues.SECTIONS) for w in Reading.of(self.text, start, end).words)

    def _tier(self, span: tuple[int, int], kind: str, level: int) -> Drafted | None:
        span = trim(self.text, *span, ":")  # "Tavoitteet:" over its list: the name without its colon
        enabler = kind in ENABLERS and level == 1
        level = max(level, 2) if kind in ENABLERS else level
        name = labels.singular(self.text[span[0]:span[1]], kind).lower()
        existing = [d for d in self.rules.out if d.kind == "Tier" and d.cues.get("class") and d.cues["class"].text == kind
                    and d.level == level and labels.singular(self.text[slice(*d.span)], kind).lower() == name]
        if existing:
            return existing[-1]
        tier = self.rules.add("Tier", *span, self.text[span[0]:span[1]], "tier-heading", level=level)
        if tier is not None:
            tier.propose("class", kind, "tier-heading")
            tier.propose("level", self.text[span[0]:span[1]],
                         "enabler-below-the-top" if enabler else
                         "tier-derived" if level > 1 and not tier.cues.get("parentTier") else "tier-level")
        return tier

    def _containment_sentence(self) -> tuple[int, int] | None:
        """"Painopisteisiin sisältyvät strategiset periaatteet, jotka …", "Kullekin päätavoitteelle on
        tunnistettu keskeinen edellytys, jonka …": the sentence that says the second level is in the
        first names it (up to its relative clause)."""
        second = {lemma for lemma, kind in cues.SECTIONS.items() if len(self.classes) > 1 and kind == self.classes[1]}
        first = {lemma for lemma, kind in cues.SECTIONS.items() if kind == self.classes[0]}
        for block in self.section.blocks:
            if block.kind != "paragraph":
                continue
            for start, end in sentences(self.text, block.start, block.end):
                reading = Reading.of(self.text, start, end)
                if not (reading.lemmas & second and reading.lemmas & first):
                    continue
                cut = _relative_clause(self.text, reading)
                if cut is not None:
                    return trim(self.text, start, cut)
        return None

    def _second_tier(self) -> Drafted | None:
        """The tier of items under items: named by a sentence of the section if the heading did not."""
        if self.tiers[1] is None:
            kind = self._second_class()
            named = self._containment_sentence_for(kind)
            if named is not None:
                self.tiers[1] = self._tier(named, kind, (self.tiers[0].level if self.tiers[0] else 1) + 1)
        return self.tiers[1]

    def _second_class(self) -> str:
        return self.classes[1] if len(self.classes) > 1 else self.classes[0]

    def _containment_sentence_for(self, kind: str) -> tuple[int, int] | None:
        saved = self.classes
        self.classes = [saved[0], kind]
        try:
            return self._containment_sentence()
        finally:
            self.classes = saved

    # --- the items ----------------------------------------------------------------------------------

    def _item(self, block: Block) -> None:
        if block.depth <= 1 and self.group is None:
            self.last_top = self._statement(self.classes[0], block.start, block.end, self.tiers[0], None, block)
        elif block.depth <= 1:
            self._statement(self._second_class(), block.start, block.end, self._second_tier(), self.group, block)
        else:
            parent = self.group or self.last_top
            self._statement(self._second_class(), block.start, block.end, self._second_tier(), parent, block)

    def _heading(self, block: Block, following: Block | None, previous: Block | None) -> None:
        meaning = heading_meaning(self.text, block) if numbered_instance(self.text, block.start, block.end) is None \
            else None
        under_a_name = previous is not None and previous.kind == "heading" and self.last_top is not None \
            and self.last_top.span[0] >= previous.start
        repeated = sum(1 for b in self.section.blocks if b.kind == "heading" and
                       heading_key(self.text, b) == heading_key(self.text, block)) >= 2 and self.last_top is not None
        if meaning is not None and meaning.kind in cues.TIER_SECTIONS and \
                (meaning.kind != self.classes[0] or under_a_name or repeated):
            self._list_heading(block, meaning.kind)
            return
        if following is not None and following.kind == "item":
            self.group = self._statement(self.classes[0], block.start, block.end, self.tiers[0], None, block)
            self.last_top = self.group
            return
        self.group = None
        if following is not None and following.kind == "paragraph" and not _lead(self.text, following):
            item = self._statement(self.classes[0], block.start, following.end, self.tiers[0], None, block)
            if item is not None:
                item.name_span = (block.start, block.end)
            following.kind = "used"
            self.last_top = item
            return
        self.last_top = self._statement(self.classes[0], block.start, block.end, self.tiers[0], None, block)

    def _list_heading(self, block: Block, kind: str) -> None:
        """"Tavoitteet" right under "Painopiste 1: …" (or "Tavoitteet:" under a goal's name): the list that
        follows is that statement's, on the tier below, which this heading names."""
        if len(self.classes) < 2 or self.classes[1] != kind or self.tiers[1] is self.tiers[0]:
            self.classes = [self.classes[0], kind]
            self.tiers[1] = None
        if self.tiers[1] is None:
            self.tiers[1] = self._tier((block.start, block.end), kind, (self.tiers[0].level if self.tiers[0] else 1) + 1)
        self.group = self.last_top

    def _paragraph(self, block: Block) -> None:
        if self._sentence_a_line(block):
            for line in block.lines:  # "Johdamme tiedolla." / "Kokeilemme ja opimme nopeasti.": a list, one a line
                made = self._statement(self.classes[0], *trim(self.text, line.start, line.end), self.tiers[0], None,
                                       block)
                if made is not None:
                    made.propose("type", self.text[self.heading.start:self.heading.end], "one-a-line-under-the-heading")
            return
        lead = _lead(self.text, block)
        if lead is not None and self.last_top is not None:
            tier = self.tiers[1]
            if tier is None or tier.cues["class"].text != "Precondition":
                tier = self._named_tier_for("Precondition")
            precondition = self.rules.add("Precondition", lead, block.end, self.text[block.start:lead].strip(),
                                          "lead-in-word", tier=tier, precondition_for=self.last_top)
            if precondition is not None:
                precondition.propose("preconditionFor", self.text[slice(*self.last_top.span)][:40], "under-its-goal")
                if tier is not None:
                    precondition.propose("tier", self.text[slice(*tier.span)], "named-by-sentence")
            return
        explained = self.tiers[0] or "strategy"
        self.rules._explanations(block, explains=[explained], classify_each=True, default=[explained])

    def _sentence_a_line(self, block: Block) -> bool:
        """Right under the tier's heading, two or more short lines that are each one whole sentence:
        the tier's list, whose bullets the copy lost (a paragraph's lines, as a PDF wraps them, are not)."""
        if len(block.lines) < 2 or any(b.kind in ("item", "paragraph", "used") for b in self.section.blocks
                                      if b.start < block.start):
            return False
        for line in block.lines:
            content = self.text[line.start:line.end].strip()
            if not content[:1].isupper() or not content.endswith(".") or len(content.split()) > 12 \
                    or len(sentences(self.text, line.start, line.end)) != 1:
                return False
        return True

    def _named_tier_for(self, kind: str) -> Drafted | None:
        named = self._containment_sentence_for(kind)
        if named is None:
            return None
        tier = self._tier(named, kind, (self.tiers[0].level if self.tiers[0] else 1) + 1)
        self.tiers[1] = tier
        return tier

    def _statement(self, kind: str, start: int, end: int, tier: Drafted | None, parent: Drafted | None,
                   block: Block) -> Drafted | None:
        instance = numbered_instance(self.text, start, end)
        if instance is not None:
            start = instance.name_start
        drafted = self.rules.add(kind, start, end, self.text[self.heading.start:self.heading.end], "heading-class",
                                 tier=tier, parent=parent)
        if drafted is None:
            return None
        if tier is not None:
            drafted.propose("tier", self.text[slice(*tier.span)], "list-under-tier")
        if parent is not None:
            drafted.propose("partOf", self.text[slice(*parent.span)][:40], "grouped-under")
        numbers = block.first.numbers if block.kind == "item" else ()
        if instance is not None:
            drafted.source_number = instance.number
            drafted.propose("ordinal", instance.cue, "numbered-by-tier-noun")
        elif numbers:
            drafted.source_number = numbers[-1]
            drafted.propose("ordinal", block.first.marker, "source-numbering")
        description = re.match(r"([^:.]{2,60}):\s+\S", self.text[start:end])
        if description and drafted.name_span is None and kind != "Precondition":
            drafted.name_span = (start, start + len(description.group(1)))
        return drafted


def _relative_clause(text: str, reading: Reading) -> int | None:
    """Where a sentence's relative clause starts (the comma before "jotka", "joissa" …)."""
    for word in reading.words[1:]:
        comma = text.rfind(",", 0, word.start)
        if word.base & RELATIVE and comma >= 0 and not text[comma + 1:word.start].strip():
            return comma
    return None


def _lead(text: str, block: Block) -> int | None:
    """Where a precondition starts after its lead-in word ("Edellytys: jatkettu …")."""
    match = re.match(r"\s*(\w+)\s*:\s*", text[block.start:block.end])
    if match and match.group(1).lower() in cues.LEAD_INS:
        return block.start + match.end()
    return None
