"""The hva-graph command line: a thin layer over the functions the tests call."""

from __future__ import annotations

import hashlib
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from .knowledge.checked import InvalidData, validate
from .knowledge.loading import DataFileError
from .knowledge.validation import format_report
from .settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


@contextmanager
def exit_statuses(*could_not_run: type[Exception], after: str = ""):
    """The commands' shared exits: data that violates its shapes (InvalidData) is status 1, any
    of `could_not_run` status 2; each says why on stderr (`after` appended to the latter)."""
    try:
        yield
    except InvalidData as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_FAILED)
    except could_not_run as error:
        click.echo(f"error: {error}{after}", err=True)
        sys.exit(EXIT_ERROR)


@click.group()
@click.version_option(package_name="hva-graph")
def main() -> None:
    """Strategies of Finland's wellbeing services counties as a linked-data knowledge graph."""


@main.command(name="validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check ontology and data against the SHACL shapes (with the OWL RL closure).

    PATHS are data files or folders to check instead of the project's data/ (so a
    curator can try a candidate file before it lands). Exit status: 0 conforms
    (warnings allowed), 1 violations, 2 could not run (missing or unparsable file).
    """
    settings = Settings.from_env(data_paths=tuple(paths) or None)
    try:
        report = validate(settings)
    except DataFileError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(format_report(report))
    sys.exit(EXIT_OK if report.conforms else EXIT_FAILED)


@main.command()
def stats() -> None:
    """Print what the graph holds: triples per named graph and instances per class (Markdown)."""
    from .knowledge.checked import load_knowledge
    from .publish.stats import markdown_tables
    from .store.embedded import build_store

    try:
        knowledge = load_knowledge(Settings.from_env())
    except DataFileError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(markdown_tables(build_store(knowledge.graphs)))


STORE_HELP = ("Where queries are answered: memory (the default: the data files, loaded at start), the folder "
              "of a store built by `hva-graph load --store PATH`, or a remote SPARQL engine, "
              "sparql+http://host:port/path (or HVA_GRAPH_STORE).")


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1, or HVA_GRAPH_HOST).")
@click.option("--port", default=None, type=int, help="Port (default 5000, or HVA_GRAPH_PORT).")
@click.option("--store", default=None, help=STORE_HELP)
def serve(host: str | None, port: int | None, store: str | None) -> None:
    """Serve the graph: SPARQL endpoint, pages and dumps, with gunicorn (a production WSGI server).

    Exit status: 1 the data violates its shapes, 2 bad settings, unreadable data or an unusable store.
    """
    from . import startup
    from .store.backend import StoreUnavailable

    with exit_statuses(DataFileError, ValueError, StoreUnavailable):
        settings = Settings.from_env(host=host, port=port, store=store)
        verdict = startup.check(settings)  # refuse before listening
        click.echo(f"serving {verdict.serving}", err=True)
    sys.exit(startup.serve(settings, verdict))


@main.command()
@click.option("--port", default=None, type=int, help="Port of the server to reload (default 5000, or HVA_GRAPH_PORT).")
@click.option("--wait", default=600.0, show_default=True, help="Seconds to wait for the outcome.")
def reload(port: int | None, wait: float) -> None:
    """Reload a running `hva-graph serve` with the data as it is now (SIGHUP to it).

    The new data is checked as at start (validated; a store verified) and served only if it
    passes; otherwise the old data keeps being served and /health says why. Exit status: 0
    reloaded, 1 refused (the reason is printed; the old data is still served), 2 could not run.
    """
    from .front.reload_client import ReloadFailed, reload_server

    settings = Settings.from_env(port=port)
    try:
        report = reload_server(settings, wait)
    except ReloadFailed as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    if report["state"] != "reloaded":
        click.echo(f"refused, still serving data version {report['data_version'][:16]}: {report['reason']}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"reloaded: serving data version {report['data_version'][:16]}", err=True)


@main.command()
@click.option("--store", "target", required=True,
              help="Folder to build the store in (replaced atomically if it holds an older store), or a remote "
                   "engine to publish into, sparql+http(s)://host:port/path (its query endpoint).")
@click.option("--no-dumps", is_flag=True, help="Do not write the dumps now (the server makes them on first need).")
@click.option("--release", "release_number", default=None,
              help="Load a release (its data rebuilt from releases/, derived graphs as released) instead of "
                   "the data files: every replica of it then serves the same statements and data version.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def load(target: str, paths: tuple[Path, ...], no_dumps: bool, release_number: str | None) -> None:
    """Build an on-disk store from the validated data, for `hva-graph serve --store PATH`, or
    publish it into a remote engine, for `hva-graph serve --store sparql+http://…`.

    The data (PATHS, or the project's data/) is parsed, inferred and validated exactly as for
    the in-memory store; only conforming data is loaded. When this exact data version has been
    validated before (its verdict and OWL RL closure are cached), Oxigraph reads the files
    directly instead, much faster. The store is built beside PATH and renamed into place when
    complete: a failed or interrupted load leaves PATH as it was. After a full validation the
    dumps of the same data are written too, so the server publishes them at once.

    Into a remote engine each named graph is replaced whole, through its Graph Store Protocol
    (HVA_GRAPH_REMOTE_GRAPH_STORE, or where the engine usually has it) or an update endpoint
    (HVA_GRAPH_REMOTE_UPDATE), and counted back; credentials come from HVA_GRAPH_REMOTE_USER and
    HVA_GRAPH_REMOTE_PASSWORD. A failed graph stops the push, named; the engine's other graphs
    are left as they were.

    Exit status: 0 built, 1 the data violates its shapes (nothing changed), 2 could not run.
    """
    import time

    from .knowledge.released import DamagedRelease
    from .settings import store_kind
    from .publish.served import dumps_in_child
    from .store.backend import StoreUnavailable

    started = time.monotonic()
    remote = store_kind(target) == "remote"
    unchanged = "" if remote else f"; {target} was not changed"
    with exit_statuses(DataFileError, ValueError, SyntaxError, OSError, StoreUnavailable, DamagedRelease,
                       after=unchanged):
        settings = Settings.from_env(data_paths=tuple(paths) or None, store=target if remote else None)
        if release_number:
            version, parts, checked = (*_release_parts(settings, release_number), None)
        else:
            version, parts, checked = _validated_parts(settings)
        if remote:
            return _push(settings, version, parts, started)
        # The dumps of the same data are written on the other core while the store is built.
        writer = dumps_in_child(settings, checked) if checked is not None and not no_dumps else None
        try:
            info = _build(settings, Path(target), version, parts)
        finally:
            written = writer is None or os.waitpid(writer, 0)[1] == 0
    if not written:
        click.echo("warning: the dumps cannot be written; the server will make them on first need", err=True)
    click.echo(f"{target}: {info['union_size']} triples in {len(info['graph_sizes'])} named graphs, data version "
               f"{info['data_version'][:16]}, built in {time.monotonic() - started:.1f} s", err=True)


def _validated_parts(settings: Settings):
    """(data version, named graphs to load, the checked data if it was validated now, else None)."""
    from .knowledge.checked import checked_data
    from .publish.into_store import checked_parts, parts_of

    known = checked_parts(settings)
    if known is not None:
        click.echo(f"data version {known[0][:16]} is validated (cached verdict and closure)", err=True)
        return (*known, None)
    click.echo("reading, inferring and validating the data …", err=True)
    checked = checked_data(settings)
    return checked.version, parts_of(checked), checked


def _release_parts(settings: Settings, number: str):
    """(the release's data version, its named graphs and graph/releases as parts)."""
    from .knowledge.released import history_quads, read_releases, release_store
    from .publish.into_store import store_parts

    release = next((r for r in read_releases(settings) if r.number == number), None)
    if release is None:
        raise ValueError(f"there is no release {number!r} in {settings.releases_folder}")
    store = release_store(settings, number)  # its digest checked against the record
    store.bulk_extend(history_quads(settings))
    click.echo(f"release {number}: its data rebuilt from {settings.releases_folder} and checked", err=True)
    return release.digest, store_parts(store)


def _build(settings: Settings, path: Path, version: str, parts) -> dict:
    from .knowledge.versions import first_validated
    from .store.disk import load_disk_store

    total = sum(part.size for part in parts)
    with click.progressbar(length=total, label=f"loading {total / 1e6:.1f} MB of RDF", file=sys.stderr,
                           show_percent=True) as bar:
        return load_disk_store(settings, path, parts, version, bar.update, first_validated(settings, version))


def _push(settings: Settings, version: str, parts, started: float) -> None:
    import time

    from .publish.into_store import publishing_order
    from .store.push import push

    ordered = publishing_order(settings, parts)
    with click.progressbar(length=len(ordered), label=f"pushing {len(ordered)} named graphs", file=sys.stderr,
                           show_pos=True) as bar:
        pushed = push(settings, ordered, lambda graph, triples: bar.update(1))
    dropped = f"; dropped {len(pushed['dropped'])} graphs the data no longer has" if pushed["dropped"] else ""
    click.echo(f"{settings.store}: {sum(pushed['graphs'].values())} triples in {len(pushed['graphs'])} named graphs "
               f"pushed and counted back (data version {version[:16]}){dropped}, in "
               f"{time.monotonic() - started:.1f} s", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "ntriples", "trig", "nquads", "jsonld"]),
              default="turtle", show_default=True, help="RDF format of the file.")
@click.option("--graph", default="all", show_default=True,
              help="all (every named graph), one named graph (source-000 … source-004, annotations, inferred, "
                   "ontology, organisations, themes, stakeholder-groups), or shapes (the SHACL shapes).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write, atomically ('-': standard output).")
@click.option("--gzip", "compress", is_flag=True, help="gzip-compress (as the served .gz files).")
def dump(fmt: str, graph: str, out: Path, compress: bool) -> None:
    """Write one dump file: the same bytes that /dumps/ serves for this data version.

    Exit status: 0 written, 1 the data violates its shapes (nothing is written),
    2 a bad argument, unreadable data or an unwritable --out.
    """
    from .knowledge.cache import atomic_write
    from .knowledge.checked import checked_data
    from .knowledge.validation import load_shapes
    from .publish.dumps import DumpSpec, render

    with exit_statuses(DataFileError, ValueError, OSError):
        settings = Settings.from_env()
        knowledge = checked_data(settings)
        body, count = render(knowledge, load_shapes(settings), DumpSpec(graph, fmt, compress))
        if str(out) == "-":
            sys.stdout.buffer.write(body)
        else:
            atomic_write(out, body)
    kind = "triples" if fmt in ("turtle", "ntriples") else "quads"
    click.echo(f"{out}: {len(body)} bytes, {count} {kind}, sha256 {hashlib.sha256(body).hexdigest()}", err=True)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a file (e.g. queries/values.rq).")
@click.option("--format", "fmt", default=None,
              help="json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld, rdfxml, trig, nquads "
                   "(CONSTRUCT/DESCRIBE). Default: tsv for rows, turtle for graphs.")
@click.option("--store", default=None, help=STORE_HELP)
def query(sparql: str | None, path: Path | None, fmt: str | None, store: str | None) -> None:
    """Run one SPARQL query on the store and print the answer.

    Exit status: 0 answered, 1 the query was refused or failed (syntax, limits), 2 could not run.
    """
    from .service import Service
    from .sparql.formats import FORMAT_PARAMETER, KINDS
    from .store.results import QueryJob

    if (sparql is None) == (path is None):
        click.echo("error: give the query as an argument or with --file, not both", err=True)
        sys.exit(EXIT_ERROR)
    text = sparql if sparql is not None else path.read_text(encoding="utf-8")
    key = FORMAT_PARAMETER.get((fmt or "").lower()) if fmt else None
    if fmt and key in (None, "html"):  # the HTML page is rendered by the web server only
        click.echo(f"error: unknown format {fmt!r}", err=True)
        sys.exit(EXIT_ERROR)
    formats = {kind: (key if key in KINDS[kind] else None) if key else
               ("tsv" if kind != "graph" else "turtle") for kind in KINDS}
    try:
        settings = Settings.from_env(store=store)
        service = Service.from_settings(settings, isolate=False)
    except (DataFileError, ValueError, RuntimeError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    outcome = service.runner.run(QueryJob(text, formats, result_limit=settings.result_limit))
    if outcome.status == 406:
        click.echo(f"error: format {fmt} cannot carry this query's {outcome.kind} result", err=True)
        sys.exit(EXIT_FAILED)
    if outcome.status != 200:
        click.echo(f"error: {outcome.message}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(outcome.body.decode("utf-8"), nl=False)


@main.command()
@click.option("--note", required=True, help="The curator's note: what this release brings (shown in the changelog "
                                              "and the feeds).")
@click.option("--lang", "note_lang", default="en", show_default=True, help="The note's language (fi, sv or en).")
@click.option("--date", "date", default=None, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The release date (default today, UTC); the number is its month and the release's place in it.")
def release(note: str, note_lang: str, date) -> None:
    """Make the validated data a release: number, date, note, canonical digests, the diffs to the
    release before (N-Quads pairs and RDF Patch per named graph), release.ttl and the dumps.

    Files go under releases/<number>/ (the record, its description and the diffs, for the
    repository) and var/releases/<number>/ (the dumps). A published file is never overwritten.
    Exit status: 0 made; 1 refused (the data violates its shapes, still holds draft statements,
    or is the last release's data; a file it would write exists); 2 could not run.
    """
    from .knowledge.released import DamagedRelease
    from .releases.make import ReleaseRefused, make_release

    if note_lang not in ("fi", "sv", "en"):
        click.echo(f"error: --lang must be fi, sv or en, not {note_lang!r}", err=True)
        sys.exit(EXIT_ERROR)
    with exit_statuses(DataFileError, ValueError, OSError, DamagedRelease):
        settings = Settings.from_env()
        try:
            made = make_release(settings, note, note_lang, date.date() if date else None)
        except ReleaseRefused as error:
            click.echo(f"refused: {error}", err=True)
            sys.exit(EXIT_FAILED)
    kinds: dict[str, int] = {}
    for change in made.changes:
        kinds[change.kind.rsplit("#", 1)[-1]] = kinds.get(change.kind.rsplit("#", 1)[-1], 0) + 1
    counted = ", ".join(f"{n} {kind.removeprefix('Statement').lower()}" for kind, n in sorted(kinds.items()))
    click.echo(f"release {made.release.number}: data version {made.release.digest[:16]}, "
               f"{len(made.diffs)} named graphs changed ({counted or 'no statement'}); "
               f"files in {settings.releases_folder / made.release.number}", err=True)


@main.command(name="diff")
@click.argument("before")
@click.argument("after")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write each changed graph's N-Quads pair and RDF Patch into (and the whole patch).")
def diff_command(before: str, after: str, out: Path | None) -> None:
    """What changed from BEFORE to AFTER, per named graph and statement by statement.

    Each is a release number, `working` (the data files as they are) or a folder holding a
    working copy (ontology/ and data/). Exit status: 0 compared, 1 a side violates its shapes,
    2 a side that is none of these, or unreadable data.
    """
    from .knowledge.released import DamagedRelease
    from .releases.compare import compare, write

    with exit_statuses(DataFileError, ValueError, OSError, DamagedRelease):
        comparison = compare(Settings.from_env(), before, after)
        written = write(comparison, out) if out else []
    click.echo(f"{comparison.before.name} ({comparison.before.digest[:16]}) -> "
               f"{comparison.after.name} ({comparison.after.digest[:16]})")
    for change in comparison.diffs:
        click.echo(f"  {change.name}: +{len(change.added)} -{len(change.removed)} quads")
    for change in comparison.changes:
        label = change.labels.get("en") or change.labels.get("fi") or ""
        click.echo(f"  {change.kind.rsplit('#', 1)[-1].removeprefix('Statement').lower():<11} {change.statement}"
                   f"{'  ' + label if label else ''}")
    for path in written:
        click.echo(f"wrote {path}", err=True)
