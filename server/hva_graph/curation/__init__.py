"""Adding a strategy: drafting a source graph from a county's text, and what is left to review.

`hva-graph draft SOURCE` (draft.py) reads a saved page, a copied text or a PDF (reading.py,
html_text.py, pdf_text.py) and keeps the exact text as the new source file. The drafting rules
(rules.py, from the text's layout.py lines, chrome.py furniture left out, lists.py items and
outline.py blocks and sections.py sections, with tiers.py, values.py, clauses.py, events.py (and
phases.py: each event's phase), consultations.py, tables.py, documents.py, status.py, strategy.py,
county.py, themes.py; cue words by base form
through language.py; dates by the dates rule's own patterns in dates.py) propose every statement the
text makes. build.py makes the source graph, each proposal marked with its cue (hva:proposal) and
every English and Swedish label left for the curator (hva:missingLabel); turtle.py writes it in the
layout of data/source-NNN.ttl, the same bytes for the same graph, so that a curator's change to one
statement is one hunk of diff. todo.py lists what is left to do in a draft (`hva-graph validate
--draft`); measure.py compares a draft with curated data (benchmarks/curation.py). editing/ holds a
curator's changes to a draft, its check as they go and its publishing (`hva-graph curate`).
"""
