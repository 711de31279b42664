"""Adding a strategy: drafting a source graph from a county's text, and what is left to review.

`hva-graph draft SOURCE` reads a saved page, a copied text or a PDF (reading.py, html_text.py,
pdf_text.py), keeps the exact text as the new source file, and proposes every statement the text
makes (layout.py, chrome.py, statements.py, dates.py, county.py …), each proposal marked as
such with its cue (hva:proposal) and every English and Swedish label left for the curator
(hva:missingLabel). turtle.py writes the draft in the layout of data/source-NNN.ttl, the same
bytes for the same graph, so that a curator's change to one statement is one hunk of diff.
todo.py lists what is left to do in a draft (`hva-graph validate --draft`). editing/ holds a
curator's changes to a draft, its check as they go and its publishing (`hva-graph curate`).
"""
