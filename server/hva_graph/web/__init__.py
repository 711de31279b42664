"""The Flask application (app.create_app): views by concern (views/), one error answer for
all of them (errors), one response cache (cache), the security headers on every answer
(headers), the reload that swaps the whole Site (reload), the interface strings in fi, sv and
en (messages, messages.yaml), compression, and what pages share (site, labels, strategies,
comparison grids, forms, charts, outline, resources, html_results). The only package that
imports Flask."""
