"""hva-graph: strategies of Finland's wellbeing services counties as a linked-data knowledge graph."""

__version__ = "0.1.0"
