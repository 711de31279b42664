"""The review page's routes: the page, one route per change, publishing, and the check's status.

A route reads the form into the change's arguments, makes the change through the review
session and sends the curator back to the statement (303), with what happened on the page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from rdflib import URIRef
from rdflib.namespace import RDF

from ...curation.editing.dates import FORMATS, PRECISIONS, date_of
from ...curation.editing.kinds import PHASES
from ...curation.editing.publishing import NotPublished
from ...curation.editing.review import Review
from ...curation.editing.selectors import EditError
from ...curation.editing.statements import parent_property
from ...curation.turtle import TurtleLayoutError
from ...namespaces import HVA
from . import guard
from .page import anchor, cards, marked_text, value_fields

bp = Blueprint("curate", __name__)
LANGUAGES = ("fi", "en", "sv")


def review() -> Review:
    return current_app.extensions["review"]


@bp.get("/")
def page():
    session = review()
    editing = request.args.get("edit")
    with session.lock:  # the graph is read whole, never while a change is being made
        checked = session.current()
        found = cards(session, checked) if session.published is None else []
        strategies = {str(s) for s in session.draft.graph.subjects(RDF.type, HVA.Strategy)}
        text = marked_text(session.draft.text, found) if found else ""
        fields = value_fields(session, editing) if editing and any(c.iri == editing for c in found) else []
    return render_template(
        "curate.html", review=session, checked=checked, cards=found, editing=editing, token=guard.token(),
        text=text, strategy=next((c for c in found if c.iri in strategies), None), fields=fields,
        statements=[c for c in found if c.statement], tiers=[c for c in found if c.cls and c.cls.endswith("#Tier")],
        classes=[{"iri": str(c.iri), "label": c.label} for c in session.classes.choices],
        themes={str(k): v for k, v in session.themes.items()}, precisions=list(PRECISIONS), formats=FORMATS,
        phases=[(str(p), session.classes.label(p)) for p in PHASES], refusal=current_app.extensions.get("refusal"))


@bp.get("/status")
def status():
    session = review()
    checked = session.checked
    return jsonify(version=checked.version, complete=checked.complete, failed=session.check_failed,
                   published=session.published is not None)


@bp.post("/change/<operation>")
def change(operation: str):
    form = request.form
    try:
        with review().lock:  # the form is read against the draft it changes
            operation, arguments = _arguments(operation, form)
            focus = review().change(operation, **arguments) if arguments is not None else None
    except (EditError, TurtleLayoutError) as error:
        flash(f"Not changed: {error}", "error")
        return _back(form.get("subject"))
    current_app.extensions.pop("refusal", None)  # what publishing found left may be done now
    flash("Saved." if arguments is not None else "Nothing to change.", "done")
    return _back(str(focus) if focus is not None else None)


@bp.post("/publish")
def publish():
    try:
        published = review().publish()
    except NotPublished as refusal:
        current_app.extensions["refusal"] = (str(refusal), refusal.left)
        return redirect(url_for("curate.page") + "#publish", code=303)
    current_app.extensions.pop("refusal", None)
    flash(f"Published: {published.data_file} and {published.source_file}.", "done")
    return redirect(url_for("curate.page"), code=303)


def _back(subject: str | None):
    if not subject:
        return redirect(url_for("curate.page"), code=303)
    return redirect(url_for("curate.page", edit=subject) + "#" + anchor(subject), code=303)


def _arguments(operation: str, form) -> tuple[str, dict | None]:
    """The change and its arguments from its form (None: the form changes nothing)."""
    if operation == "date" and form.get("precision") == "none":
        operation = "no-date"
    return operation, _read(operation, form)


def _read(operation: str, form) -> dict | None:
    subject = form.get("subject", "")
    if operation == "accept":
        return {"subject": subject, "prop": form.get("prop") or None}
    if operation == "retype":
        return {"subject": subject, "cls": form.get("cls", "")}
    if operation == "phase":
        return {"subject": subject, "phase": form.get("phase", "")}
    if operation == "move":
        return _moved(subject, form)
    if operation == "labels":
        return {"subject": subject, "labels": {language: form.get(language, "") for language in LANGUAGES
                                               if language in form}}
    if operation == "themes":
        return {"subject": subject, "themes": form.getlist("theme")}
    if operation == "no-date":
        return None if date_of(review().draft.graph, URIRef(subject)) is None else {"subject": subject}
    if operation == "date":
        return {"subject": subject, "precision": form.get("precision", ""), "value": form.get("value", "")}
    if operation in ("passage", "status-passage", "split", "merge", "add"):
        where = {"start": _number(form, "start"), "end": _number(form, "end")}
        extra = {"merge": {}, "add": {"strategy": form.get("strategy", ""), "cls": form.get("cls", "")}}
        return {**where, **extra.get(operation, {"subject": subject})}
    if operation == "remove":
        return {"subject": subject}
    if operation == "values":
        return {"subject": subject, "prop": form.get("prop", ""), "chosen": form.getlist("value")}
    raise EditError(f"there is no change called {operation!r}")


def _moved(subject: str, form) -> dict | None:
    """Only what the curator changed: a place left as proposed stays a proposal."""
    graph, classes = review().draft.graph, review().classes
    node = URIRef(subject)
    current = {"parent": graph.value(node, parent_property(graph, classes, node)), "tier": graph.value(node, HVA.tier)}
    moved = {}
    for name in ("parent", "tier"):
        if name in form and (form[name] or None) != (str(current[name]) if current[name] is not None else None):
            moved[name] = form[name] or None
    ordinal = graph.value(node, HVA.ordinal)
    if form.get("ordinal") and (ordinal is None or _number(form, "ordinal") != int(ordinal)):
        moved["ordinal"] = _number(form, "ordinal")
    return {"subject": subject, **moved} if moved else None


def _number(form, name: str) -> int:
    try:
        return int(form.get(name, ""))
    except ValueError:
        raise EditError(f"{name} is a number (a code-point offset into the source text)") from None
