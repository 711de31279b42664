"""A text's sections: what each heading opens (values, a tier of goals, the preparation timeline,
a preparation plan, follow-up …) and the blocks under it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import classify, cues
from .classify import Reading, finite_verbs
from .outline import Block

KEEPS_SUBHEADINGS = {"Value", *cues.TIER_SECTIONS}
"""Sections whose unmarked headings are names of their own items (a value, a priority grouping principles)."""
SINGLE = {"Mission", "Vision", "ServicePromise", "EmployerPromise"}
"""Sections of one statement: its first block."""


@dataclass
class Heading:
    kind: str
    classes: list[str] = field(default_factory=list)
    """For a tiered heading: the class of each level it names ("Painopisteet ja strategiset periaatteet")."""
    words: list = field(default_factory=list)
    """The cue word of each level."""
    derived_from: str | None = None
    """The class of the tier this one is derived from ("Päätavoitteista johdettu … painopistettä")."""
    cue: str = ""


@dataclass(eq=False)
class Section:
    heading: Block | None
    kind: str
    blocks: list[Block] = field(default_factory=list)
    meaning: Heading | None = None


def heading_meaning(text: str, block: Block) -> Heading | None:
    """What a heading opens, by its words; None for a heading that opens nothing in particular."""
    reading = Reading.of(text, block.start, block.end)
    if not reading.words:
        return None
    if _asks_what_is_done(reading):
        return Heading("plan", cue=reading.text)
    if _tells_how_it_was_prepared(reading):
        return Heading("timeline", cue=reading.text)
    hits = []
    derived = None
    for word in reading.words:
        kind = cue_kind(word)
        if kind is None:
            continue
        if word.has("SIJAMUOTO", "sisaeronto") or word.has("SIJAMUOTO", "ulkoeronto"):
            derived = kind  # "päätavoitteista johdettu": the tier it is derived from
            continue
        hits.append((kind, word))
    if not hits:
        return None
    kind = hits[0][0]
    if kind in ("ServicePromise", "EmployerPromise"):
        kind = classify.promise_kind(reading)
    if kind in cues.TIER_SECTIONS:
        tiered = [(k, w) for k, w in hits if k in cues.TIER_SECTIONS]
        return Heading(kind, [k for k, _ in tiered][:2], [w for _, w in tiered][:2], derived, reading.text)
    return Heading(kind, cue=reading.text)


@dataclass(frozen=True)
class Instance:
    """A heading or item that names one statement of a tier by the tier's noun and its number
    ("Tavoite 1. Asukkaiden hyvinvointi …", "Painopiste 2: Hoitoon pääsee nopeasti")."""
    kind: str
    number: int
    name_start: int
    cue: str


_NUMBERED = re.compile(r"\s*(\w+)\s+(\d{1,2})\s*[.:)–-]?\s+(?=\w)")


def numbered_instance(text: str, start: int, end: int) -> Instance | None:
    """A tier's noun in the singular and a number before a name: the name is the statement, the number
    its ordinal (the prefix is no part of the statement's text)."""
    match = _NUMBERED.match(text, start, end)
    if match is None:
        return None
    word = Reading.of(text, start + match.start(1) - match.start(), start + match.end(1) - match.start()).words
    if len(word) != 1 or not word[0].has("NUMBER", "singular") or not word[0].has("SIJAMUOTO", "nimento"):
        return None
    kind = cue_kind(word[0])
    if kind not in cues.TIER_SECTIONS:
        return None
    return Instance(kind, int(match.group(2)), match.end(), text[start:match.end()].strip())


def _asks_what_is_done(reading: Reading) -> bool:
    """"Mitä valmistellaan vuoden 2022 aikana", "Miten valmistellaan …", "Mitä strategiassa määritellään":
    a question of what is (to be) done, in the passive present, heads a preparation plan whose items are
    its steps ("Määritellään arvot …"); "Miten strategiaa seurataan" asks of its follow-up."""
    if reading.words[0].text.lower() not in ("mitä", "miten", "mihin"):
        return False
    return any(w.base & cues.PLAN_VERBS or w.has("PERSON", "4") and w.has("TENSE", "present_simple")
               and not w.base & cues.FOLLOW_UP_WORDS for w in reading.words[1:])


def _says_how_it_is_prepared(reading: Reading) -> bool:
    """"Strategian sisältö valmistellaan kolmessa vaiheessa" over a list: a heading that says how the strategy
    is (to be) prepared, in the passive present, heads a preparation plan whose items are its steps."""
    return reading.has("strategia") and any(w.base & cues.PLAN_VERBS and w.has("PERSON", "4")
                                            and w.has("TENSE", "present_simple") for w in reading.words)


def _tells_how_it_was_prepared(reading: Reading) -> bool:
    """"Näin strategia valmisteltiin", "Näin luonnos on syntynyt": a heading that tells how the strategy
    was prepared, in the past, heads its preparation's timeline."""
    past = [w for w in reading.words if w.has("TENSE", "past_imperfective") or w.has("PARTICIPLE", "past_active")
            or w.has("PARTICIPLE", "past_passive")]
    return len(reading.words) <= 6 and any(w.base & cues.PREPARED_VERBS or w.text.lower().startswith(cues.PREPARED_STEMS)
                                           for w in past)


def cue_kind(word) -> str | None:
    """The section (or class) a word's base form cues, by its compound's last part too."""
    for base in sorted(word.base):
        if base in cues.SECTIONS:
            return cues.SECTIONS[base]
    for lemma in sorted(word.lemmas - word.base):
        # a compound whose last part is a cue ("strategiavalmistelussa": valmistelu)
        if lemma in cues.SECTIONS and any(base.endswith(lemma) for base in word.base):
            return cues.SECTIONS[lemma]
    return None


def is_verb_line(text: str, block: Block) -> bool:
    """A line that says something (a finite verb that is nothing else: "Arvot" is also "you guess")."""
    reading = Reading.of(text, block.start, block.end)
    verbs = [w for w in finite_verbs(reading) if all(dict(r).get("CLASS") == "teonsana" for r in w.readings)]
    return len(reading.words) >= 3 and bool(verbs) and reading.words[0].text.lower() not in ("mitä", "miten", "miksi")


def split(text: str, blocks: list[Block], strategy_span: tuple[int, int] | None) -> list[Section]:
    """The blocks by section. A heading with a cue opens a section; an unmarked heading names an
    item in a values or tier section (or the statement of a mission, vision or promise that has
    none yet) and otherwise opens a section of its own; inside a preparation plan, a heading over
    items is a part of the plan (its steps), unless it heads another plan or a timeline ("Aikataulu"); a
heading over a list that says how the strategy is prepared ("… valmistellaan kolmessa vaiheessa") is a plan."""
    sections = [Section(None, "neutral")]
    for position, block in enumerate(blocks):
        current = sections[-1]
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if block.kind == "heading" and following is not None and following.kind == "item" \
                and _says_how_it_is_prepared(Reading.of(text, block.start, block.end)):
            sections.append(Section(block, "plan", meaning=Heading("plan", cue=text[block.start:block.end])))
            continue
        if block.kind == "heading" and is_verb_line(text, block) and not (following and following.kind == "paragraph") \
                and numbered_instance(text, block.start, block.end) is None \
                and not _tells_how_it_was_prepared(Reading.of(text, block.start, block.end)):
            block.kind = "paragraph"
        if block.kind != "heading":
            current.blocks.append(block)
            continue
        meaning = heading_meaning(text, block)
        if strategy_span and block.start <= strategy_span[0] and strategy_span[1] <= block.end and meaning is not None \
                and current.meaning is not None and current.meaning.kind == meaning.kind:
            current.blocks.append(block)  # the title repeats the section's words: it stays in the section
            continue
        if current.kind == "plan" and (meaning is None or meaning.kind not in ("plan", "timeline")) \
                and following is not None and following.kind == "item":
            current.blocks.append(block)
            continue
        if current.kind in cues.TIER_SECTIONS and (_inside_tier(text, current, block, meaning) or
                                                   _repeated_list_heading(text, blocks, block, meaning, following)):
            current.blocks.append(block)
            continue
        if meaning is None:
            if _continues(text, current, block, following):
                current.blocks.append(block)
                continue
            sections.append(Section(block, "neutral"))
            continue
        sections.append(Section(block, meaning.kind, meaning=meaning))
    return sections


def _inside_tier(text: str, current: Section, block: Block, meaning: Heading | None) -> bool:
    """A tier's numbered statement ("Painopiste 2: …") stays in the tier's section, and so does the
    heading of its own list right under it ("Tavoitteet" under "Painopiste 1: …", "Tavoitteet:" under
    a goal's name): the next tier down."""
    if numbered_instance(text, block.start, block.end) is not None:
        return True
    if meaning is None or meaning.kind not in cues.TIER_SECTIONS or not current.blocks:
        return False
    above = current.blocks[-1]
    return above.kind == "heading" and \
        (numbered_instance(text, above.start, above.end) is not None or heading_meaning(text, above) is None)


def heading_key(text: str, block: Block) -> str:
    return " ".join(text[block.start:block.end].lower().rstrip(":").split())


def _repeated_list_heading(text: str, blocks: list[Block], block: Block, meaning: Heading | None,
                           following: Block | None) -> bool:
    """"Kärkihankkeet:" over a list under each priority: a tier's word heading a list, the same heading again
    and again, is the list of the statement above it each time (the next tier down), no section of its own."""
    if meaning is None or meaning.kind not in cues.TIER_SECTIONS or following is None or following.kind != "item":
        return False
    key = heading_key(text, block)
    return sum(1 for b in blocks if b.kind == "heading" and heading_key(text, b) == key) >= 2


def _continues(text: str, current: Section, block: Block, following: Block | None) -> bool:
    if current.heading is not None and None not in (current.heading.level, block.level) \
            and block.level <= current.heading.level:
        return False  # a heading as high as the section's own opens a section of its own ("Päätöksenteko")
    reading = Reading.of(text, block.start, block.end)
    if reading.has("strategia") or any(w.base & set(cues.DOCUMENTS) for w in reading.words):
        return False  # "Hyvinvointialuestrategian sisältö", "Palvelustrategia": a part of the page of its own
    if current.kind in KEEPS_SUBHEADINGS:
        return True
    if current.kind in SINGLE:
        return not any(b.kind in ("paragraph", "heading", "item") for b in current.blocks)
    return False
