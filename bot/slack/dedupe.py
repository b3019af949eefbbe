"""Remembering which Events API deliveries were already handled, so a re-sent event is not answered twice.

Slack re-sends an event (with `X-Slack-Retry-Num`) when it did not see our 200 in time;
the `event_id` stays the same. The first delivery to arrive claims the id; any later one
with the same id is acknowledged and dropped. A retry whose first delivery never reached
us finds no claim, so it is answered.

`EventDeduper` is the interface; `MemoryEventDeduper` keeps claims in this process for a
while (Slack retries for about an hour at most). A shared store (a database) can replace it
without touching the listeners.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

RETRY_WINDOW_SECONDS = 2 * 60 * 60
"""Slack retries three times within minutes; two hours is ample."""


class EventDeduper(Protocol):
    def claim(self, event_id: str) -> bool:
        """True for the first delivery of this event id (handle it); False for a repeat (drop it)."""
        ...

    def release(self, event_id: str) -> None:
        """Forget a claim whose handling failed before the ack, so Slack's retry is handled."""
        ...


class MemoryEventDeduper:
    """A thread-safe, size-bounded, expiring set of claimed event ids."""

    def __init__(
        self,
        ttl: float = RETRY_WINDOW_SECONDS,
        max_entries: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._claims: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, event_id: str) -> bool:
        now = self._clock()
        with self._lock:
            self._expire(now)
            if event_id in self._claims:
                return False
            self._claims[event_id] = now + self.ttl
            while len(self._claims) > self.max_entries:
                self._claims.popitem(last=False)
            return True

    def release(self, event_id: str) -> None:
        with self._lock:
            self._claims.pop(event_id, None)

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._claims)

    def _expire(self, now: float) -> None:
        while self._claims:
            oldest, expires = next(iter(self._claims.items()))
            if expires > now:
                return
            del self._claims[oldest]
