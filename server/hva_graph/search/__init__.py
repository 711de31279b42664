"""Finnish search: the analyser (Voikko lemmas and compound parts, Snowball stems) and the
search index it derives from the statements' texts, published as graph/search."""
