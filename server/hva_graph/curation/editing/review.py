"""One curator's session on one draft: each change applied to the draft graph, saved through the
deterministic writer at once and checked, one change at a time.

Each change is answered with the rules' check (checking.DraftChecker.rules_only); the full check
(pyshacl per unit) of that version follows in a process of its own and replaces it when it is
done, unless the draft has changed again meanwhile. A change that cannot be made (EditError, or a
graph the writer cannot write) leaves the draft as it was saved. A curator may also edit the file
by hand: the next look at the draft starts from the file as it is then.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from ...knowledge.loading import parse_file
from ...knowledge.validation import Finding, ValidationReport
from ...settings import Settings
from .. import turtle
from ..todo import ENGLISH_LABEL, DraftReport, listed, owner_of
from . import dates, passages, statements, values
from .checking import DraftChecker
from .draft import Draft
from .kinds import Classes
from .publishing import Published, publish
from .selectors import EditError

THEME_SCHEME = URIRef("https://w3id.org/hva-graph/id/themes")
VOCABULARIES = ("themes.ttl", "decision-kinds.ttl", "document-statuses.ttl", "stakeholder-groups.ttl",
                "organisations.ttl")


@dataclass
class Checked:
    version: int
    left: DraftReport
    """What is left to do (todo.listed), violations on the statements they concern."""
    report: ValidationReport
    owners: dict[str, str]
    """Each finding's focus -> the draft's subject it concerns."""
    complete: bool
    """pyshacl has run too (else only the rules have)."""

    def warnings_of(self, subject: str, marked_missing: bool) -> list[str]:
        """The warnings about a subject; not the missing English label's when the draft marks it
        as still to write (the page says so already)."""
        return [f.message for f in self.report.warnings if self.owners.get(f.focus) == subject
                and not (marked_missing and f.shape == ENGLISH_LABEL)]


class Review:
    def __init__(self, settings: Settings, folder: Path):
        self.settings = settings
        self.draft = Draft.open(folder)
        self.classes = Classes(parse_file(settings.ontology_path))
        self.known = values.vocabularies(_vocabularies(settings))
        self.known[values.STAGES] = values.strategy_stages(settings.shapes_dir / "data.ttl")
        self.themes = self.known.get(str(THEME_SCHEME), {})
        self.checker = DraftChecker(settings, self.draft.file)
        self.lock = threading.RLock()
        self.published: Published | None = None
        self.version = 0
        self.check_failed: str | None = None
        self._idle = threading.Event()
        self._full = self._checking_process()
        self._pending: Future | None = None
        with self.lock:
            self._checked_again()

    def _checking_process(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_checker, initargs=(self.settings, self.draft.file))

    def close(self) -> None:
        self._full.shutdown(wait=False, cancel_futures=True)
        self.checker.close()

    def current(self) -> Checked:
        """The last check (checked again first if the file was edited by hand since)."""
        with self.lock:
            if self.published is None and self.draft.changed_on_disk():
                self.draft.reread()
                self._checked_again()
            return self.checked

    def wait_for_full_check(self, timeout: float | None = None) -> Checked:
        """The check of the current version once pyshacl has run too (tests and benchmarks)."""
        self._idle.wait(timeout)
        return self.checked

    def change(self, operation: str, **arguments) -> URIRef | None:
        """Apply one change (a name of OPERATIONS), save and check; returns the statement it
        concerns after the change (None when it is gone)."""
        if operation not in OPERATIONS:
            raise EditError(f"there is no change called {operation!r}")
        with self.lock:
            if self.published is not None:
                raise EditError("the draft is published: there is nothing left to change here")
            if self.draft.changed_on_disk():
                self.draft.reread()
            try:
                focus = OPERATIONS[operation](self, **arguments)
                self.draft.save()
            except BaseException:  # EditError, TurtleLayoutError or a fault: back to the saved draft
                self.draft.reread()
                raise
            self._checked_again()
            return focus

    def publish(self) -> Published:
        with self.lock:
            if self.published is None:
                self.published = publish(self.settings, self.draft)
                self.close()
            return self.published

    def _checked_again(self) -> None:
        """The rules' check now, the full check in the background (under the lock)."""
        self.version += 1
        self._idle.clear()
        report = self.checker.rules_only(self.draft.graph, self.draft.file)
        self.checked = _checked(self.version, self.draft, self.draft.graph, report, self.settings.seeds, False)
        if self._pending is not None:
            self._pending.cancel()
        self._submit(self.version, self.draft.graph, self.draft.written.decode("utf-8"), retry=True)

    def _submit(self, version: int, graph: Graph, text: str, retry: bool) -> None:
        try:
            self._pending = self._full.submit(_full_check, text)
        except BrokenProcessPool:  # the checking process died (killed, out of memory): a new one
            self._full = self._checking_process()
            self._pending = self._full.submit(_full_check, text)
        self._pending.add_done_callback(lambda future: self._full_done(future, version, graph, text, retry))

    def _full_done(self, future: Future, version: int, graph: Graph, text: str, retry: bool) -> None:
        if future.cancelled():
            return
        with self.lock:
            if version != self.version:
                return
            try:
                report = ValidationReport(future.result())
                self.check_failed = None
            except BrokenProcessPool:
                if retry:  # it died under this check: once more, in a new process
                    self._full = self._checking_process()
                    self._submit(version, graph, text, retry=False)
                    return
                self.check_failed = "the checking process died twice"
            except Exception as error:  # the rules' findings stay, and the page says the rest failed
                self.check_failed = f"{type(error).__name__}: {error}"
            else:
                self.checked = _checked(version, self.draft, graph, report, self.settings.seeds, True)
            self._idle.set()


def _checked(version: int, draft: Draft, graph: Graph, report: ValidationReport, seeds: Path, complete: bool) -> Checked:
    owners = {f.focus: owner for f in report.findings if (owner := owner_of(graph, f.focus)) is not None}
    return Checked(version, listed(draft.file, graph, report, seeds), report, owners, complete)


_CHECKER: DraftChecker | None = None
"""The full check's own checker, in its own process."""


def _start_checker(settings: Settings, draft_file: Path) -> None:
    global _CHECKER
    _CHECKER = DraftChecker(settings, draft_file)


def _full_check(text: str) -> list[Finding]:
    return _CHECKER.full(turtle.read(text)).findings


def _vocabularies(settings: Settings) -> Graph:
    """The data files whose schemes and organisations a curator picks values from."""
    graph = Graph()
    for name in VOCABULARIES:
        path = settings.data_dir / name
        if path.is_file():
            graph += parse_file(path)
    return graph


def _graph(review: Review) -> Graph:
    return review.draft.graph


OPERATIONS = {
    "accept": lambda r, subject, prop=None: statements.accept(_graph(r), subject, prop),
    "retype": lambda r, subject, cls: statements.retype(_graph(r), r.classes, subject, cls),
    "phase": lambda r, subject, phase: statements.set_phase(_graph(r), r.classes, subject, phase),
    "move": lambda r, subject, **where: statements.move(_graph(r), r.classes, subject, **where),
    "labels": lambda r, subject, labels: statements.set_labels(_graph(r), subject, labels),
    "themes": lambda r, subject, themes: statements.set_themes(_graph(r), subject, themes, r.themes),
    "date": lambda r, subject, precision, value: dates.fix_date(_graph(r), r.classes, subject, precision, value),
    "no-date": lambda r, subject: dates.clear_date(_graph(r), r.classes, subject),
    "passage": lambda r, subject, start, end: passages.reselect(_graph(r), r.draft.text, subject, start, end),
    "status-passage": lambda r, subject, start, end: passages.reselect_status(_graph(r), r.draft.text, subject, start,
                                                                              end),
    "split": lambda r, subject, start, end: passages.split(_graph(r), r.classes, r.draft.text, subject, start, end),
    "merge": lambda r, start, end: passages.merge(_graph(r), r.classes, r.draft.text, start, end),
    "add": lambda r, strategy, cls, start, end: passages.add(_graph(r), r.classes, r.draft.text, strategy, cls,
                                                             start, end),
    "remove": lambda r, subject: passages.remove(_graph(r), r.classes, subject),
    "values": lambda r, subject, prop, chosen: values.set_values(_graph(r), r.classes, subject, prop, chosen, r.known),
}
"""The changes a curator can make, by the name the page posts them under."""
