"""A curator's changes to a draft source graph, and publishing it (`hva-graph curate`).

Each change is a function on the draft's rdflib graph (statements.py: accept, retype, move,
labels, themes; dates.py: fix a date; values.py: a decision's kind, a status, a county and the
other values from data/'s schemes; passages.py: a passage set, split, merged, added or removed
from a selection of the source text), with the IRIs and ordinals that follow from it
(kinds.py, naming.py). draft.py reads and saves the draft through the deterministic writer
(curation/turtle.py), checking.py validates it with the rest of the data as the curator goes,
review.py holds one curator's session, and publishing.py moves a finished draft into data/ and
sources/. Nothing here knows of the web: web/curate/ is a thin layer over it.
"""
