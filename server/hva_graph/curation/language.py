"""The drafting rules' one door to the project's Finnish analyser (Voikko through hva_graph.finnish).

Cue words are matched by base form and compound part ("Arvot", "arvomme" and "arvopohja" all
have arvo), never by spelling, and a few rules read a word's case, mood or person (an
imperative "Tutustu" opens a call to action, a passive "Kuvataan" a preparation step). The
analyser's module is moving (to a search/ package); this adapter is the only import of it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import finnish


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
    return [Word(token.text, token.start + offset, token.end + offset, token.terms, _readings(token.text))
            for token in finnish.analyse(text, "fi")]


def lemmas(text: str) -> set[str]:
    """Every base form and compound part in a text."""
    return {term for word in words(text) for term in word.lemmas}


def base_forms(text: str) -> list[str]:
    """Each word's first base form, in order ("Strategiset tavoitteet": strateginen, tavoite)."""
    return [sorted(word.base)[0] if word.base else word.text.lower() for word in words(text)]


@lru_cache(maxsize=50_000)
def _readings(word: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    # finnish.py keeps Voikko's raw analyses private to its index; the rules here need the case
    # and mood it already computes, so they are read through its one analysing function.
    analyses = finnish._analyses(word.replace("\u00ad", ""))  # noqa: SLF001
    return tuple(tuple(sorted((key, str(a[key])) for key in FEATURES if a.get(key))) for a in analyses)


def available() -> bool:
    """Whether the analyser is installed (drafting needs it: its cue words are base forms)."""
    try:
        finnish._voikko()  # noqa: SLF001
    except finnish.AnalyserUnavailable:
        return False
    return True
