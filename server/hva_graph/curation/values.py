"""A values section: each list item, a name on its own line with the paragraph under it, lines or sentences
that each give a name and its description, a paragraph whose first sentence is a name, or values a section
gives only as a list in one sentence ("Toimintaamme ohjaavat kaupungin arvot: asukaslähtöisyys,
yhdenvertaisuus, avoimuus ja turvallisuus.")."""

from __future__ import annotations

import re

from . import classify
from .classify import Reading
from .layout import trim
from .model import Drafted
from .outline import Block, sentences

NAMED = re.compile(r"\s*(?P<name>[^–:.\n-]{2,40}?)(?:\s+[–-]|\s*:)\s+\S")
"""A name and, after a dash or a colon, its description ("Rohkeus – uudistamme …", "Avoimuus: kerromme …")."""


def values(rules, section) -> None:
    """Values: each list item, or a name on its own line with the paragraph under it (the
    passage runs over both), or lines that each give a name and its description ("Rohkeus –
    …", "Avoimuus: …"), or such sentences a PDF ran together; other sentences say what they say
    (most explain the values)."""
    blocks, text, cue = section.blocks, rules.text, rules._text(section.heading)
    made = len(rules.out)
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.kind == "item":
            _named_value(rules, block.start, block.end, cue, "heading-class")
        elif block.kind == "heading" and following is not None and following.kind == "paragraph":
            value = rules.add("Value", block.start, following.end, cue, "heading-class")
            if value:
                value.name_span = (block.start, block.end)
            following.kind = "used"
        elif block.kind == "heading":
            rules.add("Value", block.start, block.end, cue, "heading-class")
        elif block.kind == "paragraph" and _named_lines(text, block):
            for line in block.lines:
                _named_value(rules, line.start, line.end, cue, "name-and-description")
        elif block.kind == "paragraph" and _named_sentences(text, block):
            for start, end in sentences(text, block.start, block.end):  # the lines a PDF ran together
                _named_value(rules, start, end, cue, "name-and-description")
        elif block.kind == "paragraph" and _name_first(text, block):
            value = rules.add("Value", block.start, block.end, cue, "name-sentence-first")
            if value is not None:
                value.name_span = trim(text, *_name_first(text, block), ".")
        elif block.kind == "paragraph":
            rules._explanations(block, explains=["strategy"], classify_each=True)
    if not any(d.kind == "Value" for d in rules.out[made:]):
        enumerated_values(rules, section)


def _named_value(rules, start: int, end: int, cue: str, rule: str) -> Drafted | None:
    value = rules.add("Value", start, end, cue, rule)
    name = NAMED.match(rules.text, value.span[0], value.span[1]) if value is not None else None
    if name:
        value.name_span = name.span("name")
    return value


def _name_first(text: str, block: Block) -> tuple[int, int] | None:
    """"Rohkeus. Uskallamme kokeilla uutta.": a paragraph whose first sentence is a name (a word or
    three, no verb) gives a value and its description."""
    found = sentences(text, block.start, block.end)
    if len(found) < 2:
        return None
    reading = Reading.of(text, *found[0])
    if 0 < len(reading.words) <= 3 and not classify.finite_verbs(reading) and reading.text.rstrip().endswith("."):
        return found[0]
    return None


def _named_sentences(text: str, block: Block) -> bool:
    """Sentences that each give a short name and, after a colon, what it means ("Ammattitaito: Teemme …")."""
    found = sentences(text, block.start, block.end)
    return len(found) >= 2 and all(NAMED.match(text, a, b) and ":" in text[a:b][:42] for a, b in found)


def _named_lines(text: str, block: Block) -> bool:
    """Lines that each give a short name and, after a dash or a colon, what it means."""
    return len(block.lines) >= 2 and all(NAMED.match(text, line.start, line.end) for line in block.lines)


def enumerated_values(rules, section) -> None:
    """"Toimintaamme ohjaavat kaupungin arvot: asukaslähtöisyys, yhdenvertaisuus, avoimuus ja
    turvallisuus.": where a values section gives its values only as a list in one sentence, each
    name listed is a value (its passage the name; the sentence explains them)."""
    for block in (b for b in section.blocks if b.kind == "paragraph"):
        for start, end in sentences(rules.text, block.start, block.end):
            sentence = rules.text[start:end]
            lead = re.search(r":\s+|\b(?:ovat|on)\s+", sentence)
            if lead is None:
                continue
            listed = sentence[lead.end():].rstrip(".")
            cuts = [(0, 0), *((m.start(), m.end()) for m in re.finditer(r",\s*|\s+(?:ja|sekä)\s+", listed)),
                    (len(listed), len(listed))]
            at = start + lead.end()
            spans = [trim(rules.text, at + a[1], at + b[0]) for a, b in zip(cuts, cuts[1:])]
            spans = [(a, b) for a, b in spans if b > a]
            if 2 <= len(spans) <= 8 and all(len(rules.text[a:b].split()) <= 3 and not classify.finite_verbs(
                    Reading.of(rules.text, a, b)) for a, b in spans):
                for a, b in spans:
                    rules.add("Value", a, b, rules._text(section.heading), "listed-in-a-sentence")
                return
