"""The Flask application (app.create_app): views by concern (views/), one error answer for
all of them (errors), one response cache (cache), the security headers on every answer
(headers), the reload that swaps the whole Site (reload), and what pages share (site, labels,
charts, resources, html_results). The only package that imports Flask."""
