"""Every interface string in Finnish, Swedish and English: web/messages.yaml, read once.

The file has three parts: `messages`, nested groups whose leaves are {fi, sv, en} (a leaf is
looked up by its dotted path, "nav.queries"); `terms`, names in the three languages for the
terms of reused vocabularies (PROV, W3C ORG, Web Annotation, DCTERMS …) that the graph holds no
label for; and `ontology_sv`, Swedish names of the ontology's own terms, whose file keeps one
Finnish and one English label each. A leaf without all three languages stops the server at
start, naming its key."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES = ("fi", "sv", "en")
CATALOGUE = Path(__file__).with_name("messages.yaml")


class CatalogueError(ValueError):
    pass


def _leaves(group: dict, prefix: str = "") -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for key, value in group.items():
        path = f"{prefix}{key}"
        if not isinstance(value, dict):
            raise CatalogueError(f"{CATALOGUE.name}: {path} is neither a group nor a {{fi, sv, en}} leaf")
        if set(value) & set(LANGUAGES):
            missing = [lang for lang in LANGUAGES if not isinstance(value.get(lang), str) or not value[lang].strip()]
            if missing or set(value) - set(LANGUAGES):
                raise CatalogueError(f"{CATALOGUE.name}: {path} needs exactly fi, sv and en (missing: {missing})")
            found[path] = value
        else:
            found.update(_leaves(value, path + "."))
    return found


@lru_cache(maxsize=4)
def catalogue(path: Path = CATALOGUE) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """(messages by dotted key, term names by IRI: reused vocabularies in fi/sv/en, the
    ontology's terms in sv), checked complete."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    swedish = data.get("ontology_sv") or {}
    if not all(isinstance(text, str) and text.strip() for text in swedish.values()):
        raise CatalogueError(f"{CATALOGUE.name}: every ontology_sv entry is a Swedish name")
    return _leaves(data.get("messages") or {}), {**_leaves(data.get("terms") or {}),
                                                 **{iri: {"sv": text} for iri, text in swedish.items()}}


def message(key: str, lang: str, **values) -> str:
    """The message in `lang` with {name} fields filled; an unknown key is a programming error."""
    text = catalogue()[0][key][lang]
    return text.format(**values) if values else text


def term_name(iri: str, lang: str) -> str | None:
    return (catalogue()[1].get(iri) or {}).get(lang)
