"""The HTTP front: gunicorn configured from the settings (server.py), whether it can start where
they say (address.py), its worker that reads every request whole before a thread takes it
(worker.py, framing.py, client_socket.py), and `hva-graph reload` from the outside
(reload_client.py)."""
