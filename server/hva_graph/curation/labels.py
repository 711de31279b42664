"""Clean Finnish labels from verbatim text: line breaks as spaces (a word hyphenated at a line's end
joined), no markup or debris, no-break spaces and soft hyphens normalised (they stay in the source text and the verbatim), ranges with an
en dash, the first letter a capital; a tier's name in the singular."""

from __future__ import annotations

import re
import unicodedata

from . import cues, language


def clean(text: str) -> str:
    text = language.join_broken_words(unicodedata.normalize("NFC", text).replace("\u00ad", ""))
    text = re.sub(r"<[^>]*>|\*\*|&[a-z]+;", "", text)
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text).strip(" •-–*")
    text = re.sub(r"(?<=\d)\.\s?-\s?(?=\d)", ".–", text)  # 17.-18.5.2022
    text = re.sub(r"(?<=\b20\d{2})\s?-\s?(?=(?:20)?\d{2}\b)", "–", text)  # 2023-2026
    return text[:1].upper() + text[1:] if text else text


def singular(text: str, kind: str) -> str:
    """A tier's name in the singular from the source's heading for the list: "Strategiset tavoitteet"
    is "Strateginen tavoite", "Strategiamme kärjet" "Strategian kärki", "Päätavoitteista johdettu
    kuusi toiminnan painopistettä" "Toiminnan painopiste"."""
    words = language.words(text)
    nouns = {lemma for lemma, k in cues.SECTIONS.items() if k == kind}
    head = None
    for index, word in enumerate(words):
        if word.base & nouns or (word.lemmas & nouns and any(b.endswith(tuple(nouns)) for b in word.base)):
            if not (word.has("SIJAMUOTO", "sisaeronto") or word.has("SIJAMUOTO", "ulkotulento")
                    or word.has("SIJAMUOTO", "sisatulento")):
                head = index
    if head is None:
        return clean(text)
    parts = [sorted(words[head].base)[0]]
    for word in reversed(words[:head]):
        if word.text[:1].isdigit() or word.has("CLASS", "lukusana") or _participle(word) or \
                word.has("CLASS", "teonsana"):
            break
        if word.text.lower().endswith("mme"):
            parts.insert(0, word.text[:-3] + "n")
        elif word.has("SIJAMUOTO", "omanto"):
            parts.insert(0, word.text)
        elif word.has("CLASS", "laatusana"):
            parts.insert(0, sorted(word.base)[0])
        else:
            break
    name = " ".join(parts)
    return name[:1].upper() + name[1:]


def _participle(word) -> bool:
    return any(dict(r).get("PARTICIPLE") for r in word.readings)
