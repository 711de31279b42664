"""The hva-graph command line: a thin layer over the functions the tests call."""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from .knowledge.checked import InvalidData, validate
from .knowledge.loading import DataFileError
from .knowledge.validation import format_report
from .progress.phases import listen, phase
from .progress.terminal import Bars
from .settings import Settings

EXIT_OK, EXIT_REFUSED, EXIT_ERROR, EXIT_UNAVAILABLE = 0, 1, 2, 3
EXIT_STATUSES = f"""Exit status, for every command: {EXIT_OK} done; {EXIT_REFUSED} refused: the data
violates its shapes, a query was refused or failed, a reload was refused; {EXIT_ERROR} bad usage,
bad settings or unreadable input (a data file, a store, a query file, an output folder);
{EXIT_UNAVAILABLE} the server could not start or be reached (its port is in use, its state folder
cannot be written, no server runs to reload)."""


@dataclass(frozen=True)
class Options:
    """What the group's options say, for every command."""
    state_dir: Path | None = None
    quiet: bool = False


def _options() -> Options:
    context = click.get_current_context(silent=True)
    found = context.find_object(Options) if context is not None else None
    return found or Options()


def _settings(**overrides) -> Settings:
    """The settings: defaults, the environment, then the command line (--state-dir included)."""
    return Settings.from_env(state_dir=_options().state_dir, **overrides)


def note(message: str) -> None:
    """Tell the operator what is happening (standard error), unless --quiet."""
    if not _options().quiet:
        click.echo(message, err=True)


def fail(message: str, status: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(status)


@contextmanager
def exit_statuses(*could_not_run: type[Exception], after: str = ""):
    """The commands' shared exits: data that violates its shapes (InvalidData) is status 1, any
    of `could_not_run` status 2; each says why on stderr (`after` appended to the latter)."""
    try:
        yield
    except InvalidData as error:
        fail(str(error), EXIT_REFUSED)
    except could_not_run as error:
        fail(f"{error}{after}", EXIT_ERROR)


@click.group(epilog=EXIT_STATUSES)
@click.version_option(package_name="hva-graph")
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The one folder written to: caches, dumps, pid files (or HVA_GRAPH_STATE_DIR; default var/ "
                   "in a clone, else the user's state folder, ~/.local/state/hva-graph on Linux).")
@click.option("--quiet", "-q", is_flag=True, help="Only errors and the answer: no progress, no notes.")
@click.option("--verbose", "-v", is_flag=True, help="Also each phase's duration and the service's log.")
@click.pass_context
def main(context: click.Context, state_dir: Path | None, quiet: bool, verbose: bool) -> None:
    """Strategies of Finland's wellbeing services counties as a linked-data knowledge graph."""
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    context.obj = Options(state_dir.resolve() if state_dir else None, quiet)
    level = logging.ERROR if quiet else logging.INFO if verbose else None
    if level is not None:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        for name in ("hva_graph", "gunicorn"):
            logging.getLogger(name).setLevel(level)
    # Bars on a terminal only: a log file or a pipe gets none.
    listen(Bars(show=not quiet and sys.stderr.isatty()))


@main.command(name="validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--draft", type=click.Path(path_type=Path), default=None,
              help="A draft (drafts/NNN or its source-NNN.ttl) to check with the data: list what is left to do.")
def validate_command(paths: tuple[Path, ...], draft: Path | None) -> None:
    """Check ontology and data against the SHACL shapes (with the OWL RL closure).

    PATHS are data files or folders to check instead of the project's data/ (so a
    curator can try a candidate file before it lands). Exit status: 0 conforms
    (warnings allowed), 1 violations, 2 could not run (missing or unparsable file).

    With --draft, the draft is checked together with the data and what is left to do is
    listed per statement: proposals to confirm, English labels to write, violations to fix.
    Exit status: 0 nothing is left, 1 something is, 2 could not run.
    """
    with exit_statuses(DataFileError, ValueError):
        settings = _settings(data_paths=tuple(paths) or None)
        if draft is not None:
            from .curation.todo import format_left, left_to_do

            left = left_to_do(settings, draft)
            click.echo(format_left(left))
            sys.exit(EXIT_OK if left.done else EXIT_REFUSED)
        report = validate(settings)
    click.echo(format_report(report))
    sys.exit(EXIT_OK if report.conforms else EXIT_REFUSED)


@main.command(name="draft")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of drafts (default: drafts/ in the project).")
def draft_command(source: Path, out: Path | None) -> None:
    """Draft a new county's strategy: SOURCE is its page saved as HTML, its text copied from the
    browser, or the strategy as PDF.

    Writes drafts/NNN/source-NNN.ttl (every statement the text makes, with its passage, each
    proposal marked with its cue, English and Swedish labels left for the curator) and the
    source text beside it. Exit status: 0 drafted, 2 the source cannot be read (a scanned or
    encrypted PDF, an unknown encoding, no strategy in it, a text already in the graph).
    """
    from .curation.draft import draft, summary
    from .curation.source import Unreadable

    with exit_statuses(Unreadable, OSError):
        written = draft(source, _settings(), out)
    click.echo(summary(written))


@main.command()
def stats() -> None:
    """Print what the graph holds: triples per named graph and instances per class (Markdown)."""
    from .knowledge.checked import load_knowledge
    from .publish.stats import markdown_tables
    from .store.embedded import build_store

    with exit_statuses(DataFileError, ValueError):
        knowledge = load_knowledge(_settings())
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

    Exit status: 1 the data violates its shapes, 2 bad settings, unreadable data or an unusable
    store, 3 could not start (the port is in use, the state folder cannot be written).
    """
    from . import startup
    from .front.address import CannotStart
    from .store.backend import StoreUnavailable

    try:
        with exit_statuses(DataFileError, ValueError, StoreUnavailable):
            settings = _settings(host=host, port=port, store=store)
            verdict = startup.check(settings)  # refuse before listening
            note(f"serving {verdict.serving}")
        status = startup.serve(settings, verdict)
    except CannotStart as error:
        fail(str(error), EXIT_UNAVAILABLE)
    sys.exit(status)


@main.command()
@click.argument("draft", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on: the review page refuses any but 127.0.0.1.")
@click.option("--port", default=5001, show_default=True, type=int, help="Port of the review page.")
def curate(draft: Path, host: str, port: int) -> None:
    """Review a draft (a folder such as drafts/906/) in the browser, then publish it.

    A local page at http://127.0.0.1:PORT/ with the source text, its passages marked, and the
    proposed statements: accept, retype, move, split or merge passages, fix dates, write labels
    and themes; every change is saved to the draft's Turtle file and checked at once. Publishing
    moves the draft into data/ and sources/ only when it validates. Exit status: 2 a host other
    than 127.0.0.1, or a draft that cannot be read.
    """
    from .curation.editing.draft import Draft
    from .web.curate.guard import BindRefused, check_bind
    from .web.curate.serving import serve_review

    with exit_statuses(BindRefused, DataFileError):
        check_bind(host)
        Draft.open(draft)
    serve_review(_settings(), draft, host, port)


@main.command()
@click.option("--port", "ports", multiple=True, type=int,
              help="Port of the server to reload (default 5000, or HVA_GRAPH_PORT); repeat it for replicas.")
@click.option("--wait", default=600.0, show_default=True, help="Seconds to wait for the outcome.")
def reload(ports: tuple[int, ...], wait: float) -> None:
    """Reload a running `hva-graph serve` with the data as it is now (SIGHUP to it).

    The new data is checked as at start (validated; a store verified) and served only if it
    passes; otherwise the old data keeps being served and /health says why. The server is found
    by its pid file in the state folder: give the same --state-dir as to `serve`. Several --port
    (replicas on this machine) are reloaded one after the other, then checked to serve one data
    version. Exit status: 0 reloaded (and, for replicas, one version), 1 refused (the reason is
    printed; the old data is still served) or replicas serving different versions, 3 no server
    runs on that port (or it did not report in time).
    """
    from .front.reload_client import ReloadFailed, reload_replicas, served_versions

    with exit_statuses(ValueError):
        settings = _settings(port=ports[0] if len(ports) == 1 else None)
    chosen = list(ports) or [settings.port]
    try:
        reports = reload_replicas(settings, chosen, wait)
    except ReloadFailed as error:
        fail(str(error), EXIT_UNAVAILABLE)
    for port, report in reports.items():
        where = f"port {port}: " if len(chosen) > 1 else ""
        if report["state"] != "reloaded":
            fail(f"{where}refused, still serving data version {report['data_version'][:16]}: {report['reason']}",
                 EXIT_REFUSED)
        note(f"{where}reloaded: serving data version {report['data_version'][:16]}")
    if len(chosen) > 1:
        versions = served_versions(settings, chosen)
        if len(set(versions.values())) != 1:
            fail("replicas serve different data versions: " + ", ".join(
                f"port {port} {(version or 'unknown')[:16]}" for port, version in versions.items()), EXIT_REFUSED)
        note(f"{len(chosen)} replicas serve data version {next(iter(versions.values()))[:16]}")


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
    from .store.backend import StoreUnavailable

    started = time.monotonic()
    remote = store_kind(target) == "remote"
    unchanged = "" if remote else f"; {target} was not changed"
    with exit_statuses(DataFileError, ValueError, SyntaxError, OSError, StoreUnavailable, DamagedRelease,
                       after=unchanged):
        settings = _settings(data_paths=tuple(paths) or None, store=target if remote else None)
        if release_number:
            version, parts, checked = (*_release_parts(settings, release_number), None)
        else:
            version, parts, checked = _validated_parts(settings)
        if remote:
            return _push(settings, version, parts, started)
        info, written = _build_beside_dumps(settings, Path(target), version, parts, None if no_dumps else checked)
    if not written:
        click.echo("warning: the dumps cannot be written; the server will make them on first need", err=True)
    note(f"{target}: {info['union_size']} triples in {len(info['graph_sizes'])} named graphs, data version "
         f"{info['data_version'][:16]}, built in {time.monotonic() - started:.1f} s")


def _validated_parts(settings: Settings):
    """(data version, named graphs to load, the checked data if it was validated now, else None)."""
    from .knowledge.checked import checked_data
    from .publish.into_store import checked_parts, parts_of

    known = checked_parts(settings)
    if known is not None:
        note(f"data version {known[0][:16]} is validated (cached verdict and closure)")
        return (*known, None)
    note("reading, inferring and validating the data …")
    checked = checked_data(settings)
    return checked.version, parts_of(checked), checked


def _build_beside_dumps(settings: Settings, path: Path, version: str, parts, checked) -> tuple[dict, bool]:
    """Build the disk store while a child process writes the dumps of `checked` (when given) on
    the other core; the child's progress is shown once the build is done. (store info, whether
    the dumps were written)"""
    from .publish.served import dumps_in_child

    writer = dumps_in_child(settings, checked) if checked is not None else None
    try:
        return _build(settings, path, version, parts), writer is None or _finished(writer)
    except BaseException:
        if writer is not None:
            _finished(writer)
        raise


def _finished(writer: tuple[int, int]) -> bool:
    from .progress.phases import replay

    pid, progress = writer
    replay(progress)
    return os.waitpid(pid, 0)[1] == 0


def _release_parts(settings: Settings, number: str):
    """(the release's data version, its named graphs and graph/releases as parts)."""
    from .knowledge.released import history_quads, read_releases, release_store
    from .publish.into_store import store_parts

    release = next((r for r in read_releases(settings) if r.number == number), None)
    if release is None:
        raise ValueError(f"there is no release {number!r} in {settings.releases_folder}")
    store = release_store(settings, number)  # its digest checked against the record
    store.bulk_extend(history_quads(settings))
    note(f"release {number}: its data rebuilt from {settings.releases_folder} and checked")
    return release.digest, store_parts(store)


def _build(settings: Settings, path: Path, version: str, parts) -> dict:
    from .knowledge.versions import first_validated
    from .store.disk import load_disk_store

    total = sum(part.size for part in parts)
    with phase("loading the store", total, "B") as step:
        return load_disk_store(settings, path, parts, version, step.advance, first_validated(settings, version))


def _push(settings: Settings, version: str, parts, started: float) -> None:
    import time

    from .publish.into_store import publishing_order
    from .store.push import push

    ordered = publishing_order(settings, parts)
    with phase("pushing", len(ordered), "graphs") as step:
        pushed = push(settings, ordered, lambda graph, triples: step.advance())
    dropped = f"; dropped {len(pushed['dropped'])} graphs the data no longer has" if pushed["dropped"] else ""
    note(f"{settings.store}: {sum(pushed['graphs'].values())} triples in {len(pushed['graphs'])} named graphs "
         f"pushed and counted back (data version {version[:16]}){dropped}, in {time.monotonic() - started:.1f} s")


class GraphOption(click.Option):
    """--graph, whose help names the graphs the data has now (one per data file, the ontology and
    the derived graphs), not a list kept by hand."""

    def get_help_record(self, context: click.Context):
        from .knowledge.checked import graph_names

        try:
            names = ", ".join(graph_names(_settings()))
        except ValueError:  # malformed settings: said when the command runs
            names = "see /dumps/"
        self.help = f"all (every named graph), one named graph ({names}), or shapes (the SHACL shapes)."
        return super().get_help_record(context)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "ntriples", "trig", "nquads", "jsonld"]),
              default="turtle", show_default=True, help="RDF format of the file.")
@click.option("--graph", cls=GraphOption, default="all", show_default=True)
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

    to_file = str(out) != "-"
    if to_file and not out.absolute().parent.is_dir():  # said before the data is read, not after
        fail(f"cannot write {out}: there is no folder {out.absolute().parent}", EXIT_ERROR)
    with exit_statuses(DataFileError, ValueError, OSError):
        settings = _settings()
        knowledge = checked_data(settings)
        with phase("writing the dump", 1, "files") as step:
            body, count = render(knowledge, load_shapes(settings), DumpSpec(graph, fmt, compress))
            if to_file:
                atomic_write(out, body)
            else:
                sys.stdout.buffer.write(body)
            step.advance()
    kind = "triples" if fmt in ("turtle", "ntriples") else "quads"
    note(f"{out}: {len(body)} bytes, {count} {kind}, sha256 {hashlib.sha256(body).hexdigest()}")


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a file (e.g. queries/values.rq).")
@click.option("--format", "fmt", default=None,
              help="json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld, rdfxml, trig, nquads "
                   "(CONSTRUCT/DESCRIBE). Default: tsv for rows, turtle for graphs.")
@click.option("--store", default=None, help=STORE_HELP)
def query(sparql: str | None, path: Path | None, fmt: str | None, store: str | None) -> None:
    """Run one SPARQL query on the store and print the answer. The store is read-only: SPARQL
    Update (INSERT, DELETE, LOAD …) is refused; change the data files and validate them instead.

    Exit status: 0 answered, 1 the query was refused or failed (an update, syntax, limits), 2 could
    not run (no query, an unreadable file, bad settings or data).
    """
    from .service import Service
    from .sparql.formats import FORMAT_PARAMETER, KINDS
    from .sparql.text import read_query
    from .store.results import QueryJob

    if (sparql is None) == (path is None):
        fail("give the query as an argument or with --file, not both", EXIT_ERROR)
    with exit_statuses(OSError, UnicodeDecodeError):
        text = sparql if sparql is not None else path.read_text(encoding="utf-8")
    key = FORMAT_PARAMETER.get((fmt or "").lower()) if fmt else None
    if fmt and key in (None, "html"):  # the HTML page is rendered by the web server only
        fail(f"unknown format {fmt!r}", EXIT_ERROR)
    if read_query(text).update:
        fail("the store is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, "
             "COPY) is refused; change the data files (then `hva-graph validate`) instead", EXIT_REFUSED)
    formats = {kind: (key if key in KINDS[kind] else None) if key else
               ("tsv" if kind != "graph" else "turtle") for kind in KINDS}
    with exit_statuses(DataFileError, ValueError, RuntimeError):
        settings = _settings(store=store)
        service = Service.from_settings(settings, isolate=False)
    outcome = service.runner.run(QueryJob(text, formats, result_limit=settings.result_limit))
    if outcome.status == 406:
        fail(f"format {fmt} cannot carry this query's {outcome.kind} result", EXIT_REFUSED)
    if outcome.status != 200:
        fail(outcome.message, EXIT_REFUSED)
    click.echo(outcome.body.decode("utf-8"), nl=False)


@main.command()
@click.option("--note", "note_text", required=True, help="The curator's note: what this release brings (shown in the changelog "
                                              "and the feeds).")
@click.option("--lang", "note_lang", default="en", show_default=True, help="The note's language (fi, sv or en).")
@click.option("--date", "date", default=None, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The release date (default today, UTC); the number is its month and the release's place in it.")
def release(note_text: str, note_lang: str, date) -> None:
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
        fail(f"--lang must be fi, sv or en, not {note_lang!r}", EXIT_ERROR)
    with exit_statuses(DataFileError, ValueError, OSError, DamagedRelease):
        settings = _settings()
        try:
            made = make_release(settings, note_text, note_lang, date.date() if date else None)
        except ReleaseRefused as error:
            fail(f"refused: {error}", EXIT_REFUSED)
    kinds: dict[str, int] = {}
    for change in made.changes:
        kinds[change.kind.rsplit("#", 1)[-1]] = kinds.get(change.kind.rsplit("#", 1)[-1], 0) + 1
    counted = ", ".join(f"{n} {kind.removeprefix('Statement').lower()}" for kind, n in sorted(kinds.items()))
    note(f"release {made.release.number}: data version {made.release.digest[:16]}, "
         f"{len(made.diffs)} named graphs changed ({counted or 'no statement'}); "
         f"files in {settings.releases_folder / made.release.number}")


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
        comparison = compare(_settings(), before, after)
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
        note(f"wrote {path}")
