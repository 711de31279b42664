"""The canned queries: the files and their front matter (files.py), their parameters bound as
RDF terms (parameters.py), and their answers run and kept per data version (answers.py)."""
