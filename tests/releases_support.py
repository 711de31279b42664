"""Two releases made from fixtures, as a curator makes them, in a copy of the project.

Release 1 is the project's data as a curator might have had it a month before: without
explanation/5 of source 001 (not yet curated), with a clumsy English label on event/2 and the
end of event/1 ("joulukuussa 2022", December 2022) mistyped as 2022-12-30. Release 2 adds
explanation/5, relabels event/2, corrects the date to 2022-12-31 (what the source says: the
whole of December), and removes explanation/4. So the two differ by exactly one added, one
removed, one relabelled statement and one corrected date.
"""

from __future__ import annotations

import dataclasses
import datetime
import shutil
from pathlib import Path

from rdflib import Graph

from hva_graph.releases.make import make_release
from hva_graph.settings import Settings

EK = "https://w3id.org/hva-graph/id/strategy/etela-karjala-2023-2025"
ADDED, REMOVED = f"{EK}/explanation/5", f"{EK}/explanation/4"
RELABELLED, CORRECTED = f"{EK}/event/2", f"{EK}/event/1"
OLD_LABEL = "The county council approved the service strategy in its meeting of 14.6.2023."
NEW_LABEL = "The county council approved the service strategy at its meeting on 14 June 2023."
OLD_END, NEW_END = "2022-12-30", "2022-12-31"
PREFIXES = """PREFIX hva: <https://w3id.org/hva-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


def copy_project(root: Path, target: Path) -> Path:
    for folder in ("ontology", "data", "shapes", "queries", "sources"):
        shutil.copytree(root / folder, target / folder)
    (target / "web").symlink_to(root / "web")  # the browser libraries the pages load, as installed
    return target


def edit(path: Path, update: str) -> None:
    """A SPARQL Update on one data file, written back as Turtle (as another tool would write it)."""
    graph = Graph().parse(path, format="turtle")
    graph.update(PREFIXES + update)
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")


def remove_statement(path: Path, statement: str) -> None:
    """The statement and everything hanging from it (passage, selectors)."""
    edit(path, f"""DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o .
        FILTER (?s = <{statement}> || STRSTARTS(STR(?s), "{statement}/")
                || (isBlank(?s) && EXISTS {{ ?owner ?q ?s . FILTER (STRSTARTS(STR(?owner), "{statement}/")) }})) }}""")


def set_value(path: Path, statement: str, predicate: str, old: str, new: str) -> None:
    edit(path, f"DELETE {{ <{statement}> {predicate} {old} }} INSERT {{ <{statement}> {predicate} {new} }} "
               f"WHERE {{ <{statement}> {predicate} {old} }}")


def as_release_1(project: Path) -> None:
    source = project / "data" / "source-001.ttl"
    remove_statement(source, ADDED)
    set_value(source, RELABELLED, "rdfs:label", f'"{NEW_LABEL}"@en', f'"{OLD_LABEL}"@en')
    set_value(source, CORRECTED, "schema:endDate", f'"{NEW_END}"^^xsd:date', f'"{OLD_END}"^^xsd:date')


def as_release_2(project: Path, original: Path) -> None:
    source = project / "data" / "source-001.ttl"
    shutil.copyfile(original / "data" / "source-001.ttl", source)
    remove_statement(source, REMOVED)


@dataclasses.dataclass
class TwoReleases:
    settings: Settings
    project: Path
    first: object
    second: object


def make_two_releases(settings: Settings, folder: Path) -> TwoReleases:
    project = copy_project(settings.root, folder / "project")
    moved = dataclasses.replace(settings, root=project, cache_dir=folder / "cache", dumps_dir=folder / "dumps",
                                releases_dir=folder / "releases", release_dumps_dir=folder / "release-dumps",
                                seeds_dir=project / "sources")
    as_release_1(project)
    first = make_release(moved, "Ensimmäinen julkaisu.", "fi", datetime.date(2026, 11, 20))
    as_release_2(project, settings.root)
    second = make_release(moved, "Explanation 5 of South Karelia curated; explanation 4 withdrawn; a label and a "
                                 "date corrected.", "en", datetime.date(2026, 12, 3))
    return TwoReleases(moved, project, first, second)
