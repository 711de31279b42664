"""Fair shares between clients (issue 24): who a client is (clients: an IPv4 address or an IPv6
/64, the forwarded one only behind a trusted proxy), what each may spend (ledger: uncached
requests per second, query time per minute), and who gets the next query process (dispatch: a
client gets a second one only while no other client waits). It imports nothing of the package:
the front, the stores and the web app all ask it."""
