"""The knowledge: ontology and data files read into named graphs, the OWL RL closure, the SHACL
verdict, both cached on disk (cache), and the one gate every user of the knowledge passes
(checked). The work grows linearly with the data: Oxigraph reads the files (reading), every
node is checked with its home graph's unit (units) on every core (per_unit), with `reasonable`
(reasoner), pyshacl for the core shapes and Oxigraph for the shapes' SPARQL (sparql_shapes),
put together in pipeline; loading, inference and validation over the whole graph (owlrl,
pyshacl) are the reference it is tested against."""
