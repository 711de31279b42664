"""SPARQL as it arrives over HTTP: the protocol's query operation (protocol), what the query
text says before an engine sees it (text), and the result formats with their negotiation
(formats). No Flask here: the views hand in the request."""
