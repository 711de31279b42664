"""Each event's phase: of the strategy's preparation, up to and including its adoption, or of its
implementation after it (data/README.md, "Preparation and implementation").

The adoption is the one the text reports: a decision of kind `adopts` on the strategy itself, held
or planned, with its date. An event whose first day (its last, where the text gives only a
deadline) is after the adoption's last possible day is an implementation event: 001's service
strategy approved on 14.6.2023, half a year after the strategy's adoption in December 2022. Every
other event is of the preparation, as is every event of a text that reports no dated adoption.
The rule is the one shapes/event-phase-violation.rq checks, so a phase drafted is one it accepts.
"""

from __future__ import annotations

from .model import EVENTS, PREPARATION_KINDS, Drafted


def assign(text: str, drafted: list[Drafted], strategy_span: tuple[int, int] | None = None) -> None:
    """Give every drafted event its phase, with the adoption's date as the proposal's cue."""
    adoption = _adoption(text, drafted, strategy_span)
    for event in (d for d in drafted if d.kind in EVENTS):
        after = adoption is not None and event is not adoption and event.when is not None \
            and (event.when.start or event.when.end) > adoption.when.end
        if after:
            event.event_phase = "ImplementationEvent"
            if event.kind in PREPARATION_KINDS or event.kind == "PreparationEvent":
                event.kind = "ImplementationEvent"  # a seminar or hearing is a preparation event by the ontology
            event.propose("eventPhase", adoption.when.cue, "after-the-adoption")
        else:
            event.event_phase = "PreparationEvent"
            if event.kind == "ImplementationEvent":
                event.kind = "PreparationEvent"
            cue = adoption.when.cue if adoption is not None else (event.when.cue if event.when else "")
            event.propose("eventPhase", cue, "up-to-the-adoption" if adoption is not None else "no-adoption-reported")


def _adoption(text: str, drafted: list[Drafted], strategy_span: tuple[int, int] | None) -> Drafted | None:
    """The strategy's adoption the text reports, the earliest if it names two."""
    from .status import adopts_the_strategy, own_names

    own = own_names(text, strategy_span)
    adoptions = [d for d in drafted if d.kind == "Decision" and d.decision_kind == "adopts" and d.when is not None
                 and adopts_the_strategy(text, d, own)]
    return min(adoptions, key=lambda d: d.when.end, default=None)
