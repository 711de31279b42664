"""The README starts with the two commands, and its table of contents is the real one."""

from __future__ import annotations

import re
from pathlib import Path

from hva_graph.publish.stats import markdown_tables

ROOT = Path(__file__).parents[1]


def test_readme_starts_with_serve_and_test_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines()]
    assert commands == ["make serve", "make test"]
    assert text.index("make serve") < 200


def test_ci_runs_exactly_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in script.splitlines() if line and not line.startswith(("#", "set ", "cd "))] == ["make test"]


def test_readme_tables_are_the_real_counts(store):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- stats:begin -->\n(.*?)\n<!-- stats:end -->", text, re.S).group(1)
    assert table == markdown_tables(store)
