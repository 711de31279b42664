"""The Flask application (app.create_app): views by concern (views/), one error answer for
all of them (errors), one response cache (cache), and what pages share (site, labels,
charts, resources, html_results). The only package that imports Flask."""
