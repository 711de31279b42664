"""Phrases inside a statement: the documents it names, the bodies, the stakeholder groups, the
respondent counts ("n=1 204"). Each comes with its exact span in the source text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from . import cues, language
from .language import Word

GROUPS_FILE = Path(__file__).resolve().parents[3] / "data" / "stakeholder-groups.ttl"
SG = "https://w3id.org/hva-graph/id/stakeholder-group/"

_COUNT = re.compile(r"\(?\b[nN]\s*=\s*(?P<n>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)?\)?")


@dataclass(frozen=True)
class Found:
    value: str
    span: tuple[int, int]
    cue: str


def counts(text: str, start: int, end: int) -> list[tuple[int | None, tuple[int, int]]]:
    """Respondent counts as the source gives them: "(n=1031)", "n=1 204"; a bare "n=" gives None."""
    found = []
    for match in _COUNT.finditer(text, start, end):
        digits = match.group("n")
        value = int(re.sub(r"\D", "", digits)) if digits else None
        found.append((value, (match.start(), match.end())))
    return found


_NUMBER = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?![\d,]|\.\d)")
_ANSWERING = {"vastata", "vastaaja", "vastaus", "vastannut"}
_ABOUT = {"noin", "yli", "lähes", "runsas", "arviolta", "jopa", "reilu", "vajaa", "melkein", "ainakin", "n"}


def respondents(text: str, start: int, end: int) -> tuple[int, tuple[int, int]] | None:
    """A respondent count written out ("Asukaskyselyyn vastasi 1 812 lappilaista", "vastaajia oli 904"):
    an exact number beside a word of answering. An approximate one ("noin 600") says no exact count, and a
    number of participants ("osallistui 600") is no count of respondents."""
    words = language.words(text[start:end], start)
    for match in _NUMBER.finditer(text, start, end):
        before = [w for w in words if w.end <= match.start()][-3:]
        after = [w for w in words if w.start >= match.end()][:2]
        if before and before[-1].text.lower().rstrip(".") in _ABOUT or re.fullmatch(r"(?:19|20)\d\d", match.group()):
            continue  # about a number, or a year ("vastaukset vuoden 2023 kyselyyn")
        if any(w.base & _ANSWERING or w.lemmas & {"vastaaja"} for w in before + after[:1]):
            return int(re.sub(r"\D", "", match.group())), (match.start(), match.end())
    return None


@lru_cache(maxsize=2)
def group_terms(path: Path = GROUPS_FILE) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Each stakeholder group's Finnish labels as base-form sequences, longest first."""
    graph = Graph().parse(path)
    terms = []
    for concept in set(graph.subjects(SKOS.inScheme, URIRef(SG[:-1] + "s"))) | set(
            s for s in graph.subjects() if str(s).startswith(SG)):
        notation = str(concept)[len(SG):]
        for label in set(graph.objects(concept, RDFS.label)) | set(graph.objects(concept, SKOS.prefLabel)) | \
                set(graph.objects(concept, SKOS.altLabel)):
            if getattr(label, "language", None) == "fi":
                terms.append((tuple(language.base_forms(str(label))), notation))
    return tuple(sorted(set(terms), key=lambda t: (-len(t[0]), -len("".join(t[0])), t[1])))


def groups(text: str, start: int, end: int) -> list[Found]:
    """The stakeholder groups a span names, by the base forms of the scheme's labels (a compound
    names its parts too: "henkilöstökysely" is the staff's; "muille sidosryhmille" the other
    stakeholders', not the stakeholders')."""
    found: list[Found] = []
    taken: set[int] = set()
    words = language.words(text[start:end], start)
    for pair, notation in _genitive_compounds(words):  # "kuntien päättäjät": the scheme's "Kuntapäättäjät"
        taken.update(id(w) for w in pair)
        span = (pair[0].start, pair[1].end)
        if notation not in [f.value for f in found]:
            found.append(Found(notation, span, text[span[0]:span[1]]))
    for sequence, notation in group_terms():
        for i in range(len(words) - len(sequence) + 1):
            window = words[i:i + len(sequence)]
            if any(id(w) in taken for w in window) or not _matches(window, sequence):
                continue
            taken.update(id(w) for w in window)
            span = (window[0].start, window[-1].end)
            if notation not in [f.value for f in found]:
                found.append(Found(notation, span, text[span[0]:span[1]]))
    for word in words:
        notation = _members(word)
        if id(word) not in taken and notation is not None and notation not in [f.value for f in found]:
            found.append(Found(notation, (word.start, word.end), word.text))
    return sorted(found, key=lambda f: f.span)


def _genitive_compounds(words: list[Word]) -> list[tuple[tuple[Word, Word], str]]:
    """A genitive and a noun that say what a label of the scheme says as one compound word ("kuntien
    päättäjät" for "Kuntapäättäjät", "henkilöstön edustajat" …)."""
    compounds = {sequence[0]: notation for sequence, notation in group_terms() if len(sequence) == 1}
    found = []
    for before, word in zip(words, words[1:]):
        if not before.has("SIJAMUOTO", "omanto") or word.start - before.end > 1:
            continue
        notation = next((compounds[a + b] for a in before.base for b in word.base if a + b in compounds), None)
        if notation is not None:
            found.append(((before, word), notation))
    return found


def _members(word: Word) -> str | None:
    """The group a word names its members of ("nuorten", "työntekijää", "kaupunkilaiset", "lappilaista")."""
    if not (word.has("CLASS", "nimisana") or word.has("CLASS", "nimisana_laatusana") or word.has("CLASS", "laatusana")):
        return None
    heads = [m for m in cues.MEMBER_WORDS for b in word.base if b.endswith(m) and b != m]
    if heads:  # a compound is what its last part is: "nuorisoneuvosto" is a body, not the young
        return cues.MEMBER_WORDS[max(heads, key=len)]
    for base in sorted(word.lemmas):  # a compound's parts too: "kuntalaiskysely"
        if base in cues.MEMBER_WORDS:
            return cues.MEMBER_WORDS[base]
        if _demonym(base):
            return "residents"
    return None


def _demonym(base: str) -> bool:
    """"lappilainen", "helsinkiläinen", "kantahämäläinen": an inhabitant of one of the organisers' places."""
    if not base.endswith(("lainen", "läinen")):
        return False
    from .county import organisations

    stem = base[:-len("lainen")].replace("-", "")
    return any(place.replace("-", "")[:-1] in stem for organisation in organisations()
               for place in organisation.places if len(place) > 3)


def _matches(window: list[Word], sequence: tuple[str, ...]) -> bool:
    last = len(sequence) - 1
    for position, (word, lemma) in enumerate(zip(window, sequence)):
        forms = word.base if position < last else word.lemmas | _typo_forms(word.text)
        if position == last and len(sequence) == 1:
            forms = word.lemmas | _typo_forms(word.text)
        if lemma not in forms and not any(f.endswith(lemma) and len(f) > len(lemma) + 2 for f in forms):
            return False
    return True


@lru_cache(maxsize=20_000)
def _typo_forms(written: str) -> frozenset[str]:
    """Base forms of a word Voikko does not know, read with one letter dropped or one consonant
    doubled ("toimitielimille", "Päätäjät"): a typo must not hide a group."""
    if language.words(written) and language.words(written)[0].readings:
        return frozenset()
    candidates = {written[:i] + written[i + 1:] for i in range(len(written))}
    candidates |= {written[:i + 1] + written[i] + written[i + 1:] for i in range(len(written))
                   if written[i].lower() in "kptlmnsr"}
    forms: set[str] = set()
    for candidate in candidates:
        for word in language.words(candidate):
            if word.readings:
                forms |= word.base
    return frozenset(forms)


def bodies(text: str, start: int, end: int) -> list[Found]:
    """The bodies a span names (aluevaltuusto, aluehallitus, JORY …), as their IRI names."""
    found = []
    for word in language.words(text[start:end], start):
        names = [cues.BODIES[b] for b in sorted(word.base) if b in cues.BODIES]
        if not names and word.text.lower().rstrip(":") in cues.BODIES:
            names = [cues.BODIES[word.text.lower().rstrip(":")]]
        if names:
            found.append(Found(names[0], (word.start, word.end), word.text))
    return found


_ABBREVIATION_TO = re.compile(r"(?P<name>[A-ZÅÄÖ]{2,6}):(?:lle|ille)$")


def recipients(text: str, start: int, end: int) -> list[Found]:
    """The organisations a span names in the allative ("STM:lle ja THL:lle", "ministeriölle"): a
    national authority by its name or abbreviation (cues.AUTHORITIES, by its IRI name), another
    abbreviation as written (its name is for the curator)."""
    found = []
    for word in language.words(text[start:end], start):
        written = _ABBREVIATION_TO.match(word.text)
        if not (written or word.has("SIJAMUOTO", "ulkotulento")):
            continue
        names = word.base | ({written.group("name").lower()} if written else set())
        known = next((slug for slug, (_, _, forms) in cues.AUTHORITIES.items() if names & set(forms)), None)
        if known is not None:
            found.append(Found(known, (word.start, word.end), word.text))
        elif written and written.group("name").lower() not in cues.BODIES:  # "JORY:lle" is a body's
            found.append(Found(written.group("name"), (word.start, word.end), word.text))
    return found


def documents(text: str, start: int, end: int) -> list[Found]:
    """The documents a span names, each as its noun phrase: the head noun ("palvelustrategia",
    "talousarvio" …) with the genitives, adjectives and participle phrase before it ("soten
    palvelustrategia", "koko 20-sivuinen strategiadokumentti", "aluevaltuuston hyväksymällä soten
    palvelustrategialla") and, for a report, what it reports on."""
    words = language.words(text[start:end], start)
    found, heads = [], []
    for i, word in enumerate(words):
        kind = _document_kind(word)
        if kind is None:
            continue
        first = _extend_left(text, words, i)
        last = _extend_right(text, words, i) if kind in ("BackgroundReport",) else i
        if found and _one_document(text, heads[-1], word) and words[first].start > found[-1].span[1]:
            found[-1] = Found(kind, (found[-1].span[0], words[last].end), found[-1].cue)
            continue
        found.append(Found(kind, (words[first].start, words[last].end), word.text))
        heads.append(word)
    return found


def _one_document(text: str, before: Word, head: Word) -> bool:
    """"Talousarvio (2024) ja taloussuunnitelma": two names of one document (cues.ONE_DOCUMENT), "ja" between."""
    between = re.sub(r"20\d{2}(?:\s*[–-]\s*(?:20)?\d{2})?", "", text[before.end:head.start]).strip()
    return between in _AND and any((a, b) in cues.ONE_DOCUMENT for a in before.base for b in head.base)


def _document_kind(word: Word) -> str | None:
    for base in sorted(word.base):
        for head, kind in cues.DOCUMENTS.items():
            if base == head or (base.endswith(head) and base != head and len(base) - len(head) <= 8
                                and "strategia" not in base[:-len(head)]):
                return kind
    return None


def _case(word: Word) -> set[str]:
    return {dict(r).get("SIJAMUOTO", "") for r in word.readings}


_AND = ("ja", "sekä")


def _extend_left(text: str, words: list[Word], head: int) -> int:
    first = head
    participle = False
    while first > 0:
        before = words[first - 1]
        between = text[before.end:words[first].start]
        if "\n" in between or between.strip() not in ("", ".", "-", "–"):
            break
        if between.strip() and not (before.text.isdigit() and words[first].text[:1].isdigit()):
            break
        if before.text.lower() in _AND:
            if first >= 2 and words[first - 2].text.endswith("-"):  # "sosiaali- ja terveyspalveluiden"
                first -= 2
                continue
            if participle and first >= 2 and ":" in words[first - 2].text and ":" in words[first].text:
                first -= 1  # "STM:lle ja THL:lle toimittama"
                continue
            break
        if before.text.endswith("-") or _genitive(before) or before.text.lower() == "koko":
            first -= 1
            continue
        if _passive_participle(before):
            if first >= 2 and words[first - 2].text.lower() in ("on", "ovat", "oli", "olivat", "ollut"):
                break  # "on koottu strategian taustaraporttiin": the verb, not the document's name
            first -= 1
            participle = True
            continue
        if _adjective(before):
            first -= 1
            participle = participle or _passive_participle(before)
            continue
        if before.has("PARTICIPLE", "agent"):
            first -= 1
            participle = True
            continue
        if participle and _participle_dependent(before):
            first -= 1
            continue
        break
    return first


def _genitive(word: Word) -> bool:
    if word.has("SIJAMUOTO", "omanto"):
        return True
    # a word the analyser does not know ("soten"), written in lower case before the head, ending in -n
    return not word.readings and word.text.islower() and word.text.endswith("n") and len(word.text) > 2


def _adjective(word: Word) -> bool:
    if word.text[:1].isdigit() and word.text.endswith("sivuinen"):
        return True
    if word.has("SIJAMUOTO", "keinonto") or word.has("CLASS", "seikkasana"):
        return False  # "myöhemmin": an adverb, not part of the name
    return word.has("CLASS", "laatusana") and not word.has("PARTICIPLE", "present_active")


def _passive_participle(word: Word) -> bool:
    return any(word.has("PARTICIPLE", kind) for kind in ("agent", "past_passive", "present_passive"))


def _participle_dependent(word: Word) -> bool:
    """What may stand before a participle in its phrase: an agent, an adverb, a date, a year, an
    inflected abbreviation ("STM:lle")."""
    if word.text[:1].isdigit() or word.text.lower() in ("myöhemmin", "aiemmin", "jo", "juuri"):
        return True
    if ":" in word.text and word.text.split(":")[0].isupper():
        return True
    cases = _case(word)
    return bool(cases & {"omanto", "ulkotulento", "sisaolento", "ulkoolento"}) or word.has("CLASS", "seikkasana")


def _extend_right(text: str, words: list[Word], head: int) -> int:
    """A report's subject after it: genitives (and "X- ja Y") ending in an elative ("… talouden tilasta")."""
    for j in range(head + 1, len(words)):
        between = text[words[j - 1].end:words[j].start]
        if between.strip() or "\n" in between:
            break
        if "sisaeronto" in _case(words[j]):
            return j
        if not (_genitive(words[j]) or words[j].text.endswith("-") or words[j].text.lower() in _AND):
            break
    return head
