"""The long phases of the work, reported to whoever listens (one listener per process).

The work says `with phase("validating", total=len(units), unit="units") as step:` and calls
`step.advance()` per unit done; without a listener that costs nothing. A process forked to work
beside its parent (the dumps written while `hva-graph load` builds a store) forwards its phases
through a pipe (forward), and the parent shows them when it is free to (replay): two processes
never draw on one terminal at once.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol


class Step(Protocol):
    def advance(self, amount: int = 1) -> None: ...

    def close(self) -> None: ...


Listener = Callable[[str, "int | None", str], Step]
"""Called as a phase starts, with its name, its total (None: unknown) and the unit of its steps."""


class _Unheard:
    def advance(self, amount: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


_UNHEARD = _Unheard()
_listener: Listener | None = None


def listen(listener: Listener | None) -> None:
    """Report this process's phases to `listener` from now on (None: to nobody)."""
    global _listener
    _listener = listener


@contextmanager
def phase(name: str, total: int | None = None, unit: str = "") -> Iterator[Step]:
    """One phase of the work; advance the step it yields as the work goes."""
    step = _listener(name, total, unit) if _listener is not None else _UNHEARD
    try:
        yield step
    finally:
        step.close()


def forward(fd: int) -> None:
    """In a forked child: report its phases as lines on the pipe `fd` (read by replay), or to
    nobody when its parent has no listener."""
    if _listener is None:
        return
    out = os.fdopen(fd, "w", buffering=1, encoding="utf-8")
    count = itertools.count(1)

    class _Forwarded:
        def __init__(self, name: str, total: int | None, unit: str):
            self.id = next(count)
            _send(["start", self.id, name, total, unit])

        def advance(self, amount: int = 1) -> None:
            _send(["advance", self.id, amount])

        def close(self) -> None:
            _send(["close", self.id])

    def _send(event: list) -> None:
        try:
            out.write(json.dumps(event) + "\n")
        except OSError:  # the parent stopped listening: the work goes on unheard
            listen(None)

    listen(_Forwarded)


def replay(fd: int) -> None:
    """Show, to this process's listener, the phases a child forwards on the pipe `fd`, until
    the child closes it."""
    steps: dict[int, Step] = {}
    with os.fdopen(fd, encoding="utf-8") as lines:
        for line in lines:
            kind, number, *rest = json.loads(line)
            if kind == "start":
                steps[number] = _listener(*rest) if _listener is not None else _UNHEARD
            elif kind == "advance":
                steps[number].advance(*rest)
            else:
                steps.pop(number).close()
    for step in steps.values():  # a child that died mid-phase
        step.close()
