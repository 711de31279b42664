"""No literal anywhere carries web-page debris or markup (checked here independently of the SHACL shapes)."""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDFS

MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>|&[a-zA-Z]+;|&#\d+;|\*\*|^\s*[•\-] |\u2022")
DEBRIS = re.compile(
    r"Read more|Customer service|Etusivu|Lue lisää|Sivun sisältö|rokotus|maskin|COVID|Strategiavideo$",
    re.IGNORECASE,
)


def literals(graph):
    return [(s, p, o) for s, p, o in graph if isinstance(o, Literal)]


def test_no_literal_contains_markup(union):
    assert [(str(s), str(o)) for s, _, o in literals(union) if MARKUP.search(str(o))] == []


def test_no_literal_contains_web_debris(union):
    assert [(str(s), str(o)) for s, _, o in literals(union) if DEBRIS.search(str(o))] == []


def test_labels_are_tidy_single_lines(union):
    untidy = [
        (str(s), text) for s, text in ((s, str(o)) for s, o in union.subject_objects(RDFS.label))
        if text != text.strip() or "\n" in text or "  " in text
    ]
    assert untidy == []
