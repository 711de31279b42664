"""Releases: every published data version a citable release. `hva-graph release` turns the
validated data into one (make: number, date, note, digests, immutable files under releases/), with
its diffs to the release before (diff: N-Quads pairs and RDF Patch per named graph), what it
changed statement by statement (changes, described in RDF by describe), its dumps (dumps), the
changelog people read (changelog) and the feeds machines and people follow (feed: LDES, Atom).
Reading the releases back (records, each release's data, graph/releases) is knowledge/released.py."""
