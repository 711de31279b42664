"""Behind a reverse proxy: which requests' forwarding headers count (trust.py), what those
headers say once checked (headers.py), and the public address every absolute URL is made from,
with the client's own address for per-client limits (public.py). No Flask here: the WSGI layer
in public.py stands in front of the app and its response cache."""
