"""The drafting rules' one door to the project's Finnish analyser (Voikko, search/analyser.py).

Cue words are matched by base form and compound part ("Arvot", "arvomme" and "arvopohja" all
have arvo), never by spelling, and a few rules read a word's case, mood or person (an
imperative "Tutustu" opens a call to action, a passive "Kuvataan" a preparation step). A word
hyphenated at a line's end ("menestys-" / "tekijät", as a PDF prints it) is read as the one word it
is, and so is a word with a soft hyphen in it. This adapter is the curation package's only import of
the analyser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..search import analyser


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    lemmas: frozenset[str]
    """Base forms and compound parts, lower case."""
    readings: tuple[tuple[tuple[str, str], ...], ...]
    """Voikko's analyses of the word (class, case, mood, person, participle …), as sorted pairs."""

    def has(self, feature: str, value: str) -> bool:
        return any(dict(reading).get(feature) == value for reading in self.readings)

    @property
    def base(self) -> frozenset[str]:
        """The word's own base forms (not the parts of a compound)."""
        found = {dict(r).get("BASEFORM", "").lower() for r in self.readings} - {""}
        return frozenset(found) or self.lemmas


FEATURES = ("BASEFORM", "CLASS", "SIJAMUOTO", "MOOD", "PERSON", "NUMBER", "PARTICIPLE", "TENSE")


def words(text: str, offset: int = 0) -> list[Word]:
    """The Finnish words of a text with their base forms, compound parts and readings."""
    tokens = analyser.analyse(text, "fi")
    found: list[Word] = []
    skip = False
    for token, following in zip(tokens, tokens[1:] + [None]):
        if skip:
            skip = False
            continue
        joined = _broken_word(text, token, following)
        if joined is not None:
            found.append(Word(joined.text, token.start + offset, following.end + offset, joined.terms,
                              _readings(joined.text)))
            skip = True
            continue
        found.append(_word(token, offset))
    return found


SOFT_HYPHEN = "\u00ad"


def _word(token, offset: int) -> Word:
    """A token as a word; one with a soft hyphen ("toimeenpano\u00adohjelmalla", as a page hyphenates a
    long word) is read without it, at the same place in the text."""
    if SOFT_HYPHEN in token.text:
        for clean in (token.text.replace(SOFT_HYPHEN, ""), token.text.replace(SOFT_HYPHEN, "-")):
            whole = analyser.analyse(clean, "fi")  # "-" where two parts meet at one vowel ("toimeenpano-ohjelma")
            if len(whole) == 1 and whole[0].method == "voikko":
                return Word(clean, token.start + offset, token.end + offset, whole[0].terms, _readings(clean))
    return Word(token.text, token.start + offset, token.end + offset, token.terms, _readings(token.text))


_LINE_BREAK = re.compile(r"[ \t]*\n[ \t\u00a0]*")
_NOT_BROKEN = {"ja", "tai", "sekä", "eli", "että", "kuin"}


def _broken_word(text: str, token, following):
    """The word a hyphen at a line's end broke in two ("hyvin-" / "vointialuestrategiassa"), when the
    analyser knows it whole; None for a compound's first part before "ja" ("sosiaali- ja …")."""
    if following is None or not token.text.endswith("-") or not following.text[:1].islower() \
            or following.text.lower() in _NOT_BROKEN or not _LINE_BREAK.fullmatch(text[token.end:following.start]):
        return None
    whole = analyser.analyse(token.text[:-1] + following.text, "fi")
    return whole[0] if len(whole) == 1 and whole[0].method == "voikko" else None


def join_broken_words(text: str) -> str:
    """A text with its words hyphenated at line ends joined (for a clean label)."""
    parts, at = [], 0
    tokens = analyser.analyse(text, "fi")
    for token, following in zip(tokens, tokens[1:]):
        if _broken_word(text, token, following) is not None:
            parts.append(text[at:token.end - 1])
            at = following.start
    parts.append(text[at:])
    return "".join(parts)


def lemmas(text: str) -> set[str]:
    """Every base form and compound part in a text."""
    return {term for word in words(text) for term in word.lemmas}


def base_forms(text: str) -> list[str]:
    """Each word's first base form, in order ("Strategiset tavoitteet": strateginen, tavoite)."""
    return [sorted(word.base)[0] if word.base else word.text.lower() for word in words(text)]


@lru_cache(maxsize=50_000)
def _readings(word: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    return tuple(tuple(sorted((key, value) for key, value in reading.items() if key in FEATURES))
                 for reading in analyser.readings(word))


def available() -> bool:
    """Whether the analyser is installed (drafting needs it: its cue words are base forms)."""
    return analyser.available()
