"""One blueprint per concern: each route parses the request, calls one function, and hands the
result to content negotiation or a template."""
