"""The draft format: a source graph in the layout of data/source-NNN.ttl with its proposals marked,
written the same way every time, and never taken for curated data.

tests/fixtures/curation/draft-905/ is a hand-checked draft (its text, its source graph with the
proposals and missing labels the format defines): what a curator gets from `hva-graph draft`."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from hva_graph.cli import main
from hva_graph.curation import turtle
from hva_graph.curation.turtle import TurtleLayoutError
from hva_graph.namespaces import HVA, OA, THEME

ROOT = Path(__file__).parents[1]
DRAFT = ROOT / "tests" / "fixtures" / "curation" / "draft-905"
EXAMPLE = DRAFT / "source-905.ttl"
STRATEGY = "https://w3id.org/hva-graph/id/strategy/kainuu-2023-2025"
VOCABULARIES = ("organisations.ttl", "themes.ttl", "stakeholder-groups.ttl", "document-statuses.ttl",
                "decision-kinds.ttl")
STATEMENTS_WITH_PROPOSALS = [
    "https://w3id.org/hva-graph/id/source/905_dd3dd3a51c7554f1.txt",
    "https://w3id.org/hva-graph/id/organisation/kainuu/body/aluevaltuusto",
    STRATEGY, f"{STRATEGY}/event/1", f"{STRATEGY}/value/1", f"{STRATEGY}/tier/1", f"{STRATEGY}/goal/1",
    f"{STRATEGY}/goal/2",
]


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def hunks(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1)
    return [line for line in diff if line.startswith("@@")]


# --- the writer ----------------------------------------------------------------------------


def test_the_hand_checked_draft_is_written_back_byte_for_byte():
    assert turtle.write(turtle.read(example_text())) == example_text()


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_a_curated_source_graph_survives_the_writer_and_is_written_the_same_twice(number):
    graph = turtle.read((ROOT / "data" / f"source-{number}.ttl").read_text(encoding="utf-8"))
    written = turtle.write(graph)
    again = turtle.read(written)
    assert isomorphic(graph, again)
    assert turtle.write(again) == written


def test_the_prefixes_are_the_data_files_own():
    declared = re.findall(r"^@prefix (\S+):\s+<([^>]+)> \.$", (ROOT / "data" / "source-000.ttl").read_text(), re.M)
    written = re.findall(r"^@prefix (\S+):\s+<([^>]+)> \.$", example_text(), re.M)
    assert [pair for pair in written if pair in declared] == declared
    assert "@base            <https://w3id.org/hva-graph/id/strategy/> ." in example_text()


def test_statements_are_written_in_source_order_each_followed_by_its_passage():
    text = example_text()
    blocks = re.findall(r"^(<[^>]+>|\S+:\S+) a ", text, re.M)
    statements = [b for b in blocks if b.startswith(("<kainuu-2023-2025/", "<kainuu-2023-2025>"))
                  and not b.endswith(("/passage>", "/period>"))]
    assert statements == ["<kainuu-2023-2025>", "<kainuu-2023-2025/event/1>", "<kainuu-2023-2025/value/1>",
                          "<kainuu-2023-2025/tier/1>", "<kainuu-2023-2025/goal/1>", "<kainuu-2023-2025/goal/2>"]
    for statement in statements[1:]:
        passage = statement[:-1] + "/passage>"
        assert blocks[blocks.index(statement) + 1] == passage


def test_confirming_a_proposal_is_one_hunk():
    graph = turtle.read(example_text())
    goal = URIRef(f"{STRATEGY}/goal/2")
    theme = next(p for p in graph.objects(goal, HVA.proposal) if graph.value(p, HVA.proposedProperty) == HVA.theme)
    graph.remove((goal, HVA.proposal, theme))
    graph.remove((theme, None, None))
    assert len(hunks(example_text(), turtle.write(graph))) == 1


def test_writing_an_english_label_is_one_hunk():
    graph = turtle.read(example_text())
    value = URIRef(f"{STRATEGY}/value/1")
    graph.add((value, RDFS.label, Literal("Courage", lang="en")))
    graph.remove((value, HVA.missingLabel, Literal("en")))
    after = turtle.write(graph)
    assert len(hunks(example_text(), after)) == 1
    assert 'rdfs:label "Rohkeus"@fi , "Courage"@en ;' in after


def test_changing_a_statement_keeps_every_other_block_as_it_was():
    graph = turtle.read(example_text())
    goal = URIRef(f"{STRATEGY}/goal/1")
    graph.add((goal, HVA.theme, THEME["access"]))
    graph.remove((goal, HVA.ordinal, None))
    graph.add((goal, HVA.ordinal, Literal(1)))
    after = turtle.write(graph)
    assert len(hunks(example_text(), after)) == 1
    assert "hva:theme theme:access ;" in after


def test_a_blank_node_cited_twice_is_refused():
    graph = turtle.read(example_text())
    shared = BNode()
    graph.add((URIRef(f"{STRATEGY}/goal/1"), HVA.proposal, shared))
    graph.add((URIRef(f"{STRATEGY}/goal/2"), HVA.proposal, shared))
    graph.add((shared, RDF.type, HVA.Proposal))
    with pytest.raises(TurtleLayoutError):
        turtle.write(graph)


def test_every_selector_of_the_hand_checked_draft_quotes_its_text():
    graph = turtle.read(example_text())
    (text_file,) = DRAFT.glob("905_*.txt")
    text = text_file.read_text(encoding="utf-8")
    passages = set(graph.subjects(RDF.type, HVA.Passage))
    assert len(passages) == 7
    for passage in passages:
        selectors = list(graph.objects(passage, OA.hasSelector))
        exact = next(graph.value(s, OA.exact) for s in selectors if graph.value(s, OA.exact) is not None)
        start = next(int(graph.value(s, OA.start)) for s in selectors if graph.value(s, OA.start) is not None)
        end = next(int(graph.value(s, OA.end)) for s in selectors if graph.value(s, OA.end) is not None)
        assert text[start:end] == str(exact)


# --- a draft is never published as curated data ---------------------------------------------


def with_vocabularies(*files: Path) -> list[str]:
    return [*(str(f) for f in files), *(str(ROOT / "data" / name) for name in VOCABULARIES)]


ENGLISH_BODY_NAMES = {"aluevaltuusto": "County council", "aluehallitus": "County executive"}
"""As the English translation of the Act on Wellbeing Services Counties (611/2021) names them."""


def curated_copy(folder: Path) -> Path:
    """The hand-checked draft as a curator leaves it: every proposal confirmed, every English label
    written, the Swedish ones left out (they are optional)."""
    target = folder / "draft-905"
    shutil.copytree(DRAFT, target)
    graph = turtle.read(example_text())
    for subject, proposal in list(graph.subject_objects(HVA.proposal)):
        graph.remove((subject, HVA.proposal, proposal))
        graph.remove((proposal, None, None))
    for subject in list(graph.subjects(HVA.missingLabel, Literal("en"))):
        graph.remove((subject, HVA.missingLabel, Literal("en")))
        graph.add((subject, RDFS.label, Literal(ENGLISH_BODY_NAMES.get(subject.rsplit("/", 1)[-1],
                                                                       f"English name of {subject.rsplit('/', 1)[-1]}"),
                                                lang="en")))
    (target / "source-905.ttl").write_text(turtle.write(graph), encoding="utf-8")
    return target


def test_validate_refuses_a_draft_with_one_message_per_statement_naming_it_and_its_label():
    result = CliRunner().invoke(main, ["validate", *with_vocabularies(EXAMPLE)])
    assert result.exit_code == 1, result.output
    findings = re.findall(r"focus node: <([^>]+)>\n  value:      label = (.*); left = (.*)\n  shape:      rule proposals-left",
                          result.output)
    assert sorted(iri for iri, _, _ in findings) == sorted(STATEMENTS_WITH_PROPOSALS)
    labels = {iri: label for iri, label, _ in findings}
    assert labels[f"{STRATEGY}/value/1"] == "Rohkeus"
    assert labels[f"{STRATEGY}/goal/2"] == "Henkilöstö voi hyvin."
    left = {iri: items for iri, _, items in findings}
    assert set(left[f"{STRATEGY}/goal/2"].split(", ")) == {
        "proposed type", "proposed tier", "proposed ordinal", "proposed theme", "English label not written"}


def test_a_curated_draft_with_swedish_labels_left_out_validates(tmp_path):
    curated = curated_copy(tmp_path) / "source-905.ttl"
    assert 'hva:missingLabel "sv"' in curated.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", *with_vocabularies(curated)])
    assert result.exit_code == 0, result.output
    assert "proposals-left" not in result.output


def test_validate_draft_lists_what_is_left_per_statement_and_exits_1():
    result = CliRunner().invoke(main, ["validate", "--draft", str(DRAFT), *with_vocabularies()])
    assert result.exit_code == 1, result.output
    blocks = re.split(r"^(?=<)", result.output, flags=re.M)
    goal = next(b for b in blocks if b.startswith(f"<{STRATEGY}/goal/2>"))
    assert [line for line in goal.splitlines() if line.startswith(("<", "  - "))] == [
        f'<{STRATEGY}/goal/2> "Henkilöstö voi hyvin."',
        '  - confirm rdf:type = hva:StrategicGoal (cue "Strategiset tavoitteet", rule heading-class)',
        '  - confirm hva:tier = <kainuu-2023-2025/tier/1> (cue "Strategiset tavoitteet", rule list-under-tier)',
        '  - confirm hva:ordinal = 2 (cue "2.", rule source-numbering)',
        '  - confirm hva:theme = theme:workforce (cue "Henkilöstö", rule theme-lemma)',
        "  - write the English label",
    ]
    assert sorted(b.split(">")[0][1:] for b in blocks if b.startswith("<")) == sorted(STATEMENTS_WITH_PROPOSALS)
    assert result.output.splitlines()[-1].startswith("left to do in ")
    assert "22 proposal(s) to confirm, 8 English label(s) to write, 0 violation(s) to fix" in result.output
    assert "8 Swedish label(s) not written (optional)" in result.output


def test_validate_draft_exits_0_when_nothing_is_left(tmp_path):
    curated = curated_copy(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--draft", str(curated), *with_vocabularies()])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("done: nothing is left to do")


def test_validate_draft_names_a_violation_and_a_passage_that_no_longer_quotes_its_text(tmp_path):
    target = curated_copy(tmp_path)
    draft = target / "source-905.ttl"
    text = draft.read_text(encoding="utf-8")
    text = text.replace("    hva:tier <kainuu-2023-2025/tier/1> ;\n", "", 1)  # goal/1 loses its tier
    text = text.replace("oa:start 220 ; oa:end 241", "oa:start 221 ; oa:end 241")  # goal/2's passage is off by one
    draft.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--draft", str(target), *with_vocabularies()])
    assert result.exit_code == 1, result.output
    blocks = {b.split(">")[0][1:]: b for b in re.split(r"^(?=<)", result.output, flags=re.M) if b.startswith("<")}
    assert set(blocks) == {f"{STRATEGY}/goal/1", f"{STRATEGY}/goal/2"}
    assert "belongs to exactly one tier" in blocks[f"{STRATEGY}/goal/1"]
    assert "does not quote 905_dd3dd3a51c7554f1.txt[221:241]" in blocks[f"{STRATEGY}/goal/2"]


def test_validate_draft_exits_2_on_a_folder_without_a_draft(tmp_path):
    result = CliRunner().invoke(main, ["validate", "--draft", str(tmp_path)])
    assert result.exit_code == 2
    assert "holds one source-NNN.ttl" in result.output


@pytest.mark.served
def test_serve_refuses_a_draft_naming_each_statement(tmp_path):
    root = tmp_path / "project"
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "data").mkdir()
    for name in VOCABULARIES:
        shutil.copy(ROOT / "data" / name, root / "data" / name)
    shutil.copy(EXAMPLE, root / "data" / EXAMPLE.name)
    command = Path(sys.executable).with_name("hva-graph")
    env = {"HVA_GRAPH_ROOT": str(root), "HVA_GRAPH_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([str(command), "serve", "--port", "1"], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 1, result.stderr
    assert "does not conform" in result.stderr
    refused = re.findall(r"focus node: <([^>]+)>\n  value:      label = ", result.stderr)
    assert sorted(refused) == sorted(STATEMENTS_WITH_PROPOSALS)
