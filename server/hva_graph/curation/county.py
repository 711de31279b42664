"""Which county a text is the strategy of: its name in Finnish (in any inflected form, by base form:
"Etelä-Karjalan", "Pohjois-Karjalassa"), Swedish or English, matched against data/organisations.ttl.
A text that names none is an unidentified county's (never a guess)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..namespaces import HVA
from . import language

ORGANISATIONS = Path(__file__).resolve().parents[3] / "data" / "organisations.ttl"
ORGANISATION = "https://w3id.org/hva-graph/id/organisation/"
_GENERIC = {"hyvinvointialue", "kaupunki", "ja"}


@dataclass(frozen=True)
class Organisation:
    slug: str
    label_fi: str
    places: tuple[str, ...]
    """The base forms that name it in Finnish ("etelä-karjala"; "vantaa", "kerava")."""
    other_names: tuple[str, ...]
    """Its Swedish and English names, as written."""
    county: bool = True
    """A wellbeing services county (the City of Helsinki is not one)."""


@dataclass(frozen=True)
class Finding:
    organisation: Organisation | None
    cue: str
    why: str


@lru_cache(maxsize=2)
def organisations(path: Path = ORGANISATIONS) -> tuple[Organisation, ...]:
    graph = Graph().parse(path)
    found = []
    for iri in sorted(set(graph.subjects(RDF.type, HVA.WellbeingServicesCounty)) |
                      set(graph.subjects(RDF.type, HVA.ServiceOrganiser))):
        if (iri, RDF.type, HVA.UnidentifiedCounty) in graph or not str(iri).startswith(ORGANISATION):
            continue
        labels = list(graph.objects(iri, RDFS.label)) + list(graph.objects(iri, SKOS.altLabel))
        fi = next((str(l) for l in graph.objects(iri, RDFS.label) if getattr(l, "language", None) == "fi"), "")
        places = tuple(b for b in language.base_forms(fi) if b not in _GENERIC)
        others = tuple(sorted({str(l) for l in labels if getattr(l, "language", None) in ("sv", "en")}))
        found.append(Organisation(str(iri)[len(ORGANISATION):], fi, places, others,
                                  (iri, RDF.type, HVA.WellbeingServicesCounty) in graph))
    return tuple(found)


def find(text: str, title: tuple[int, int] | None = None) -> Finding:
    """The county the text names most (the one its title names, if any); None with the reason."""
    words = language.words(text)
    counts: Counter[str] = Counter()
    cues: dict[str, str] = {}
    by_slug = {o.slug: o for o in organisations()}
    in_title: set[str] = set()
    for organisation in organisations():
        for index, word in enumerate(words):
            if organisation.places and organisation.places[0] in word.base and _rest(words, index, organisation):
                counts[organisation.slug] += 1
                cues.setdefault(organisation.slug, word.text)
                if title and title[0] <= word.start < title[1]:
                    in_title.add(organisation.slug)
        for name in organisation.other_names:
            if len(name) > 4 and name.lower() in text.lower():
                counts[organisation.slug] += 1
                cues.setdefault(organisation.slug, name)
    if not counts:
        return Finding(None, "", "the text names no wellbeing services county nor Helsinki (looked for the Finnish, "
                                 "Swedish and English names of all 22 in every inflected form)")
    ranked = sorted(counts, key=lambda slug: (slug not in in_title, -counts[slug], slug))
    chosen = ranked[0]
    named = ", ".join(f"{by_slug[s].label_fi} ({counts[s]}×)" for s in ranked)
    why = f"named {counts[chosen]}× (\"{cues[chosen]}\")"
    if len(ranked) > 1:
        why += f"; the text names {named}: chosen {'by its title' if chosen in in_title else 'as the most named'}"
    return Finding(by_slug[chosen], cues[chosen], why)


def _rest(words, index: int, organisation: Organisation) -> bool:
    """A two-place name ("Vantaan ja Keravan") needs its second place right after the first."""
    if len(organisation.places) < 2:
        return True
    following = [w for w in words[index + 1:index + 3]]
    return any(organisation.places[1] in w.base for w in following)


def genitive(label_fi: str) -> str:
    """"Pohjois-Karjalan hyvinvointialue" → "Pohjois-Karjalan hyvinvointialueen"; "Helsingin
    kaupunki" → "Helsingin kaupungin"."""
    if label_fi.endswith("hyvinvointialue"):
        return label_fi + "en"
    if label_fi.endswith("kaupunki"):
        return label_fi[:-len("kaupunki")] + "kaupungin"
    return label_fi


def iri(slug: str) -> URIRef:
    return URIRef(ORGANISATION + slug)
