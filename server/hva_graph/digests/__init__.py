"""Digests of RDF that depend on what it says, not on how it is written: RDFC-1.0 canonical
N-Quads (canonical), the data version every store and replica computes alike."""
