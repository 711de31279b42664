"""What one sentence or item is, by its words: an event and which, a decision and its kind,
a consultation, a legal requirement, a follow-up arrangement, a pointer, or an explanation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import cues, language
from .language import Word


@dataclass
class Reading:
    """A span's words read once: base forms and compound parts, and the words themselves."""
    words: list[Word]
    lemmas: set[str]
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Reading":
        words = language.words(text[start:end], start)
        return cls(words, {term for w in words for term in w.lemmas}, text[start:end])

    def has(self, *lemmas: str) -> bool:
        return any(lemma in self.lemmas for lemma in lemmas)

    def base(self) -> set[str]:
        return {b for w in self.words for b in w.base}

    def first_hit(self, table: dict) -> tuple[str, Word] | None:
        for word in self.words:
            for lemma in sorted(word.base) + sorted(word.lemmas - word.base):
                if lemma in table:
                    return table[lemma], word
        return None


def event_kind(reading: Reading) -> tuple[str, str] | None:
    """(class, cue) of an event a dated item or sentence names; None if it names none."""
    hit = reading.first_hit(cues.EVENT_KINDS)
    if hit:
        return hit[0], hit[1].text
    verb = decision_verb(reading)
    if verb:
        return "Decision", verb.text
    hearing = next((w for w in reading.words if w.text.lower() in cues.HEARING_WORDS), None)
    if hearing:
        return "Hearing", hearing.text
    body = next((w for w in reading.words if _is_body(w)), None)
    if body and not finite_verbs(reading):
        return "Decision", body.text  # a body and a matter, no verb: the body handled it
    return None


def body_as_subject(reading: Reading) -> Word | None:
    """The body a sentence opens with as its subject, when the sentence says what it did (a finite verb)."""
    first = reading.words[0] if reading.words else None
    if first is None or not _is_body(first) or not first.has("SIJAMUOTO", "nimento") or not finite_verbs(reading):
        return None
    return first


def _is_body(word: Word) -> bool:
    return bool(word.base & set(cues.BODIES)) or word.text.lower().rstrip(":") in cues.BODIES


def decision_verb(reading: Reading) -> Word | None:
    """The word that says a body decided: a finite decision verb, or its past participle
    ("hyväksytty", "hyväksynyt", whose base form is the participle itself); or, where a body's decision
    is named as a noun ("käynnistyi aluehallituksen päätöksellä"), the sentence's verb."""
    for word in reading.words:
        if word.base & cues.STARTING_VERBS:
            continue  # "valmistelu alkoi": something began, no body decided it
        if verb_of(word) in cues.DECISION_VERBS and (finite(word) or word.has("PARTICIPLE", "past_passive")
                                                     or word.has("PARTICIPLE", "past_active")):
            return word
    for position, word in enumerate(reading.words):
        if "päätös" in word.base and position and _is_body(reading.words[position - 1]) \
                and reading.words[position - 1].has("SIJAMUOTO", "omanto"):
            return next((w for w in reading.words if finite(w) and w.has("CLASS", "teonsana")), word)
    return _sent_out_for_comments(reading)


def _sent_out_for_comments(reading: Reading) -> Word | None:
    """"Aluehallitus lähetti strategialuonnoksen lausunnoille 22.8.2022.": a body sending the draft out
    for comments decides so, as one that "hyväksyi strategialuonnoksen lausunnoille" (data/README.md)."""
    sending = next((w for w in reading.words if "lähettää" in w.base and finite(w)), None)
    if sending is None or not reading.has(*COMMENT_WORDS) or not any(_is_body(w) for w in reading.words):
        return None
    return sending


COMMENT_WORDS = ("lausunto", "kommentointi", "kommentoitava", "lausuntokierros")


_STEMS = {"hyväksy": "hyväksyä", "käynnist": "käynnistää", "päät": "päättää", "käsitel": "käsitellä",
          "linja": "linjata", "vahvist": "vahvistaa", "merki": "merkitä", "esit": "esittää"}


def verb_of(word: Word) -> str | None:
    """The verb a word is a form of, participles included (a verb of starting, "käynnistyi", "alkoi",
    as the decision that starts: käynnistää)."""
    found = word.base & (cues.DECISION_VERBS | cues.PLAN_VERBS)
    if found:
        return sorted(found)[0]
    if word.base & cues.STARTING_VERBS:
        return "käynnistää"
    if word.has("PARTICIPLE", "past_passive") or word.has("PARTICIPLE", "past_active") or \
            word.has("PARTICIPLE", "agent") or word.has("PARTICIPLE", "present_passive"):
        lowered = word.text.lower()
        for stem, verb in _STEMS.items():
            if lowered.startswith(stem):
                return verb
    return None


def finite(word: Word) -> bool:
    return word.has("MOOD", "indicative") or word.has("MOOD", "conditional")


def finite_verbs(reading: Reading) -> list[Word]:
    return [w for w in reading.words if finite(w) and w.has("CLASS", "teonsana")]


def decision_kind(reading: Reading) -> tuple[str, str]:
    """The kind of decision by the rule the data follows (data/README.md): käynnisti starts the
    preparation, hyväksyi luonnoksen lausunnoille sends a draft for comments, hyväksyi luonnoksen
    approves a draft, hyväksyi/hyväksytty adopts, päättää strategiasta decides; a body and a matter
    only: handles."""
    verb = decision_verb(reading)
    base = {verb_of(verb)} if verb else set()
    if "käynnistää" in base:
        return "starts-preparation", verb.text
    if verb is not None and "lähettää" in verb.base:
        return "sends-draft-for-comments", verb.text
    if "hyväksyä" in base:
        if reading.has(*COMMENT_WORDS):
            return "sends-draft-for-comments", verb.text
        if reading.has("luonnos"):
            return "approves-draft", verb.text
        return "adopts", verb.text
    if "päättää" in base and reading.has("strategia", "hyvinvointialuestrategia"):
        return "decides", verb.text
    return "handles", verb.text if verb else reading.text.split()[0]


def event_status(reading: Reading) -> tuple[str | None, str]:
    """Held or Planned by the verb (or None when the text does not say: a bare timeline item)."""
    lowered = reading.text.lower()
    for marker in ("tavoitteena", "tullaan", "myöhemmin", "suunnitel", "mennessä", "viimeistään", "ennen juhannusta"):
        if marker in lowered:
            return "Planned", marker
    for word in reading.words:
        if word.has("CLASS", "teonsana") and finite(word):
            if word.has("TENSE", "past_imperfective"):
                return "Held", word.text
            if word.text.lower() in ("on", "ovat") or word.has("PERSON", "4"):
                continue
            return "Planned", word.text
        if word.has("PARTICIPLE", "past_passive") or word.has("PARTICIPLE", "past_active"):
            return "Held", word.text
    if re.search(r"\b(on|ovat)\b", lowered) and reading.has("hyväksytty", "käsitelty", "pidetty"):
        return "Held", "on"
    return None, ""


def is_pointer(reading: Reading) -> bool:
    """A sentence that points the reader to something else ("Voit tutustua …", "Alla luettavaksesi …",
    "… pääset tutustumaan alla olevasta tiedostosta")."""
    first = reading.words[0] if reading.words else None
    second_person = any(w.has("PERSON", "2") for w in reading.words[:3] if w.has("CLASS", "teonsana"))
    lowered = reading.text.lower()
    pointing = reading.has(*cues.POINTERS) or "alla" in lowered.split()[:2]
    return bool(first) and pointing and (second_person or lowered.startswith("alla") or "voi tutustua" in lowered)


def is_legal(reading: Reading) -> bool:
    """A legal requirement: the sentence states what the law requires, or names a law with its number
    or section ("§" with a law's name or number: a minutes' "§ 201" alone is no law)."""
    law = bool(reading.lemmas & cues.LEGAL_WORDS or re.search(r"\d+/\d{4}", reading.text))
    return states_requirement(reading) or law and ("§" in reading.text or re.search(r"\d+/\d{4}", reading.text)
                                                   and bool(reading.base() & cues.LEGAL_WORDS))


def states_requirement(reading: Reading) -> bool:
    """The sentence itself states what the law requires ("Hyvinvointialueella on oltava …", "Laki … (611/2021,
    41 §) edellyttää, että …"), rather than citing a law as another statement's basis."""
    lowered = reading.text.lower()
    return any(p in lowered for p in cues.LEGAL_PHRASES[:-1]) or \
        bool(reading.base() & cues.LEGAL_WORDS and reading.base() & cues.REQUIREMENT_VERBS)


def states_obligation(reading: Reading) -> bool:
    """"Strategiassa on otettava huomioon …", "… on oltava …": a sentence that says what must be (a form of
    "olla" and a passive participle in the nominative right after it, the Finnish necessive)."""
    words = reading.words
    return any("olla" in w.base and finite(w) and following.has("PARTICIPLE", "present_passive")
               and following.has("SIJAMUOTO", "nimento") for w, following in zip(words, words[1:]))


def is_follow_up(reading: Reading) -> bool:
    base = reading.base()
    return bool(base & cues.FOLLOW_UP_WORDS) and bool(
        reading.has("strategia", "toteutuminen", "toimenpide", "mittari", "indikaattori", "tavoite"))


def consultation_kind(reading: Reading) -> tuple[str, str] | None:
    """(class, cue) when the span names a way of consulting people."""
    hit = reading.first_hit(cues.CONSULTATION_KINDS)
    if hit:
        return hit[0], hit[1].text
    for word in reading.words:
        if word.lemmas & cues.CONSULTATION_WORDS:
            return "Consultation", word.text
    return None


PURPOSE_WORDS = {"tavoite", "tarkoitus", "päämäärä"}


def purpose_of_consulting(reading: Reading) -> bool:
    """"Osallistamisen tavoitteena on …", "Kyselyn tarkoitus oli …": the sentence opens with a way of consulting
    in the genitive and its aim: it says why people are consulted (a consultation's purpose)."""
    words = reading.words[:3]
    return any(w.has("SIJAMUOTO", "omanto") and (w.lemmas & (set(cues.CONSULTATION_KINDS) | cues.CONSULTATION_WORDS))
               and following.base & PURPOSE_WORDS for w, following in zip(words, words[1:]))


def lead_in(reading: Reading) -> tuple[str, int] | None:
    """"Visiomme: …", "Perustehtävämme: …", "Työnantajalupauksemme on: …": a name before a colon says what
    the rest is (a vision, a mission, a promise); (class, where the statement starts in the text)."""
    colon = reading.text.find(": ")
    if colon < 0 or not reading.words:
        return None
    lead = [w for w in reading.words if w.end - reading.words[0].start <= colon]
    if not lead or len(lead) > 3:
        return None
    terms = {term for w in lead for term in w.lemmas}
    if "lupaus" in terms or terms & {"palvelulupaus", "asiakaslupaus", "työnantajalupaus"}:
        text = reading.text[:colon]
        return promise_kind(Reading.of(text, 0, len(text))), colon + 2
    kinds = {cues.SECTIONS[b] for w in lead for b in w.base if b in cues.SECTIONS}
    if len(kinds) == 1 and kinds <= {"Mission", "Vision"}:
        return kinds.pop(), colon + 2
    return None


def named_subject(reading: Reading) -> str | None:
    """"Perustehtävämme on tuottaa …", "Hyvinvointialueen visio on, että …": a sentence whose subject is
    our (or the organiser's) mission or vision states it."""
    words = reading.words
    for position, word in enumerate(words[:4]):
        kinds = {cues.SECTIONS[b] for b in word.base if b in cues.SECTIONS} & {"Mission", "Vision"}
        if not kinds:
            if word.has("SIJAMUOTO", "omanto"):
                continue
            return None
        ours = word.text.lower().endswith("mme") or position > 0
        following = words[position + 1].text.lower() if position + 1 < len(words) else ""
        return kinds.pop() if ours and word.has("SIJAMUOTO", "nimento") and following in ("on", "ovat") else None
    return None


def promise_kind(reading: Reading) -> str:
    """A promise made to the staff, by its name ("Henkilöstölupaus", "Työnantajalupauksemme", "Lupaus
    työntekijöillemme") is the employer's; any other (to residents, customers, or no one named) the
    service's."""
    from .phrases import groups

    if reading.has("työnantajalupaus", "työnantaja") or {"staff", "supervisors"} & {
            g.value for g in groups(reading.text, 0, len(reading.text))}:
        return "EmployerPromise"
    return "ServicePromise"


def preparation_verb(reading: Reading) -> Word | None:
    """A verb of preparing or publishing something ("valmistellaan", "päivitetään", "lisätään",
    "toimitetaan"): with a date, the clause is a preparation event."""
    for word in reading.words:
        if word.base & cues.PREPARATION_VERBS and word.has("CLASS", "teonsana"):
            return word
    return None


DURING_WORDS = {"aikana", "yhteydessä", "lomassa"}


def says_during(reading: Reading) -> bool:
    """Whether a consultation's words place it in an event: "tilaisuuden aikana", "… yhteydessä", or
    an event's noun in the inessive ("seminaarissa", "infotilaisuudessa")."""
    return any(w.text.lower() in DURING_WORDS or (w.base & set(cues.EVENT_KINDS) and w.has("SIJAMUOTO", "sisaolento"))
               for w in reading.words)
