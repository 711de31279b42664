"""The knowledge: ontology and data files read into named graphs (loading), the OWL RL
closure (inference), the SHACL verdict (validation), both cached per data version on disk
(cache), and the one gate every user of the knowledge passes (checked)."""
