"""The phases as the command line shows them: a tqdm bar per phase on a terminal (nothing
when standard error is not one, so logs and pipes stay clean), and each phase's duration in
the log (shown with --verbose)."""

from __future__ import annotations

import logging
import sys
import time

from tqdm import tqdm

log = logging.getLogger(__name__)


class Bars:
    """A Listener (phases.listen) drawing bars on standard error when `show`."""

    def __init__(self, show: bool):
        self.show = show

    def __call__(self, name: str, total: int | None, unit: str) -> "Bar":
        return Bar(name, total, unit, self.show)


class Bar:
    def __init__(self, name: str, total: int | None, unit: str, show: bool):
        self.name, self.unit, self.done, self.started = name, unit, 0, time.monotonic()
        # Bytes are shown in kB, MB …; other steps as counted ("12/40 units").
        self.bar = tqdm(total=total, desc=name, unit=unit or "it", file=sys.stderr,
                        unit_scale=unit == "B", disable=not show, leave=True, dynamic_ncols=True)

    def advance(self, amount: int = 1) -> None:
        self.done += amount
        self.bar.update(amount)

    def close(self) -> None:
        self.bar.close()
        took = time.monotonic() - self.started
        log.info("%s: %s%s in %.1f s", self.name, self.done, f" {self.unit}" if self.unit else "", took)
