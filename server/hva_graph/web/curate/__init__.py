"""The curator's review page (`hva-graph curate DRAFT`): a local app over curation/editing,
bound to 127.0.0.1 only, never part of the public `serve`."""
