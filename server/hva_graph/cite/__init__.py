"""Citations of the graph's statements, strategies and source documents: what a reference names
(facts.py: the county, the document, its status and date as the source gives them, the passage,
the IRI, the data release), as CSL-JSON (csl.py, the source form), rendered by a CSL processor
(render.py) and written as BibTeX (bibtex.py) and RIS (ris.py)."""
