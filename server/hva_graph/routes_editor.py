"""The query editor page for browsers."""

from __future__ import annotations

from flask import render_template


def render_editor():
    return render_template("editor.html")
