"""Values a section gives only as a list in one sentence ("Toimintaamme ohjaavat kaupungin arvot:
asukaslähtöisyys, yhdenvertaisuus, avoimuus ja turvallisuus.")."""

from __future__ import annotations

import re

from . import classify
from .classify import Reading
from .layout import trim
from .outline import sentences


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
