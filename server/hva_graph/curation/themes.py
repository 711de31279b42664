"""Theme tags proposed for what a strategy aims at (mission, vision, values, goal-like statements,
promises), by the base forms of the theme scheme's own words (data/themes.ttl: each theme's name
and definition): a word that names one or two themes only, found in a statement, proposes them.
Tags are curated annotations: the curator confirms them (and publishing moves them to
data/annotations.ttl)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

from . import language

THEMES = Path(__file__).resolve().parents[3] / "data" / "themes.ttl"
THEME = "https://w3id.org/hva-graph/id/theme/"
TAGGED = {"Mission", "Vision", "Value", "StrategicGoal", "Priority", "StrategicPrinciple", "CriticalSuccessFactor",
          "ServicePromise", "EmployerPromise", "Promise", "Precondition"}
_TOO_COMMON = {"ja", "sekä", "tai", "muu", "eri", "palvelu", "hyvinvointi", "alue", "toiminta", "kaikki", "oma",
               "olla", "ennen", "niiden", "se", "ne", "joka", "kanssa", "asukas", "asiakas", "henkilö"}
MOST = 3


@lru_cache(maxsize=2)
def vocabulary(path: Path = THEMES) -> dict[str, tuple[str, ...]]:
    """Base form → the themes whose name or definition has it (words of one or two themes only)."""
    graph = Graph().parse(path)
    seen: dict[str, set[str]] = {}
    for concept in set(graph.subjects(SKOS.inScheme, None)):
        if not str(concept).startswith(THEME):
            continue
        notation = str(concept)[len(THEME):]
        texts = [str(o) for p in (SKOS.prefLabel, SKOS.definition) for o in graph.objects(concept, p)
                 if getattr(o, "language", None) == "fi"]
        for word in language.words(" ".join(texts)):
            for base in word.base:
                if base not in _TOO_COMMON and len(base) > 3:
                    seen.setdefault(base, set()).add(notation)
    return {base: tuple(sorted(themes)) for base, themes in seen.items() if len(themes) <= 2}


def tag(text: str, statements) -> None:
    words = vocabulary()
    for statement in statements:
        if statement.kind not in TAGGED:
            continue
        hits: Counter[str] = Counter()
        cues: dict[str, str] = {}
        for word in language.words(text[statement.span[0]:statement.span[1]]):
            for base in sorted(word.lemmas):
                for theme in words.get(base, ()):
                    hits[theme] += 1
                    cues.setdefault(theme, word.text)
        statement.themes = [theme for theme, _ in hits.most_common(MOST)]
        if statement.themes:
            statement.propose("theme", ", ".join(cues[t] for t in statement.themes), "theme-words")
