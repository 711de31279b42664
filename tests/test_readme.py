"""The README starts with the two commands and stays a front door; what it and docs/ say stays
true: the statistics are the real counts, every `hva-graph` and `make` command line uses commands
and options that exist, every setting is documented and every documented one exists, every link
leads to a file and a heading that exist, and the exit statuses are the command's."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import click
import pytest

from hva_graph.cli import EXIT_ERROR, EXIT_OK, EXIT_REFUSED, EXIT_UNAVAILABLE, main
from hva_graph.publish.stats import markdown_tables
from hva_graph.settings import Settings

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
FENCED = re.compile(r"^```[a-z]*\n(.*?)^```", re.S | re.M)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_readme_starts_with_serve_and_test_commands():
    text = _text(README)
    block = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines()]
    assert commands == ["make serve", "make test"]
    assert text.index("make serve") < 200


def test_ci_runs_exactly_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in script.splitlines() if line and not line.startswith(("#", "set ", "cd "))] == ["make test"]


def test_the_readme_is_a_front_door_that_links_every_page_of_the_manual():
    assert len(README.read_bytes()) < 10_000
    linked = set(re.findall(r"\]\(docs/([\w-]+\.md)", _text(README)))
    assert linked == {path.name for path in DOCS[1:]}


def test_the_statistics_are_the_real_counts(store):
    blocks = [match for doc in DOCS
              for match in re.findall(r"<!-- stats:begin -->\n(.*?)\n<!-- stats:end -->", _text(doc), re.S)]
    assert blocks == [markdown_tables(store)]


def _code(text: str) -> list[str]:
    """Every line of the fenced blocks, and every inline code span (whitespace made one space)."""
    lines = [line for block in FENCED.findall(text) for line in block.splitlines()]
    spans = [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", FENCED.sub("", text))]
    return lines + spans


def _command_lines(word: str) -> list[tuple[str, list[str]]]:
    """(document, the words after `word`) for every command line in the docs that runs it (the
    hva-graph command also as `python -m hva_graph`)."""
    found = []
    for doc in DOCS:
        for line in _code(_text(doc)):
            words = line.split(" #")[0].split()
            for index, token in enumerate(words):
                module = word == "hva-graph" and token == "hva_graph" and words[index - 1] == "-m"
                if token == word or token.endswith("/" + word) or module:
                    rest = []
                    for after in words[index + 1:]:
                        if after in ("&&", "||", ";", "&", "|") or after.endswith(";"):
                            break
                        rest.append(after.strip("[]\"'"))
                    found.append((doc.name, rest))
    return found


def _option(command: click.Command, name: str) -> click.Parameter | None:
    for param in command.get_params(click.Context(command)):
        if name.split("=")[0] in (*param.opts, *param.secondary_opts):
            return param
    return None


def _check(command: click.Command, words: list[str]) -> list[str]:
    """What is wrong with these words as options of `command`; the words left for a subcommand."""
    problems, index = [], 0
    while index < len(words) and words[index].startswith("-"):
        param = _option(command, words[index])
        if param is None:
            problems.append(f"{command.name}: no option {words[index]}")
        elif not getattr(param, "is_flag", False) and "=" not in words[index] and index + 1 < len(words):
            index += 1
            if isinstance(param.type, click.Choice) and not words[index].startswith(("<", "…")):
                wrong = [value for value in words[index].split("|") if value not in param.type.choices]
                problems += [f"{command.name} {param.opts[0]}: no choice {value}" for value in wrong]
        index += 1
    return [*problems, *[f"{command.name}: no option {word}" for word in words[index:]
                         if word.startswith("--") and _option(command, word) is None]]


def test_every_hva_graph_command_line_in_the_docs_is_a_real_command_with_real_options():
    problems, seen = [], set()
    for doc, words in _command_lines("hva-graph"):
        group_options = []
        while words and words[0].startswith("-"):
            group_options.append(words.pop(0))
            param = _option(main, group_options[-1])
            if param is not None and not param.is_flag and words:
                group_options.append(words.pop(0))
        problems += [f"{doc}: {p}" for p in _check(main, group_options)]
        if words and not words[0].startswith(("<", "…", "(")):
            command = main.commands.get(words[0])
            if command is None:
                problems.append(f"{doc}: no command {words[0]}")
                continue
            seen.add(words[0])
            problems += [f"{doc}: {p}" for p in _check(command, words[1:])]
    assert problems == []
    assert seen == set(main.commands)  # every command is shown somewhere


def test_every_make_target_in_the_docs_exists():
    targets = set(re.findall(r"^([\w-]+):", _text(ROOT / "Makefile"), re.M))
    named = {words[0] for _, words in _command_lines("make") if words}
    assert named and named <= targets


def test_every_setting_is_documented_and_every_documented_setting_exists():
    variables = {f"HVA_GRAPH_{field.name.upper()}" for field in dataclasses.fields(Settings)}
    variables = variables - {"HVA_GRAPH_DATA_PATHS", "HVA_GRAPH_SEEDS_DIR"} | {"HVA_GRAPH_SEEDS"}
    documented = {name for doc in DOCS for name in re.findall(r"HVA_GRAPH_[A-Z_]*[A-Z]", _text(doc))}
    assert documented == variables


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_slug(heading) for heading in re.findall(r"^#+ (.*)$", FENCED.sub("", _text(path)), re.M)}


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_every_link_leads_to_a_file_and_a_heading_that_exist(doc):
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", FENCED.sub("", _text(doc))):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists():
            broken.append(target)
        elif anchor and anchor not in _anchors(path):
            broken.append(target)
    assert broken == []


def test_the_documented_exit_statuses_are_the_commands():
    operating = _text(ROOT / "docs" / "operating.md")
    rows = dict(re.findall(r"^\| `(\d)` \| (.*) \|$", operating, re.M))
    assert sorted(map(int, rows)) == sorted({EXIT_OK, EXIT_REFUSED, EXIT_ERROR, EXIT_UNAVAILABLE}) == [0, 1, 2, 3]
    assert "violates its shapes" in rows[str(EXIT_REFUSED)] and "read-only" in rows[str(EXIT_REFUSED)]
    assert "bad usage" in rows[str(EXIT_ERROR)]
    assert "port is in use" in rows[str(EXIT_UNAVAILABLE)]


def test_the_wheel_the_docs_name_is_this_version():
    version = tomllib.loads(_text(ROOT / "pyproject.toml"))["project"]["version"]
    named = {match for doc in DOCS for match in re.findall(r"hva_graph-([\d.]+)-py3-none-any\.whl", _text(doc))}
    assert named == {version}
