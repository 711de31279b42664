"""What each client may spend, as token buckets (the fuller, the more it may do now):

- uncached requests: `rate` per second, up to `burst` at once; past it 429 (what the response
  cache answers costs nothing and is never refused);
- query time: `seconds_per_minute` of query processes' time per minute, as Wikidata's query
  service grants it; a client that has spent it gets 429 until enough has come back. The time
  is charged after each query (so one query may overdraw by up to the time limit).

Each refusal carries the seconds after which the request would be accepted (Retry-After).
Accounts are kept for the most recently seen clients only (MAX_CLIENTS): one forgotten is
a client that has been quiet long enough to have its full allowance back anyway.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from cachetools import LRUCache

MAX_CLIENTS = 100_000


@dataclass(frozen=True)
class Refusal:
    retry_after: int
    """Whole seconds (at least 1) until the client's request would be accepted."""
    message: str


class Bucket:
    """`capacity` tokens, refilled at `rate` per second; may go below zero by a charge."""

    def __init__(self, capacity: float, rate: float, now: float):
        self.capacity, self.rate, self.level, self.at = capacity, rate, capacity, now

    def refill(self, now: float) -> float:
        self.level = min(self.capacity, self.level + (now - self.at) * self.rate)
        self.at = now
        return self.level

    def wait_for(self, amount: float) -> int:
        """Seconds until the level reaches `amount` (after a refill)."""
        return max(1, math.ceil((amount - self.level) / self.rate))


class Account:
    """One client's buckets; `charge` is called by the query pool after each query."""

    def __init__(self, key: str, ledger: "Ledger", now: float):
        self.key, self._ledger = key, ledger
        self.requests = Bucket(ledger.burst, ledger.rate, now) if ledger.rate else None
        self.seconds = (Bucket(ledger.seconds_per_minute, ledger.seconds_per_minute / 60, now)
                        if ledger.seconds_per_minute else None)

    def charge(self, seconds: float) -> None:
        if self.seconds is not None:
            with self._ledger.lock:
                self.seconds.refill(time.monotonic())
                self.seconds.level -= seconds


class Ledger:
    """The accounts of all clients, from the settings' allowances (0: that limit is off)."""

    def __init__(self, rate: float, burst: float, seconds_per_minute: float):
        self.rate, self.burst, self.seconds_per_minute = rate, max(burst, 1.0), seconds_per_minute
        self.lock = threading.Lock()
        self._accounts: LRUCache = LRUCache(MAX_CLIENTS)

    def account(self, key: str) -> Account:
        with self.lock:
            found = self._accounts.get(key)
            if found is None:
                found = self._accounts[key] = Account(key, self, time.monotonic())
            return found

    def admit(self, account: Account) -> Refusal | None:
        """Take one request from the client's allowance, or say why not and for how long."""
        now = time.monotonic()
        with self.lock:
            if account.seconds is not None and account.seconds.refill(now) <= 0:
                wait = account.seconds.wait_for(min(1.0, self.seconds_per_minute))
                return Refusal(wait, (
                    f"This client has used its {self.seconds_per_minute:g} seconds of query time per minute. "
                    f"Try again in {wait} s; answers already computed (repeated requests) are still served."))
            if account.requests is not None:
                if account.requests.refill(now) < 1:
                    wait = account.requests.wait_for(1.0)
                    return Refusal(wait, (
                        f"This client sent more than {self.rate:g} requests per second that had to be computed. "
                        f"Try again in {wait} s, and send fewer at once."))
                account.requests.level -= 1
        return None
