"""Words of a text, and the index terms a search matches them by (Finnish and English).

Finnish inflects and compounds: "lapsen", "hyvinvointialueen" and "mielenterveyspalveluja"
must be found by "lapsi", "alue" and "palvelu". A substring search cannot do that, and a
stemmer alone cannot split compounds or undo "lapsi / lasten", so Finnish words go through
Voikko's morphology (libvoikko with the voikko-fi dictionary, both Debian packages; the
measurement that chose it is benchmarks/ANALYSER.md). Words Voikko does not know (names,
typos, abbreviations) fall back to the Snowball Finnish stem, and English labels get the
Snowball English stem, so both languages are searchable with the same two functions:

    analyse(text, lang)     the words of a text with their offsets and index terms
    query_terms(text, lang) a user's search words, analysed the same way
    query_words(text)       the same for words of either language

and, for rules that read a word's form and not only its terms (the curation drafter: a case, a
mood, a participle), readings(word), the analyser's readings of one Finnish word, and available().

Both are pure and deterministic for a given analyser_version(), and neither raises on any
input: text with nothing to index gives no terms.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

import libvoikko
import Stemmer

# Longer than any real Finnish compound (the famous long ones have about 60 letters): a
# longer "word" is debris (a hash, a URL, a pasted blob) and gets no terms.
MAX_WORD_CHARS = 100

# A word: letters and digits, joined inside by hyphens, colons (YK:n) and apostrophes, with
# combining marks (decomposed ä) and soft hyphens kept in it, and a hanging hyphen kept at its
# end ("sosiaali- ja terveydenhuolto": the first word is a compound's first part).
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u00ad]|[-:'’](?=[^\W_]))*(?:-(?![^\W_]))?")

# The oblique stem of the fourth infinitive ("osaamis-en", "johtamis-ta"), whose noun is
# the -minen form: Voikko reports these as the verb (osata), a researcher asks for the noun.
_MINEN = re.compile(r"(.*m)i(?:s|nen).*")

_lock = threading.Lock()  # libvoikko handles and Snowball stemmers are not thread-safe


def _new_lock_after_fork() -> None:
    """The server forks query processes; a lock held by another thread at that moment would
    stay held in the child for ever."""
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_new_lock_after_fork)

# Analysed by analyser_version(): libvoikko does not report its dictionary's version, so the
# analysis of words that exercise it (compounds, gradation, stem changes) stands in for it.
_PROBE = "Hyvinvointialueen lasten mielenterveyspalvelujen saatavuus; asiakkaiden osaamisesta, vate"


class AnalyserUnavailable(RuntimeError):
    """libvoikko or its Finnish dictionary is missing: an index built without them would be
    silently worse, so this is loud instead."""


@dataclass(frozen=True)
class Token:
    """One word of an analysed text.

    text, start, end  the word as written and its place: text[start:end] of the input
    lemmas            its base forms in lower case (several when the word is ambiguous), or
                      its Snowball stem when the analyser does not know it
    parts             for a compound, its parts and the shorter compounds inside it, as
                      base forms (hyvinvointialuestrategian: hyvinvointi, alue, strategia,
                      hyvinvointialue, aluestrategia); empty for other words
    method            "voikko", "snowball-fi" or "snowball-en": where the terms came from
    """

    text: str
    start: int
    end: int
    lemmas: tuple[str, ...]
    parts: tuple[str, ...]
    method: str

    @property
    def terms(self) -> frozenset[str]:
        """Every term a search word can meet this word by."""
        return frozenset(self.lemmas) | frozenset(self.parts)


@dataclass(frozen=True)
class _Terms:
    lemmas: tuple[str, ...]
    parts: tuple[str, ...]
    method: str


def analyse(text: str, lang: str) -> list[Token]:
    """The words of `text` in language `lang` ("fi" or "en", region subtags allowed) with
    their index terms. Other languages and non-text give no tokens rather than a guess."""
    analyser = _ANALYSERS.get(_primary_language(lang))
    if analyser is None or not isinstance(text, str):
        return []
    tokens = []
    for match in _WORD.finditer(text):
        found = analyser(match.group())
        if found is not None:
            tokens.append(Token(match.group(), match.start(), match.end(), found.lemmas, found.parts, found.method))
    return tokens


def query_terms(text: str, lang: str) -> list[frozenset[str]]:
    """A user's search words as term sets, one per word: a word matches a token when the sets
    meet, and several words mean all of them. Only the words' own base forms count, not their
    parts, so "hyvinvointialue" finds the compound and not every "alue"."""
    words = []
    for token in analyse(text, lang):
        terms = _typed_reading(token)
        if terms not in words:
            words.append(terms)
    return words


def query_words(text: str) -> list[dict[str, frozenset[str]]]:
    """A user's search words when their language is not known: each word's Finnish terms (as
    query_terms reads them) and its English stem, by language tag. A word found both ways
    counts once; several words mean all of them."""
    english = {(token.start, token.end): frozenset(token.lemmas) for token in analyse(text, "en")}
    words = []
    for token in analyse(text, "fi"):
        word = {"fi": _typed_reading(token), "en": english.get((token.start, token.end), frozenset())}
        if word not in words:
            words.append(word)
    return words


def _typed_reading(token: Token) -> frozenset[str]:
    """A word typed in its base form means that word: "tilanne" is not also the possessive
    of "tila", nor "vuosi" of "vuo". Other forms keep all their readings (lapsen: lapsi)."""
    typed = _variants(token.text)
    if typed[0] in token.lemmas:
        return frozenset(typed)
    return frozenset(token.lemmas)


def find_hits(query: list[frozenset[str]], tokens: list[Token]) -> list[Token]:
    """The tokens a query hits, or none unless every query word hits at least one of them
    (all words must match); the index's matching rule, and what a highlighter marks."""
    hits = [token for token in tokens if any(word & token.terms for word in query)]
    if not query or not all(any(word & token.terms for token in hits) for word in query):
        return []
    return hits


READING_FEATURES = ("BASEFORM", "CLASS", "SIJAMUOTO", "MOOD", "PERSON", "NUMBER", "PARTICIPLE", "TENSE",
                    "COMPARISON", "NEGATIVE")
"""What readings() reports of each reading: Voikko's names for base form, word class, case, mood,
person, number, participle, tense, comparison and negative verb forms."""


def readings(word: str) -> list[dict[str, str]]:
    """The readings of one Finnish word, one dict per reading Voikko gives (keys among
    READING_FEATURES, Voikko's values: {"BASEFORM": "hyväksyä", "CLASS": "teonsana", "MOOD":
    "indicative", "TENSE": "past_imperfective", …}); empty for a word it does not know. The word
    is read as analyse() reads it (NFC, soft hyphens left out)."""
    word = unicodedata.normalize("NFC", word.replace("\u00ad", ""))
    if not word or len(word) > MAX_WORD_CHARS:
        return []
    return [{key: str(analysis[key]) for key in READING_FEATURES if analysis.get(key)} for analysis in _analyses(word)]


def available() -> bool:
    """Whether the Finnish analyser (libvoikko and its dictionary) is installed."""
    try:
        _voikko()
    except AnalyserUnavailable:
        return False
    return True


def analyser_version() -> str:
    """What the terms depend on, for the cache key of an index built from them: the library
    versions, the dictionary, and a digest of a probe sentence's terms (the dictionary's own
    version is not reported, and this module's rules can change too)."""
    probe = repr([analyse(_PROBE, "fi"), analyse(_PROBE, "en")]).encode()
    libraries = f"libvoikko {libvoikko.Voikko.getVersion()}; {_dictionary()}; PyStemmer {version('PyStemmer')}"
    return f"{libraries}; probe {hashlib.sha256(probe).hexdigest()[:16]}"


def _primary_language(lang) -> str:
    """fi-FI is fi; anything that is not a language tag is no language."""
    return lang.split("-")[0].lower() if isinstance(lang, str) else ""


def _finnish(word: str) -> _Terms | None:
    """One normal form (NFC, no soft hyphens) for the cache and for Voikko."""
    return _finnish_terms(unicodedata.normalize("NFC", word.replace("\u00ad", "")))


def _english(word: str) -> _Terms | None:
    """The Snowball English stem; a hyphenated word (co-determination) also by its pieces."""
    if len(word) > MAX_WORD_CHARS:
        return None
    word = unicodedata.normalize("NFC", word.replace("\u00ad", "")).replace("’", "'").lower().strip("-")
    lemma = _stem("english", word)
    pieces = [_stem("english", piece) for piece in word.split("-")] if "-" in word else []
    return _Terms((lemma,), tuple(p for p in dict.fromkeys(pieces) if p and p != lemma), "snowball-en")


@lru_cache(maxsize=200_000)
def _finnish_terms(word: str) -> _Terms | None:
    """Voikko's analyses of a word; for a word Voikko rejects as a whole, its abbreviation
    (hva:n) or, hyphenated (hyvinvointi-alueen), the compound of its pieces; otherwise the
    Snowball stem."""
    if len(word) > MAX_WORD_CHARS:
        return None
    analyses = _analyses(word)
    if analyses:
        return _from_analyses(word, analyses)
    if ":" in word:  # an abbreviation's case ending (hva:n, THL:lle): the abbreviation counts
        return _finnish_terms(word.split(":")[0])
    pieces = word.strip("-").split("-")
    if len(pieces) > 1 and all(pieces):
        return _from_pieces(pieces, [_finnish_terms(piece) for piece in pieces])
    return _Terms((_term(_stem("finnish", word.lower())),), (), "snowball-fi")


def _from_analyses(word: str, analyses: list[dict]) -> _Terms:
    """Every analysis's base form counts (ambiguity is resolved by the query, not guessed),
    but compound parts come from the readings that split the word least: Voikko also offers
    koko+nais+turvallisuus beside kokonais+turvallisuus, and osallis+tapa beside the
    participle osallistavat. Readings without word bases (the name Aluehallitus beside
    alue+hallitus) say nothing about parts."""
    lemmas = _unique(_variants(_lemma(word, analysis)) for analysis in analyses)
    splits = [_parts_of(word, analysis) for analysis in analyses if analysis.get("WORDBASES")]
    fewest = min((len(parts) for parts in splits), default=0)
    parts = _unique(_compound_terms(parts) for parts in splits if len(parts) == fewest)
    return _Terms(lemmas, tuple(term for term in parts if term not in lemmas), "voikko")


def _from_pieces(written: list[str], pieces: list[_Terms | None]) -> _Terms | None:
    """A hyphenated word Voikko does not know as a whole, read as a compound of its pieces:
    the written pieces before the last, then the last piece's base forms."""
    if any(piece is None for piece in pieces):
        return None
    prefix = "-".join(written[:-1]).lower() + "-"
    lemmas = _unique(_variants(prefix + lemma) for lemma in pieces[-1].lemmas)
    inner = _unique([*(piece.lemmas + piece.parts for piece in pieces), _spans(written, pieces)])
    method = "voikko" if all(piece.method == "voikko" for piece in pieces) else "snowball-fi"
    return _Terms(lemmas, tuple(term for term in inner if term not in lemmas), method)


def _spans(written: list[str], pieces: list[_Terms]) -> tuple[str, ...]:
    """The shorter hyphenated compounds inside a hyphenated word (a-b of a-b-c)."""
    spans = []
    for first in range(len(written)):
        for last in range(first + 1, len(written)):
            if (first, last) != (0, len(written) - 1):
                prefix = "-".join(written[first:last]).lower() + "-"
                spans += [variant for lemma in pieces[last].lemmas for variant in _variants(prefix + lemma)]
    return tuple(spans)


def _lemma(word: str, analysis: dict) -> str:
    """The base form; for a fourth-infinitive reading (osaamisen), the -minen noun."""
    if analysis.get("MOOD") == "MINEN-infinitive":
        noun = _minen_noun(word)
        if noun:
            return noun
    return analysis.get("BASEFORM") or word


def _minen_noun(written: str) -> str | None:
    """osaamisensa → osaaminen, kehittämis → kehittäminen; None if there is no -mis-/-minen."""
    match = _MINEN.fullmatch(written.lower())
    return match.group(1) + "inen" if match else None


@dataclass(frozen=True)
class _Part:
    written: str  # as written inside the compound (terveyden, hyvinvointi, strategia-)
    lemmas: tuple[str, ...]  # its base forms (terveys)


def _parts_of(word: str, analysis: dict) -> list[_Part]:
    """A compound's parts: where Voikko's word bases (WORDBASES: +terve(terve)+yden(+ys)+
    huolto(huolto)) start a new word and its STRUCTURE marks a boundary too. Bases alone
    would split derivations (toimi+n+ta), STRUCTURE alone lexicalised words (hyvin|vointi)."""
    baseform = _lemma(word, analysis)
    pieces = _word_bases(analysis.get("WORDBASES", ""))
    starts = _piece_starts(pieces) & _structure_boundaries(analysis.get("STRUCTURE", ""))
    if "".join(text for text, _ in pieces).lower() != analysis.get("BASEFORM", "").lower() or len(starts) < 2:
        return [_Part(baseform.lower(), (baseform.lower(),))]
    cuts = sorted(starts) + [len(baseform)]
    parts = [_inner_part(baseform[a:b], pieces, a) for a, b in zip(cuts, cuts[1:-1])]
    head = baseform[cuts[-2]:].lower()
    return parts + [_Part(head, (head,))]


def _inner_part(written: str, pieces: list[tuple[str, str | None]], start: int) -> _Part:
    """A part before the last. One word base names its base form (mielen(mieli),
    tarpeen(tarve); kehittämis(kehittää) its -minen noun); a derivation (terveyden = terve
    + ys) is analysed as the word it is written as."""
    text = written.rstrip("-").lower()
    own = [base for piece, base, at in _with_offsets(pieces) if piece != "-" and start <= at < start + len(text)]
    if len(own) == 1 and own[0] and not own[0].startswith("+"):
        noun = _minen_noun(text) if text.endswith("mis") else None
        return _Part(written.lower(), (noun or _term(own[0]),))
    analysed = _finnish_terms(text) if text else None
    return _Part(written.lower(), analysed.lemmas if analysed and analysed.method == "voikko" else (text,))


# One WORDBASES piece: +text, then its base in parentheses, sometimes followed by a
# derivation's own: +valmistel(valmistaa)(+la).
_WORD_BASE = re.compile(r"\+([^+(]*|-)(?:\(([^)]*)\))?(?:\([^)]*\))*")


def _word_bases(wordbases: str) -> list[tuple[str, str | None]]:
    """WORDBASES as (text, base) pieces; base None for a hyphen or a piece Voikko gives no
    base for, "+ys" style for a derivational suffix."""
    return [(m.group(1), m.group(2)) for m in _WORD_BASE.finditer(wordbases) if m.group(1)]


def _with_offsets(pieces):
    """The pieces with where each starts in the base form they spell."""
    at = 0
    for text, base in pieces:
        yield text, base, at
        at += len(text)


def _piece_starts(pieces) -> set[int]:
    """Where a word (not a suffix or hyphen) starts in the base form; after a hyphen too."""
    starts = set()
    for text, base, at in _with_offsets(pieces):
        if text == "-":
            starts.add(at + 1)
        elif not (base or "").startswith("+"):
            starts.add(at)
    return starts


def _structure_boundaries(structure: str) -> set[int]:
    """Offsets in the written word where Voikko's STRUCTURE (=ppp-=pppp: one mark a letter,
    = before a part) starts a part, and after each hyphen."""
    boundaries, at = set(), 0
    for mark in structure:
        if mark == "=":
            boundaries.add(at)
        else:
            at += 1
            if mark == "-":
                boundaries.add(at)
    return boundaries


def _compound_terms(parts: list[_Part]) -> tuple[str, ...]:
    """The parts' base forms and every shorter compound inside (mielen|terveys|palvelu gives
    mieli, terveys, palvelu, mielenterveys, terveyspalvelu); nothing for a simple word."""
    if len(parts) < 2:
        return ()
    terms = [variant for part in parts for lemma in part.lemmas for variant in _variants(lemma)]
    for first in range(len(parts)):
        for last in range(first + 1, len(parts)):
            if (first, last) != (0, len(parts) - 1):
                prefix = "".join(part.written for part in parts[first:last])
                terms += [variant for lemma in parts[last].lemmas for variant in _variants(prefix + lemma)]
    return tuple(terms)


def _variants(term: str) -> tuple[str, ...]:
    """A term, and without its inner hyphens too: hyvinvointi-alue is hyvinvointialue, and
    Päijät-Häme typed either way finds the other."""
    term = _term(term)
    joined = term.replace("-", "")
    return (term, joined) if joined != term else (term,)


def _term(text: str) -> str:
    """One spelling for every term: lower case, no morpheme marks, no hanging hyphens."""
    return text.replace("=", "").strip("-").lower()


def _unique(groups) -> tuple[str, ...]:
    """Terms in first-seen order without repeats or empties: deterministic output."""
    return tuple(dict.fromkeys(term for group in groups for term in group if term))


_ANALYSERS = {"fi": _finnish, "en": _english}


# --- libvoikko and Snowball, each opened once per process --------------------------------


@lru_cache(maxsize=1)
def _voikko() -> libvoikko.Voikko:
    try:
        return libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException) as error:
        raise AnalyserUnavailable(
            "the Finnish analyser needs libvoikko and its dictionary: apt-get install libvoikko1 voikko-fi"
        ) from error


def _analyses(word: str) -> list[dict]:
    with _lock:
        return _voikko().analyze(word)


@lru_cache(maxsize=2)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


def _stem(language: str, word: str) -> str:
    with _lock:
        return _stemmer(language).stemWord(word)


def _dictionary() -> str:
    _voikko()
    with _lock:
        found = [d for d in libvoikko.Voikko.listDicts() if d.language == "fi"]
    return ", ".join(f"voikko-fi {d.variant} ({d.description})" for d in found) or "no Finnish dictionary"
